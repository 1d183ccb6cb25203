"""Sizing the model's context by measurement: evidence recall (and, with a model, answer accuracy and latency)
for each number of sentences, with and without neighbour windows and article titles."""

from __future__ import annotations

import itertools
import time
from typing import Any

from evals.data import Question
from evals.metrics import answer_matches, contains_answer, mean, percentile, resolve_choice
from rag.answer.prompts import render_sources
from rag.answer.service import QAService
from rag.answers import Ask
from rag.components import Components, build_components

SENTENCES = (3, 5, 8)
WINDOWS = (0, 1)
TITLES = (False, True)


def _config(c: Components, n: int, window: int, titles: bool, with_model: bool) -> Components:
    """The same parts with other answer settings; the embedder and a running chat model are shared."""
    answer = c.settings.answer.model_copy(update={"context_sentences": n, "window": window, "titles": titles})
    llm = c.chat.model if with_model else None
    return build_components(c.settings.model_copy(update={"answer": answer}), embedder=c.embedder, llm=llm)


def context_table(
    c: Components,
    questions: list[Question],
    with_model: bool,
    sentences: tuple[int, ...] = SENTENCES,
    windows: tuple[int, ...] = WINDOWS,
) -> list[dict[str, Any]]:
    """One row per (sentences, window, titles): evidence recall, prompt words, and with a model its answers.

    A grid narrower than the default keeps a model run affordable (~14 s per answer on 2 cores)."""
    hits = [c.qa.search(Ask.of(q.question, as_of=q.day)) for q in questions]
    rows = []
    for n, window, titles in itertools.product(sentences, windows, TITLES):
        variant = _config(c, n, window, titles, with_model)
        sources = [
            render_sources(variant.evidence.select(q.question, h).passages, titles) for q, h in zip(questions, hits, strict=True)
        ]
        row: dict[str, Any] = {"sentences": n, "window": window, "titles": titles}
        row["evidence_recall"] = mean([float(contains_answer(s, q.answer_text)) for s, q in zip(sources, questions, strict=True)])
        row["source_words"] = mean([float(len(s.split())) for s in sources])
        if with_model and titles:  # the model runs only where titles are on: they cost ~15 words and add recall
            row |= _answers(variant.qa, questions)
        rows.append(row)
    return rows


def _answers(service: QAService, questions: list[Question]) -> dict[str, Any]:
    correct, resolved, answered, seconds = [], [], [], []
    for q in questions:
        started = time.perf_counter()
        answer = service.answer(Ask.of(q.question, as_of=q.day))
        seconds.append(time.perf_counter() - started)
        correct.append(float(answer_matches(answer.answer, q.answer_text)))
        ok = answer.status == "answered" and resolve_choice(answer.answer, q.choices, q.question) == q.answer_index
        resolved.append(float(ok))
        answered.append(float(answer.status == "answered"))
    return {
        "answer_accuracy": mean(correct),
        "resolved_choice_accuracy": mean(resolved),
        "answered": mean(answered),
        "p50_s": percentile(seconds, 50),
        "p95_s": percentile(seconds, 95),
        # per question, in order ("1" right): two settings compared question by question, not only by their means
        "correct_by_question": "".join(str(int(x)) for x in correct),
    }
