"""Replaying refusal_confidence on one run's per-question rows (evals/refusals.py): pure logic, hand-made rows."""

from __future__ import annotations

from typing import Any

from evals.refusals import refusal_table


def _row(
    refusal_p: float | None, correct: float, cited: tuple[int, int], p_without: float | None, abstained: float
) -> dict[str, Any]:
    return {
        "refusal_p": refusal_p,
        "correct": correct,
        "resolved_choice": correct,
        "answered": 1.0,
        "false_abstention": 0.0,
        "gold_retrieved": True,
        "evidence_recall": 1.0,
        "citations": cited[0],
        "citations_in_gold": cited[1],
        "refusal_p_without_gold": p_without,
        "abstained_without_gold": abstained,
        "answer_elsewhere": 0.0,
    }


def test_a_refusal_stands_from_its_own_probability_up_and_is_overruled_below() -> None:
    rows = [
        # refused at 0.3, asked again: right, two citations in gold; without gold refused at 0.9, asked again: answered
        _row(0.3, 1.0, (2, 2), 0.9, 0.0),
        # answered at once, one citation outside gold; without gold it abstained by the evidence gate
        _row(None, 1.0, (1, 0), None, 1.0),
    ]
    never, middle, always = refusal_table(rows, [0.0, 0.5, 1.0])
    assert never["answer_accuracy"] == 0.5 and never["false_abstention"] == 0.5 and never["overruled"] == 0
    assert never["citation_precision"] == 0.0 and never["abstention_without_answer"] == 1.0  # both abstain
    assert middle["answer_accuracy"] == 1.0 and middle["false_abstention"] == 0.0 and middle["overruled"] == 1
    assert middle["abstention_without_gold"] == 1.0  # 0.9 >= 0.5: that refusal still stands
    assert always["abstention_without_gold"] == 0.5 and always["citation_precision"] == 2 / 3
    assert always["false_abstention_with_answer"] == 0.0 and always["answered"] == 1.0
