"""Retrieval quality per mode (dense, keyword, hybrid), with and without the question's date, and the evidence
scores abstention is calibrated on."""

from __future__ import annotations

from typing import Any

from evals.data import Question
from evals.metrics import hits_at, mean, percentile, reciprocal_rank
from rag.answer.evidence import EvidenceSelector
from rag.answers import Ask
from rag.search.retrieval import Retriever
from rag.settings import RetrievalSettings
from rag.types import Filters

DEPTH = 50  # chunks ranked per question; article metrics look at the distinct articles among them
UNAWARE = " (no as_of)"  # the row suffix for time-unaware retrieval


def retrieval_table(
    retriever: Retriever,
    settings: RetrievalSettings,
    questions: list[Question],
    ks: list[int],
    modes: list[str],
    time_aware: bool = True,
) -> dict[str, dict[str, float]]:
    """{mode: {hits@k..., mrr@10}}: as of each question's date, or (time_aware off) the way retrieval worked
    before it knew about time: no as_of, no window from time words, no recency prior."""
    table: dict[str, dict[str, float]] = {}
    for mode in modes:
        update: dict[str, Any] = {"mode": mode} | ({} if time_aware else {"time_words": False, "recency_weight": 0.0})
        by_mode = retriever.with_settings(settings.model_copy(update=update))
        rows: dict[str, list[float]] = {f"hits@{k}": [] for k in ks}
        rows["mrr@10"] = []
        for q in questions:
            ask = Ask.of(q.question, as_of=q.day if time_aware else None, top_k=DEPTH)
            ranked = [h.doc_id for h in by_mode.search(by_mode.question(ask)).hits]
            gold = set(q.gold_doc_ids)
            for k in ks:
                rows[f"hits@{k}"].append(hits_at(ranked, gold, k))
            rows["mrr@10"].append(reciprocal_rank(ranked, gold, 10))
        table[mode if time_aware else mode + UNAWARE] = {name: mean(values) for name, values in rows.items()}
    return table


def evidence_scores(retriever: Retriever, selector: EvidenceSelector, questions: list[Question]) -> dict[str, Any]:
    """Best evidence score per question with its gold articles present, and with them filtered out."""
    present: list[float] = []
    removed: list[float] = []
    for q in questions:
        for scores, filters in ((present, Filters()), (removed, Filters(exclude_doc_ids=tuple(q.gold_doc_ids)))):
            question = retriever.question(Ask.of(q.question, as_of=q.day, filters=filters))
            scores.append(selector.select(question.text, retriever.search(question)).best)
    summary = {f"p{p}": {"present": percentile(present, p), "removed": percentile(removed, p)} for p in (5, 10, 25, 50, 75, 90)}
    return {"present": present, "removed": removed, "percentiles": summary}
