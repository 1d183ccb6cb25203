"""Answerable questions worded differently from their article (evals/sets/paraphrases.jsonl): how many are refused,
and how many answers hold the answer. The dev articles they ask about are read from ../shared, never copied."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from evals.data import load_records, question_day, select_corpus
from evals.metrics import answer_matches, mean, percentile
from rag.answer.service import QAService
from rag.answers import Ask


@dataclass(frozen=True)
class Paraphrase:
    question: str
    answer_text: str
    gold_doc_ids: list[str]
    question_date: str
    corpus: str  # "seeds" (the seed article) or "realtimeqa" (a dev article)

    @property
    def day(self) -> date:
        return question_day(self.question_date)


def load_paraphrases(path: Path) -> list[Paraphrase]:
    return load_records(path, Paraphrase, "a paraphrase")


def write_dev_articles(questions: Sequence[Paraphrase], corpus: Path, out: Path) -> Path:
    """The dev articles the paraphrases ask about, as JSON lines in out (to ingest beside the seeds)."""
    wanted = {d for q in questions if q.corpus == "realtimeqa" for d in q.gold_doc_ids}
    out.write_text("".join(json.dumps(a) + "\n" for a in select_corpus(corpus, wanted, 0)), encoding="utf-8")
    return out


def score_paraphrases(service: QAService, questions: Sequence[Paraphrase]) -> dict[str, Any]:
    """Ask each paraphrase as of its date: the ones refused (not_in_corpus), answers holding the answer, latency."""
    abstained: list[float] = []
    holds: list[float] = []
    seconds: list[float] = []
    for q in questions:
        started = time.perf_counter()
        answer = service.answer(Ask.of(q.question, as_of=q.day))
        seconds.append(time.perf_counter() - started)
        abstained.append(float(answer.status == "not_in_corpus"))
        holds.append(float(answer_matches(answer.answer, q.answer_text)))
    return {
        "questions": len(questions),
        "false_abstention": mean(abstained),
        "holds_answer": mean(holds),
        "refused": [q.question for q, a in zip(questions, abstained, strict=True) if a],
        "p50_s": percentile(seconds, 50),
    }
