"""How articles and chunks are laid out as Chroma records (metadata keys, the article vector)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from rag.store.filters import published_ts
from rag.types import Article, ArticleInfo, Chunk, Hit

Metadata = dict[str, str | int | float | bool]
_AUTHOR_SEP = "; "


def clean(values: dict[str, Any]) -> Metadata:
    """Chroma metadata cannot hold None or empty values: leave them out."""
    return {k: v for k, v in values.items() if v is not None and v != ""}


def article_metadata(article: Article, n_chunks: int) -> Metadata:
    return clean(
        {
            "title": article.title,
            "url": article.url,
            "published_at": article.published_at,
            "published_ts": published_ts(article.published_at),
            "authors": _AUTHOR_SEP.join(article.authors),
            "source": article.source,
            "content_hash": article.content_hash,
            "n_chunks": n_chunks,
        }
    )


def chunk_metadata(article_meta: Metadata, chunk: Chunk) -> Metadata:
    meta = {k: v for k, v in article_meta.items() if k not in {"authors", "content_hash", "n_chunks"}}
    spans = ";".join(f"{s},{e}" for s, e in chunk.sentences)
    return {**meta, "doc_id": chunk.doc_id, "chunk": chunk.index, "start": chunk.start, "end": chunk.end, "sentences": spans}


def _spans(encoded: object) -> tuple[tuple[int, int], ...]:
    if not isinstance(encoded, str) or not encoded:
        return ()
    pairs = (part.split(",") for part in encoded.split(";"))
    return tuple((int(s), int(e)) for s, e in pairs)


def article_info(doc_id: str, meta: Mapping[str, Any]) -> ArticleInfo:
    authors = str(meta.get("authors", ""))
    return ArticleInfo(
        doc_id=doc_id,
        title=str(meta.get("title", "")),
        content_hash=str(meta.get("content_hash", "")),
        n_chunks=int(meta.get("n_chunks", 0)),
        url=meta.get("url"),
        published_at=meta.get("published_at"),
        authors=tuple(authors.split(_AUTHOR_SEP)) if authors else (),
        source=meta.get("source"),
    )


def mean_vector(vectors: Sequence[Sequence[float]]) -> np.ndarray[Any, np.dtype[np.float32]]:
    """The article's own vector (one row): the normalised mean of its chunk vectors."""
    mean = np.asarray(vectors, dtype=np.float32).mean(axis=0, keepdims=True)
    norm = float(np.linalg.norm(mean))
    return np.asarray(mean / norm if norm > 0 else mean, dtype=np.float32)


def chunk_hit(chunk_id: str, meta: Mapping[str, Any], text: str) -> Hit:
    return Hit(
        chunk_id=chunk_id,
        doc_id=str(meta["doc_id"]),
        start=int(meta["start"]),
        end=int(meta["end"]),
        text=text,
        title=str(meta.get("title", "")),
        url=meta.get("url"),
        published_at=meta.get("published_at"),
        score=0.0,
        sentences=_spans(meta.get("sentences")),
    )
