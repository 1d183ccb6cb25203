"""How articles and chunks are laid out as Chroma records (metadata keys, the article vector)."""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from rag.store.filters import published_ts
from rag.types import Article, ArticleInfo, EmbeddedChunk, Hit

Metadata = dict[str, str | int | float | bool]
LAYOUT = 3  # bump when what a record holds changes (2: sentence vectors, undated flag; 3: versions (rev))
_AUTHOR_SEP = "; "


def clean(values: dict[str, Any]) -> Metadata:
    """Chroma metadata cannot hold None or empty values: leave them out."""
    return {k: v for k, v in values.items() if v is not None and v != ""}


def _article_fields(article: Article, n_chunks: int) -> dict[str, Any]:
    return {
        "title": article.title,
        "url": article.url,
        "published_at": article.published_at,
        "published_ts": published_ts(article.published_at),
        "authors": _AUTHOR_SEP.join(article.authors) or None,
        "source": article.source,
        "content_hash": article.content_hash,
        "n_chunks": n_chunks,
    }


def article_metadata(article: Article, n_chunks: int) -> Metadata:
    """The article's fields as chunk metadata inherits them (empty ones left out)."""
    return clean(_article_fields(article, n_chunks))


def article_record(article: Article, n_chunks: int, rev: str) -> dict[str, Any]:
    """The article record that makes version rev the live one. Every key is written, absent ones as None:
    Chroma's upsert merges metadata, so a key the new version lacks must be removed explicitly."""
    fields = {k: (None if v == "" else v) for k, v in _article_fields(article, n_chunks).items()}
    return {**fields, "rev": rev, "cleanup": True}


def encode_vectors(vectors: Sequence[Sequence[float]]) -> str:
    """Unit vectors as int8 (x127), base64: ~4x smaller than float32, cosine error ~1e-3 (chunk metadata only
    holds scalars and strings)."""
    if not vectors:
        return ""
    quantised = np.clip(np.rint(np.asarray(vectors, dtype=np.float32) * 127.0), -127, 127).astype(np.int8)
    return base64.b64encode(quantised.tobytes()).decode("ascii")


def decode_vectors(data: bytes, rows: int) -> np.ndarray[Any, np.dtype[np.float32]]:
    """The vectors encode_vectors stored (raw bytes of one chunk), re-normalised; shape (rows, dim)."""
    if not data or rows == 0:
        return np.zeros((0, 0), dtype=np.float32)
    matrix = np.frombuffer(data, dtype=np.int8).astype(np.float32).reshape(rows, -1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.asarray(matrix / np.maximum(norms, 1e-12), dtype=np.float32)


def chunk_id(doc_id: str, rev: str, index: int) -> str:
    """Chunk ids carry the article version, so a new version never overwrites the chunks readers may be using."""
    return f"{doc_id}:{rev}:{index}"


def chunk_metadata(article_meta: Metadata, embedded: EmbeddedChunk, rev: str) -> Metadata:
    chunk = embedded.chunk
    meta = {k: v for k, v in article_meta.items() if k not in {"authors", "content_hash", "n_chunks"}}
    spans = ";".join(f"{s},{e}" for s, e in chunk.sentences)
    placement: Metadata = {"doc_id": chunk.doc_id, "rev": rev, "chunk": chunk.index, "start": chunk.start, "end": chunk.end}
    extra: Metadata = {"sentences": spans}
    if embedded.sentence_vectors:
        extra["sentence_vectors"] = encode_vectors(embedded.sentence_vectors)
    if "published_ts" not in meta:
        extra["undated"] = True  # time-frame bounds (as_of, "this week") let undated chunks through
    return {**meta, **placement, **extra}


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
        sentence_vectors=base64.b64decode(str(meta.get("sentence_vectors", ""))),
        rev=str(meta.get("rev", "")),
    )
