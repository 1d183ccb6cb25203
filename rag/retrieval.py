"""Dense (Chroma) + keyword (BM25) retrieval fused by reciprocal rank; hits are re-read from Chroma."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from rag.providers.embedder import Embedder
from rag.settings import RetrievalSettings
from rag.store.chroma import ChromaStore
from rag.store.keyword import KeywordIndex
from rag.types import Filters, Hit


@dataclass(frozen=True)
class Retrieval:
    """The ranked hits and the question's vector (reused to score evidence sentences)."""

    hits: list[Hit]
    query_vector: list[float]


def rrf(rankings: Sequence[Sequence[str]], k: int = 60) -> list[tuple[str, float]]:
    """Reciprocal-rank fusion: score(id) = sum over rankings of 1 / (k + rank), rank from 1."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


class Retriever:
    """search(question, k, filters): the top-k chunks by the configured mode."""

    def __init__(self, embedder: Embedder, store: ChromaStore, keyword: KeywordIndex, settings: RetrievalSettings) -> None:
        self._embedder = embedder
        self._store = store
        self._keyword = keyword
        self._settings = settings

    def with_settings(self, settings: RetrievalSettings) -> Retriever:
        """The same retriever with other settings (e.g. another mode, for evaluation)."""
        return Retriever(self._embedder, self._store, self._keyword, settings)

    def search(self, question: str, k: int | None = None, filters: Filters = Filters()) -> Retrieval:
        """The k best chunks (default retrieval.top_k), fused from the retrievers the mode names."""
        k = k or self._settings.top_k
        vector = self._embedder.embed([question])[0]
        mode, n = self._settings.mode, max(self._settings.candidates, k)
        dense = self._store.query(vector, n, filters) if mode != "keyword" else []
        keyword = self._keyword.search(question, n, filters) if mode != "dense" else []
        fused = rrf([[i for i, _ in dense], [i for i, _ in keyword]], self._settings.rrf_k)
        dense_scores, keyword_scores = dict(dense), dict(keyword)
        # over-fetch a little: ids from a stale keyword index may be gone from the store
        wanted = [i for i, _ in fused[: k + 5]]
        stored = self._store.get_chunks(wanted)
        hits = [
            replace(stored[i], score=score, dense_score=dense_scores.get(i), keyword_score=keyword_scores.get(i))
            for i, score in fused[: k + 5]
            if i in stored
        ]
        return Retrieval(hits[:k], vector)

    def article_texts(self, doc_ids: Sequence[str]) -> dict[str, str]:
        """The stored full text of each article that still exists (citations are checked against it)."""
        texts = {}
        for doc_id in dict.fromkeys(doc_ids):
            found = self._store.get_article(doc_id)
            if found is not None:
                texts[doc_id] = found[1]
        return texts
