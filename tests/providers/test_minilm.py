"""Fidelity of the torch-free ONNX graph against vectors computed once with sentence-transformers on torch."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from rag.providers.minilm import LocalMiniLM

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "minilm_reference.json"


def test_vectors_match_sentence_transformers(real_embedder: LocalMiniLM) -> None:
    items = json.loads(REFERENCE.read_text())["items"]
    got = np.asarray(real_embedder.embed([i["text"] for i in items]))
    want = np.asarray([i["vector"] for i in items])
    cosines = (got * want).sum(axis=1) / np.linalg.norm(got, axis=1) / np.linalg.norm(want, axis=1)
    assert cosines.min() >= 0.9999, cosines
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)


def test_batching_and_order_do_not_change_vectors(real_embedder: LocalMiniLM) -> None:
    texts = ["short", "a much longer sentence about the Russian delegation in Istanbul", "mid length text here"]
    together = np.asarray(real_embedder.embed(texts))
    alone = np.asarray([real_embedder.embed([t])[0] for t in texts])
    assert np.allclose(together, alone, atol=1e-5)
    assert real_embedder.embed([]) == []


def test_related_texts_rank_above_unrelated(real_embedder: LocalMiniLM) -> None:
    q, good, bad = real_embedder.embed(
        ["Who led the Russian delegation?", "Medinsky headed Russia's negotiators.", "Recipe for lemon cake."]
    )
    assert np.dot(q, good) > np.dot(q, bad) + 0.1
