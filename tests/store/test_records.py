"""How articles and chunks are laid out as Chroma records, and back."""

from __future__ import annotations

import base64

import numpy as np

from rag.store.records import (
    article_info,
    article_metadata,
    article_record,
    chunk_hit,
    chunk_metadata,
    decode_vectors,
    encode_vectors,
    mean_vector,
)
from rag.types import Article, Chunk, EmbeddedChunk

ARTICLE = Article(
    doc_id="d1", title="Bridge reopens", text="The bridge reopens. Repairs took two years.", content_hash="h",
    published_at="2024-03-05", authors=("Ann", "Bo"),
)  # fmt: skip


def test_article_round_trip_drops_empty_values() -> None:
    meta = article_metadata(ARTICLE, 2)
    assert "url" not in meta and "source" not in meta  # Chroma metadata cannot hold None
    info = article_info("d1", meta)
    assert info.authors == ("Ann", "Bo") and info.n_chunks == 2 and info.published_at == "2024-03-05"


def test_chunk_round_trip_keeps_offsets_sentences_and_vectors() -> None:
    chunk = Chunk("d1", 0, 0, 43, ARTICLE.text, ((0, 19), (20, 43)))
    vectors = [[0.6, 0.8, 0.0], [0.0, 0.0, 1.0]]
    meta = chunk_metadata(article_metadata(ARTICLE, 1), EmbeddedChunk(chunk, [1.0, 0.0, 0.0], vectors), "r1")
    assert "undated" not in meta
    hit = chunk_hit("d1:r1:0", meta, chunk.text)
    assert hit.rev == "r1"
    assert (hit.start, hit.end, hit.sentences, hit.title) == (0, 43, chunk.sentences, "Bridge reopens")
    decoded = decode_vectors(hit.sentence_vectors, len(hit.sentences))
    assert decoded.shape == (2, 3) and np.allclose(decoded, vectors, atol=0.01)
    assert np.allclose(np.linalg.norm(decoded, axis=1), 1.0)


def test_the_record_that_switches_versions_removes_keys_the_new_version_lacks() -> None:
    record = article_record(
        Article(doc_id="d1", title="T", text="Text.", content_hash="h2"), 1, "r2"
    )  # no url, date, authors or source now
    assert record["rev"] == "r2" and record["cleanup"] is True
    assert {k for k, v in record.items() if v is None} == {"url", "published_at", "published_ts", "authors", "source"}


def test_undated_chunks_are_flagged_for_the_time_frame() -> None:
    undated = Article(doc_id="d2", title="T", text="Text.", content_hash="h")
    meta = chunk_metadata(article_metadata(undated, 1), EmbeddedChunk(Chunk("d2", 0, 0, 5, "Text.", ((0, 5),)), [1.0], []), "r")
    assert meta["undated"] is True and "published_ts" not in meta and "sentence_vectors" not in meta


def test_vector_codec_and_mean_vector() -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(5, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    back = decode_vectors(base64.b64decode(encode_vectors(vectors.tolist())), 5)
    assert float((back * vectors).sum(axis=1).min()) > 0.998  # int8 keeps the cosine to ~1e-3
    assert encode_vectors([]) == "" and decode_vectors(b"", 0).shape == (0, 0)
    assert np.isclose(float(np.linalg.norm(mean_vector(vectors.tolist()))), 1.0)
