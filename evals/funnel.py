"""Where a question's answer is lost on its way to the reader (pure): whether its words stand in the question's own
articles (the gold ones, else the search results it came with), in the chunks read, in the candidate sentences, in
the sentences given to the model, and in the answer. The instrument for the evidence work: each stage's rate over all
questions, over those whose own articles hold the answer, and by answer type."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TypedDict

from evals.metrics import answer_matches, mean
from rag.answer.candidates import candidates
from rag.answers import Answer
from rag.text.places import wanted_place
from rag.text.question_types import expected_type

STAGES = ("in_sources", "in_read", "in_candidates", "in_given", "in_answer")


@dataclass(frozen=True)
class Funnel:
    """One question: is the gold answer in its own articles, the chunks read, the candidate sentences (the chunks'
    sentences the selector may choose), the sentences given to the model, the answer."""

    in_sources: bool
    in_read: bool
    in_candidates: bool
    in_given: bool
    in_answer: bool


def funnel(gold: str, sources: Sequence[str], answer: Answer) -> Funnel:
    trace = answer.trace
    read = " ".join(h.text for h in trace.hits)
    pool = " ".join(c.quote for c in candidates(trace.hits))
    given = " ".join(p.quote for p in trace.evidence)
    return Funnel(
        in_sources=any(answer_matches(text, gold) for text in sources),
        in_read=answer_matches(read, gold),
        in_candidates=answer_matches(pool, gold),
        in_given=answer_matches(given, gold),
        in_answer=answer.status == "answered" and answer_matches(answer.answer, gold),
    )


def answer_kind(question: str) -> str:
    """The kind of answer a question asks for, as the funnel splits questions: place (which country, US state or
    city), else number, date, name, or other."""
    return "place" if wanted_place(question) else expected_type(question) or "other"


def _rates(rows: Sequence[Funnel]) -> dict[str, float]:
    return {"questions": float(len(rows))} | {stage: mean([float(getattr(r, stage)) for r in rows]) for stage in STAGES}


class FunnelTable(TypedDict):
    """Each stage's rate: over all questions, over those whose own articles hold the answer, per answer type."""

    all: dict[str, float]
    answer_in_sources: dict[str, float]
    by_type: dict[str, dict[str, float]]


def funnel_table(rows: Sequence[Funnel], kinds: Sequence[str]) -> FunnelTable:
    """Each stage's rate over all questions, over those whose own articles hold the answer, and by answer type."""
    held = [r for r in rows if r.in_sources]
    by_type = {kind: _rates([r for r, k in zip(rows, kinds, strict=True) if k == kind]) for kind in sorted(set(kinds))}
    return {"all": _rates(rows), "answer_in_sources": _rates(held), "by_type": by_type}


def as_row(f: Funnel) -> dict[str, bool]:
    return asdict(f)
