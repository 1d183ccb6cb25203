"""Articles -> chunks -> vectors -> store, for a batch; unchanged articles cost nothing. Shared by the ingest
job and POST /v1/documents, so both follow the same identity and replacement rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rag.chunking import chunk_text
from rag.embeddings import Embedder
from rag.settings import ChunkSettings
from rag.store import ChromaStore
from rag.tokens import TokenCounter
from rag.types import Article, Chunk


@dataclass(frozen=True)
class Indexed:
    """What happened to one article: added, replaced or unchanged, and how many chunks it now has."""

    article: Article
    kind: str
    chunks: int


def embedding_text(article: Article, chunk: Chunk) -> str:
    """What the embedder sees: the title gives every chunk its topic (+4 points Hits@1 on the dev split)."""
    return f"{article.title}\n{chunk.text}"


class Indexer:
    def __init__(self, store: ChromaStore, embedder: Embedder, count_tokens: TokenCounter, chunking: ChunkSettings) -> None:
        self._store = store
        self._embedder = embedder
        self._count_tokens = count_tokens
        self._chunking = chunking

    def chunks(self, article: Article) -> list[Chunk]:
        return chunk_text(
            article.doc_id, article.text, self._count_tokens, self._chunking.max_tokens, self._chunking.overlap_tokens
        )

    def index(self, articles: Sequence[Article]) -> list[Indexed]:
        """Store a batch with distinct doc_ids; one embedding call for all their new chunks."""
        stored = self._store.content_hashes([a.doc_id for a in articles])
        results: list[Indexed] = []
        todo: list[tuple[Article, list[Chunk]]] = []
        for article in articles:
            if stored.get(article.doc_id) == article.content_hash:
                results.append(Indexed(article, "unchanged", 0))
            else:
                todo.append((article, self.chunks(article)))
        vectors = self._embedder.embed([embedding_text(a, c) for a, chunks in todo for c in chunks])
        batch, offset = [], 0
        for article, chunks in todo:
            batch.append((article, chunks, vectors[offset : offset + len(chunks)]))
            offset += len(chunks)
        self._store.replace_articles(batch)  # one batched write: per-article calls cost 45 s per 300 articles
        results.extend(Indexed(a, "replaced" if a.doc_id in stored else "added", len(c)) for a, c, _ in batch)
        return results
