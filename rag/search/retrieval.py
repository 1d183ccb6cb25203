"""Dense (Chroma) + keyword (BM25) retrieval fused by reciprocal rank, inside the question's time frame, with a
recency prior; hits are re-read from Chroma. How a filtered dense query is planned lives in rag/store/dense.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from rag.answers import Ask, Question, TimeFrame
from rag.providers.embedder import Embedder
from rag.search.timeframe import time_frame
from rag.settings import RetrievalSettings
from rag.store.chroma import ChromaStore
from rag.store.dense import DenseSearch
from rag.store.keyword_sync import KeywordSearch
from rag.types import Hit


@dataclass(frozen=True)
class Retrieval:
    """The ranked hits, and the question's vector (reused to score evidence sentences)."""

    hits: list[Hit]
    query_vector: list[float]


def rrf(rankings: Sequence[Sequence[str]], k: int = 60) -> list[tuple[str, float]]:
    """Reciprocal-rank fusion: score(id) = sum over rankings of 1 / (k + rank), rank from 1."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1 / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


def recency_decay(ids: Sequence[str], published: Sequence[float | None], as_of: float, half_life_days: float) -> dict[str, float]:
    """{id: 0.5 ** (age / half_life_days)}, age counted from the candidate nearest to as_of; undated ones are left
    out (no boost).

    Age from the nearest candidate, not from as_of itself, so an old corpus asked "now" still gets a prior. A decay
    in days, not a rank: a week-old and a same-day article of one news week stay close (0.85 at a 30-day
    half-life) while a four-month-old one that happens to match the words falls well behind. The rank prior it
    replaced spread every candidate evenly, so a 14-month-old article ranked 1st by both retrievers beat the
    right one of the same week (dev Hits@1 0.842 -> 0.878: docs/benchmarks-notes.md).
    """
    distance = {i: abs(as_of - p) for i, p in zip(ids, published, strict=True) if p is not None}
    nearest = min(distance.values(), default=0.0)
    return {i: 0.5 ** ((d - nearest) / (half_life_days * 86_400)) for i, d in distance.items()}


def with_prior(fused: Sequence[tuple[str, float]], prior: dict[str, float], scale: float) -> list[tuple[str, float]]:
    """Fused scores plus scale x each id's prior (0 for ids without one), best first, ties by id."""
    scored = ((i, score + scale * prior.get(i, 0.0)) for i, score in fused)
    return sorted(scored, key=lambda kv: (-kv[1], kv[0]))


class Retriever:
    """question(ask) frames a question; search(question) gives its top-k chunks by the configured mode."""

    def __init__(self, embedder: Embedder, store: ChromaStore, keyword: KeywordSearch, settings: RetrievalSettings) -> None:
        self._embedder = embedder
        self._store = store
        self._keyword = keyword
        self._dense = DenseSearch(store, keyword)
        self._settings = settings

    def with_settings(self, settings: RetrievalSettings) -> Retriever:
        """The same retriever with other settings (e.g. another mode, for evaluation)."""
        return Retriever(self._embedder, self._store, self._keyword, settings)

    def question(self, ask: Ask, text: str | None = None) -> Question:
        """The question to answer: text (the ask's own words unless a rewrite is given) in the time frame its words
        name (retrieval.time_words), ending at the ask's as_of."""
        said = (ask.question if text is None else text).strip()
        frame = time_frame(said, ask.as_of) if self._settings.time_words else TimeFrame(ask.as_of)
        return Question(said, frame, ask)

    def search(self, question: Question) -> Retrieval:
        """The best chunks (ask.top_k, default retrieval.top_k) published by as_of, inside the question's time frame,
        fused from the retrievers the mode names plus the recency prior."""
        k, bounded = question.ask.top_k or self._settings.top_k, question.bounded()
        vector = self._embedder.embed([question.text])[0]
        mode, n = self._settings.mode, max(self._settings.candidates, k)
        dense = self._dense.nearest(vector, n, bounded) if mode != "keyword" else []
        keyword = self._keyword.search(question.text, n, bounded) if mode != "dense" else []
        fused = self._fuse([i for i, _ in dense], [i for i, _ in keyword], question.frame)
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

    def _fuse(self, dense: list[str], keyword: list[str], frame: TimeFrame) -> list[tuple[str, float]]:
        settings = self._settings
        fused = rrf([dense, keyword], settings.rrf_k)
        if settings.recency_weight <= 0:
            return fused
        ids = [i for i, _ in fused]
        decay = recency_decay(ids, self._keyword.published(ids), frame.as_of.timestamp(), settings.recency_half_life_days)
        # at weight 1 the nearest candidate gains what rank 1 of one retriever gives
        return with_prior(fused, decay, settings.recency_weight / (settings.rrf_k + 1))

    def latest_before(self, question: Question, moment: datetime) -> str | None:
        """The date (ISO) of the latest article published before moment among the question's ten best keyword
        matches, the reader's filters kept and its time words ignored: what an abstention can say exists outside
        the window ("nothing from that week; the latest is from April")."""
        bounded = replace(question.ask.filters, not_before=None, not_after=moment)
        ids = [i for i, _ in self._keyword.search(question.text, 10, bounded)]
        dates = [p for p in self._keyword.published(ids) if p is not None]
        return datetime.fromtimestamp(max(dates), UTC).date().isoformat() if dates else None

    def openings(self, question: Question, limit: int) -> list[Hit]:
        """The first chunk of each of the newest `limit` dated articles inside the question's frame and filters
        (an undated article is in no week), newest first: what a bare time question ("What happened this week?")
        reads. One read of the article records, then one of `limit` chunks, however many the window holds."""
        infos = [a for a in self._store.matching_articles(question.bounded(), newest=True) if a.published_at][:limit]
        first = {doc_id: ids[0] for doc_id, _, ids in self._store.live_chunks([a.doc_id for a in infos]) if ids}
        stored = self._store.get_chunks(list(first.values()))
        return [stored[first[a.doc_id]] for a in infos if a.doc_id in first and first[a.doc_id] in stored]

    def latest_published(self, question: Question, moment: datetime) -> str | None:
        """The date (ISO) of the latest dated article published before moment, the reader's filters kept: what a
        bare time question's abstention names ("nothing this week; the latest article is from April")."""
        bounded = replace(question.ask.filters, not_before=None, not_after=moment)
        dated = [a.published_at for a in self._store.matching_articles(bounded, newest=True) if a.published_at]
        return dated[0][:10] if dated else None

    def generation(self) -> str:
        """The store's write generation: changes on every write by any process (kept answers compare it)."""
        return self._store.generation()

    def article_texts(self, doc_ids: Sequence[str]) -> dict[str, str]:
        """The stored full text of each article that still exists (citations are checked against it)."""
        texts = {}
        for doc_id in dict.fromkeys(doc_ids):
            found = self._store.get_article(doc_id)
            if found is not None:
                texts[doc_id] = found[1]
        return texts
