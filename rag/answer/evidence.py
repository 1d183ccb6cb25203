"""From retrieved chunks to the few source sentences an answer is built from.

Every sentence of the chunks read is a candidate (rag/answer/candidates.py); its vector was stored at ingest, so
scoring many is a dot product while the prompt stays within its budget (answer.context_sentences, or
answer.context_chars characters). Two scores are kept per sentence. The hand-set one (relevance: cosine and word
overlap with the question, the rank of its chunk; a value of the wanted type the question lacks; a relevant
neighbour) is what passages carry and confidence reads. The choice is made by the fitted ranker
(rag/answer/ranking.py: it learned to find the answer rather than the echo of the question, and to prefer the newest
article) unless answer.choice is "hand". The best become anchors; each brings its neighbours (answer.window), so the
model sees sentences in context.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from rag.answer.candidates import Candidate, Links, Vectors, candidates, follows, neighbours
from rag.answer.choosing import LENGTH_PENALTY, choose
from rag.answer.ranking import FEATURES, Matrix, Ranker, Sentence, features
from rag.answers import Passage
from rag.providers.embedder import Embedder
from rag.search.retrieval import Retrieval
from rag.settings import AnswerSettings
from rag.text.question_types import expected_type, names, offers_answer
from rag.text.words import word_overlap

_RANK_PRIOR = 0.15  # how much the rank of the sentence's chunk counts


@dataclass(frozen=True)
class Evidence:
    """Numbered passages in prompt order (grouped by article), the best relevance among all candidates, and what
    chose each passage (the ranker's score, in passage order; empty: the passages' own hand-set scores)."""

    passages: list[Passage]
    best: float = 0.0
    choice: tuple[float, ...] = ()

    def _chosen(self, p: Passage) -> float:
        return self.choice[p.n - 1] if self.choice else p.score

    @property
    def top(self) -> Passage:
        """The passage most likely to hold the answer, by what chose it."""
        return max(self.passages, key=self._chosen)

    def window(self) -> list[Passage]:
        """The extractive answer: the top passage and, when the evidence holds a sentence right before or after it in
        its article, the better of those two, in text order. The sentence that matches a question often only echoes
        it; the one next to it names the answer."""
        top = self.top
        beside = [p for p in self.passages if p.doc_id == top.doc_id and (follows(top.end, p.start) or follows(p.end, top.start))]
        chosen = [top, max(beside, key=self._chosen)] if beside else [top]
        return sorted(chosen, key=lambda p: p.start)


@dataclass(frozen=True)
class Pool:
    """Every candidate sentence of a retrieval, with what choosing among them reads: each one's hand score (relevance,
    the chunk's rank, the wanted type, its neighbours: the score passages carry and confidence reads), the ranker's
    features, and which candidates are neighbours."""

    cands: list[Candidate]
    relevance: list[tuple[float, float]]
    hand: list[float]
    rows: Matrix
    links: Links


class EvidenceSelector:
    """Chooses the context sentences for a question, and scores answer claims against them. The ranker decides which
    sentences are chosen (rag/answer/ranking.py); None leaves that to the hand-set score too."""

    def __init__(self, embedder: Embedder, settings: AnswerSettings, ranker: Ranker | None = None) -> None:
        self._embedder = embedder
        self._settings = settings
        self._ranker = ranker

    def select(self, question: str, retrieval: Retrieval, as_of: datetime | None = None) -> Evidence:
        """The best sentences (each with up to answer.window neighbours): answer.context_sentences of them, or as many as
        fit answer.context_chars."""
        pool = self.pool(question, retrieval, as_of)
        if not pool.cands:
            return Evidence([])
        ranked = self._ranker.scores(pool.rows) if self._ranker is not None else None
        penalty = LENGTH_PENALTY if ranked is not None else 0.0  # a length penalty fits log-odds, not the hand-set score
        chosen = choose(ranked or pool.hand, pool.cands, pool.links, self._settings, penalty)
        passages = _numbered(pool.cands, chosen, pool.hand)
        choice = tuple(ranked[i] for i in _in_prompt_order(pool.cands, chosen)) if ranked else ()
        return Evidence(passages, best=max(r for r, _ in pool.relevance), choice=choice)

    def pool(self, question: str, retrieval: Retrieval, as_of: datetime | None = None) -> Pool:
        """The candidates of a retrieval with their scores and features (bench/tune/evidence_ranker.py fits on it)."""
        cands = candidates(retrieval.hits)
        if not cands:
            return Pool([], [], [], np.zeros((0, len(FEATURES))), [])
        cosines = (self._vectors(cands) @ np.asarray(retrieval.query_vector, dtype=np.float32)).tolist()
        relevance = [_relevance(question, c, cos) for c, cos in zip(cands, cosines, strict=True)]
        links = neighbours(cands)
        sentences = [
            Sentence(c.quote, c.hit.doc_id, c.hit.title, c.hit.published_at, c.start, c.hit_rank, cos, rel[0], *link)
            for c, cos, rel, link in zip(cands, cosines, relevance, links, strict=True)
        ]
        rows = features(question, as_of, sentences)
        return Pool(cands, relevance, self._scores(question, cands, relevance, links), rows, links)

    def _vectors(self, cands: list[Candidate]) -> Vectors:
        # chunks stored without sentence vectors (or fakes in tests) are embedded here instead
        missing = [i for i, c in enumerate(cands) if c.vector is None]
        fresh = iter(self._embedder.embed([cands[i].quote for i in missing]) if missing else [])
        rows = [c.vector if c.vector is not None else np.asarray(next(fresh), dtype=np.float32) for c in cands]
        return np.vstack(rows).astype(np.float32)

    def _scores(
        self,
        question: str,
        cands: list[Candidate],
        relevance: list[tuple[float, float]],
        links: Links,
    ) -> list[float]:
        s, kind = self._settings, expected_type(question)
        known = set().union(*(names(c.quote) for c in cands)) if kind == "name" else set()
        scores = []
        for i, c in enumerate(cands):
            near = max((relevance[j][1] for j in links[i] if j is not None), default=0.0)
            bonus = s.answer_type_bonus if offers_answer(question, c.quote, kind, known) else 0.0
            scores.append(relevance[i][1] + bonus + s.neighbour_weight * near)
        return scores

    def passage_vectors(self, evidence: Evidence) -> Vectors:
        """The passages embedded on their own (as answer claims are), once per answer."""
        if not evidence.passages:
            return np.zeros((0, 0), dtype=np.float32)
        return np.asarray(self._embedder.embed([p.quote for p in evidence.passages]), dtype=np.float32)

    def claim_cosines(self, claims: list[str], passage_vectors: Vectors) -> list[list[float]]:
        """cosines[i][j]: similarity of claims[i] and passage j."""
        if not claims:
            return []
        if passage_vectors.shape[0] == 0:
            return [[] for _ in claims]
        vectors = np.asarray(self._embedder.embed(claims), dtype=np.float32)
        return (vectors @ passage_vectors.T).tolist()  # type: ignore[no-any-return]


def _relevance(question: str, c: Candidate, cosine: float) -> tuple[float, float]:
    """(0.5 cosine + 0.5 word overlap, that plus the chunk-rank prior)."""
    base = 0.5 * cosine + 0.5 * word_overlap(question, c.quote)
    return base, base + _RANK_PRIOR / (1 + c.hit_rank)


def _in_prompt_order(cands: list[Candidate], chosen: list[int]) -> list[int]:
    """Chosen sentences grouped by article (articles in the order they were first chosen), in text order."""
    articles = list(dict.fromkeys(cands[i].hit.doc_id for i in chosen))
    return sorted(chosen, key=lambda i: (articles.index(cands[i].hit.doc_id), cands[i].start))


def _numbered(cands: list[Candidate], chosen: list[int], scores: list[float]) -> list[Passage]:
    """The chosen sentences as passages numbered in prompt order, each with its hand-set score."""
    passages = []
    for n, i in enumerate(_in_prompt_order(cands, chosen), start=1):
        c = cands[i]
        hit = c.hit
        passages.append(
            Passage(
                doc_id=hit.doc_id,
                title=hit.title,
                url=hit.url,
                published_at=hit.published_at,
                start=c.start,
                end=c.end,
                quote=c.quote,
                n=n,
                score=scores[i],
            )
        )
    return passages
