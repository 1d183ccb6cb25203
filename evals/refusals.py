"""Replay answer.refusal_confidence on one eval run instead of one run per threshold (each takes most of an hour).

A run made with refusal_confidence=1 asked every refusal the model opened with (probability p < 1) once more, and
its per-question rows record p and what the second reply scored. At a threshold t, a refusal with p >= t stands
(the question is not_in_corpus: nothing right, nothing cited, a false abstention where gold was retrieved) and one
with p < t keeps the run's outcome; questions the model did not refuse are the same at every threshold. Greedy
decoding makes the first reply the same with or without the second, so the replay is what a run at t would give.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from evals.metrics import mean

Row = Mapping[str, Any]


def _stands(p: float | None, threshold: float) -> bool:
    return p is not None and p >= threshold


def replay(rows: Sequence[Row], threshold: float) -> dict[str, float]:
    """The answer metrics the run's rows give at this refusal_confidence (0: every refusal stands)."""
    correct, resolved, answered, false_abst, with_answer = [], [], [], [], []
    cited = in_gold = overruled = 0
    abst_wo_gold, abst_wo_answer = [], []
    for r in rows:
        stands = _stands(r["refusal_p"], threshold)
        overruled += int(r["refusal_p"] is not None and not stands)
        correct.append(0.0 if stands else r["correct"])
        resolved.append(0.0 if stands else r["resolved_choice"])
        answered.append(0.0 if stands else r["answered"])
        false = float(r["gold_retrieved"]) if stands else r["false_abstention"]
        false_abst.append(false)
        if r["evidence_recall"]:
            with_answer.append(false)
        if not stands:
            cited, in_gold = cited + r["citations"], in_gold + r["citations_in_gold"]
        if "abstained_without_gold" in r:
            abstained = 1.0 if _stands(r["refusal_p_without_gold"], threshold) else r["abstained_without_gold"]
            abst_wo_gold.append(abstained)
            if not r["answer_elsewhere"]:
                abst_wo_answer.append(abstained)
    return {
        "refusal_confidence": threshold,
        "answer_accuracy": mean(correct),
        "resolved_choice_accuracy": mean(resolved),
        "answered": mean(answered),
        "false_abstention": mean(false_abst),
        "false_abstention_with_answer": mean(with_answer),
        "citation_precision": in_gold / cited if cited else 0.0,
        "abstention_without_gold": mean(abst_wo_gold),
        "abstention_without_answer": mean(abst_wo_answer),
        "overruled": float(overruled),
    }


def refusal_table(rows: Sequence[Row], thresholds: Sequence[float]) -> list[dict[str, float]]:
    """One replayed row per threshold."""
    return [replay(rows, t) for t in thresholds]
