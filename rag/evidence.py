"""From retrieved chunks to the few source sentences that answer the question.

Sentences are cut from each chunk with offsets by construction (chunk.start + sentence offset), so every
passage quote is article_text[start:end]. Word overlap picks a pool cheaply; the embedder re-scores it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from rag.lexical import content_tokens, word_overlap
from rag.providers.embedder import Embedder
from rag.retrieval import Retrieval, Retriever
from rag.sentences import sentence_spans
from rag.settings import AnswerSettings
from rag.types import Filters, Hit, Passage

_RANK_PRIOR = 0.15  # how much the chunk's retrieval rank counts when pre-selecting sentences

Vectors = np.ndarray[Any, np.dtype[np.float32]]


@dataclass(frozen=True)
class Candidate:
    """One sentence of a retrieved chunk, with article offsets."""

    hit: Hit
    hit_rank: int
    start: int
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
    """Word overlap with the question, nudged by the rank of the chunk the sentence came from."""
    return word_overlap(question, candidate.quote) + _RANK_PRIOR / (1 + candidate.hit_rank)


@dataclass(frozen=True)
class Evidence:
    """Numbered passages, best first, and their unit vectors (row i belongs to passages[i])."""

    passages: list[Passage]
    vectors: Vectors

    @property
    def best(self) -> float:
        return self.passages[0].score if self.passages else 0.0


def _passage(n: int, c: Candidate, score: float) -> Passage:
    return Passage(n, c.hit.doc_id, c.hit.title, c.hit.url, c.hit.published_at, c.start, c.end, c.quote, score)


class EvidenceSelector:
    """Chooses the context sentences for a question, and scores answer claims against them."""

    def __init__(self, embedder: Embedder, settings: AnswerSettings) -> None:
        self._embedder = embedder
        self._settings = settings

    def select(self, question: str, retrieval: Retrieval) -> Evidence:
        """The best sentences by 0.5 cosine + 0.5 word overlap, numbered 1..answer.context_sentences."""
        pool, keep = self._settings.rerank_pool, self._settings.context_sentences
        cands = sorted(candidates(retrieval.hits), key=lambda c: -lexical_score(question, c))[:pool]
        if not cands:
            return Evidence([], np.zeros((0, len(retrieval.query_vector)), dtype=np.float32))
        vectors = np.asarray(self._embedder.embed([c.quote for c in cands]), dtype=np.float32)
        cosines = vectors @ np.asarray(retrieval.query_vector, dtype=np.float32)
        scores = [0.5 * float(cos) + 0.5 * word_overlap(question, c.quote) for cos, c in zip(cosines, cands, strict=True)]
        order = sorted(range(len(cands)), key=lambda i: -scores[i])[:keep]
        return Evidence([_passage(n, cands[i], scores[i]) for n, i in enumerate(order, start=1)], vectors[order])

    def cosines(self, claims: list[str], evidence: Evidence) -> list[list[float]]:
        """cosines[i][j]: similarity of claims[i] and evidence.passages[j]."""
        if not claims:
            return []
        vectors = np.asarray(self._embedder.embed(claims), dtype=np.float32)
        return (vectors @ evidence.vectors.T).tolist()  # type: ignore[no-any-return]


def find_evidence(
    retriever: Retriever, selector: EvidenceSelector, question: str, top_k: int | None = None, filters: Filters = Filters()
) -> Evidence:
    """Retrieve, then select: the numbered sentences an answer would be given."""
    return selector.select(question, retriever.search(question, top_k, filters))
