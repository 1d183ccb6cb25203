"""From retrieved chunks to the few source sentences that answer the question.

Sentences are cut from each chunk with offsets by construction (chunk.start + sentence offset), so every
passage quote is article_text[start:end]. Word overlap picks a pool cheaply; the embedder re-scores it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from rag.embeddings import Embedder
from rag.overlap import content_tokens, overlap
from rag.sentences import sentence_spans
from rag.types import Hit, Passage

_RANK_PRIOR = 0.15  # how much the chunk's retrieval rank counts when pre-selecting sentences


@dataclass(frozen=True)
class Candidate:
    hit: Hit
    hit_rank: int
    start: int  # article offsets
    end: int
    quote: str


def candidates(hits: Sequence[Hit]) -> list[Candidate]:
    """Every sentence of every hit, once (overlapping chunks repeat sentences), in hit order."""
    seen: set[tuple[str, int, int]] = set()
    out: list[Candidate] = []
    for rank, hit in enumerate(hits):
        for s, e in hit.sentences or sentence_spans(hit.text):
            key = (hit.doc_id, hit.start + s, hit.start + e)
            if key not in seen and content_tokens(hit.text[s:e]):
                seen.add(key)
                out.append(Candidate(hit, rank, hit.start + s, hit.start + e, hit.text[s:e]))
    return out


def lexical_score(question: str, candidate: Candidate) -> float:
    return overlap(question, candidate.quote) + _RANK_PRIOR / (1 + candidate.hit_rank)


@dataclass(frozen=True)
class Evidence:
    """Numbered passages, best first, and their unit vectors (row i belongs to passages[i])."""

    passages: list[Passage]
    vectors: np.ndarray[Any, np.dtype[np.float32]]

    @property
    def best(self) -> float:
        return self.passages[0].score if self.passages else 0.0


def select_evidence(
    question: str, query_vector: Sequence[float], hits: Sequence[Hit], embedder: Embedder, pool: int, keep: int
) -> Evidence:
    """The `keep` best sentences by 0.5 cosine + 0.5 word overlap, numbered 1..keep."""
    cands = sorted(candidates(hits), key=lambda c: -lexical_score(question, c))[:pool]
    if not cands:
        return Evidence([], np.zeros((0, len(query_vector)), dtype=np.float32))
    vectors = np.asarray(embedder.embed([c.quote for c in cands]), dtype=np.float32)
    cosines = vectors @ np.asarray(query_vector, dtype=np.float32)
    scores = [0.5 * float(cos) + 0.5 * overlap(question, c.quote) for cos, c in zip(cosines, cands, strict=True)]
    order = sorted(range(len(cands)), key=lambda i: -scores[i])[:keep]
    passages = [
        Passage(
            n,
            cands[i].hit.doc_id,
            cands[i].hit.title,
            cands[i].hit.url,
            cands[i].hit.published_at,
            cands[i].start,
            cands[i].end,
            cands[i].quote,
            scores[i],
        )
        for n, i in enumerate(order, start=1)
    ]
    return Evidence(passages, vectors[order])
