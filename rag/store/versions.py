"""Atomic article replacement in three steps, so readers only ever see one whole version of an article.

1. The new version's chunks are added under a new rev (chunk ids carry it); no record points at them yet.
2. The article record is upserted with rev = the new one: this single record write is the switch.
3. Chunks of any other rev of those articles are deleted; then the record's cleanup flag is cleared.

Readers keep a chunk only when its rev is the one its article record names (ChromaStore.get_chunks), so a
kill at any point leaves either the old version or the new one whole: before 2 the new chunks are orphans
no record names (step 3 of the next write removes them); after 2 the old chunks are leftovers, removed by
the next write, or by the next ingest of the unchanged article, which sees the cleanup flag still set.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import numpy as np

from rag.store.records import article_metadata, article_record, chunk_id, chunk_metadata, mean_vector
from rag.types import Article, EmbeddedChunk


class Collection(Protocol):
    """The calls these steps make of a Chroma collection (chroma.py hands its own in: the one chromadb import)."""

    def add(self, *, ids: Any, embeddings: Any, documents: Any, metadatas: Any) -> object: ...

    def upsert(self, *, ids: Any, embeddings: Any, documents: Any, metadatas: Any) -> object: ...

    def update(self, *, ids: Any, metadatas: Any) -> object: ...

    def delete(self, *, where: Any) -> object: ...


def new_rev() -> str:
    return uuid.uuid4().hex[:12]


def add_chunks(
    chunks: Collection, items: Sequence[tuple[Article, Sequence[EmbeddedChunk]]], revs: Mapping[str, str], batch: int
) -> None:
    """Step 1: every chunk of every new version, in batches of the store's maximum size."""
    rows: list[tuple[str, EmbeddedChunk, dict[str, Any]]] = []
    for article, embedded in items:
        meta, rev = article_metadata(article, len(embedded)), revs[article.doc_id]
        rows.extend((rev, c, chunk_metadata(meta, c, rev)) for c in embedded)
    for lo in range(0, len(rows), batch):
        part = rows[lo : lo + batch]
        chunks.add(
            ids=[chunk_id(c.chunk.doc_id, rev, c.chunk.index) for rev, c, _ in part],
            embeddings=np.asarray([c.vector for _, c, _ in part], dtype=np.float32),
            documents=[c.chunk.text for _, c, _ in part],
            metadatas=[m for _, _, m in part],
        )


def switch_records(
    articles: Collection, items: Sequence[tuple[Article, Sequence[EmbeddedChunk]]], revs: Mapping[str, str]
) -> None:
    """Step 2: one upsert makes each new version the live one."""
    articles.upsert(
        ids=[a.doc_id for a, _ in items],
        embeddings=np.vstack([mean_vector([c.vector for c in embedded]) for _, embedded in items]),
        documents=[a.text for a, _ in items],
        metadatas=[article_record(a, len(embedded), revs[a.doc_id]) for a, embedded in items],
    )


def stale_clause(revs: Mapping[str, str]) -> dict[str, Any]:
    """Chunks of these articles whose rev is not the live one (chunks without a rev count as stale)."""
    parts = [{"$and": [{"doc_id": doc_id}, {"rev": {"$ne": rev}}]} for doc_id, rev in revs.items()]
    return parts[0] if len(parts) == 1 else {"$or": parts}


def remove_stale(chunks: Collection, articles: Collection, revs: Mapping[str, str]) -> None:
    """Step 3: old versions' chunks out, then the records say no cleanup is left (None removes the key)."""
    if not revs:
        return
    chunks.delete(where=stale_clause(revs))
    articles.update(ids=list(revs), metadatas=[{"cleanup": None} for _ in revs])
