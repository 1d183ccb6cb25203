"""Confidence metrics on hand-made cases: a wrong ECE or replay would publish a wrong default threshold."""

from __future__ import annotations

import pytest

from evals.calibration import at_threshold, auroc, ece, over_questions, reliability, risk_coverage, samples


def test_auroc_counts_pairs_and_ties() -> None:
    assert auroc([0.9, 0.8, 0.1], [True, True, False]) == 1.0
    assert auroc([0.1, 0.9], [True, False]) == 0.0
    assert auroc([0.5, 0.5], [True, False]) == 0.5
    assert auroc([0.3], [True]) is None


def test_ece_is_the_weighted_gap_per_bin() -> None:
    p = [0.15, 0.15, 0.95, 0.95]
    y = [False, True, True, True]
    # bin 0.1-0.2: confidence 0.15, right 0.5 (gap 0.35, half the answers); bin 0.9-1.0: 0.95 vs 1.0 (gap 0.05)
    assert ece(p, y) == pytest.approx(0.5 * 0.35 + 0.5 * 0.05)
    assert [b["n"] for b in reliability(p, y)] == [2, 2]
    assert reliability([1.0], [True])[0]["low"] == 0.9  # 1.0 falls in the last bin


def test_risk_coverage_keeps_the_most_confident() -> None:
    rows = risk_coverage([0.9, 0.8, 0.3, 0.2, 0.1], [True, True, False, True, False], (1.0, 0.4))
    assert rows[0] == {"coverage": 1.0, "answers": 5, "accuracy": 0.6}
    assert rows[1] == {"coverage": 0.4, "answers": 2, "accuracy": 1.0}


ROWS = [
    # answered right with gold; without gold answered (wrongly)
    {"id": "a", "right": True, "reason": None, "signals": {"x": 1.0}, "gold_retrieved": True,
     "right_without_gold": False, "reason_without_gold": None, "signals_without_gold": {"x": 0.2}},
    # answered wrong; without gold abstained
    {"id": "b", "right": False, "reason": None, "signals": {"x": 0.1}, "gold_retrieved": True,
     "right_without_gold": False, "reason_without_gold": "not_stated", "signals_without_gold": {}},
    # abstained although gold was retrieved
    {"id": "c", "right": False, "reason": "not_stated", "signals": {}, "gold_retrieved": True,
     "right_without_gold": False, "reason_without_gold": "off_topic", "signals_without_gold": {}},
]  # fmt: skip


def test_samples_are_the_answers_given() -> None:
    found = samples(ROWS, "dev")
    assert [(s.key, s.right, s.gold) for s in found] == [("dev:a", True, True), ("dev:a:without_gold", False, False),
                                                        ("dev:b", False, True)]  # fmt: skip


def test_threshold_replay() -> None:
    p = {"dev:a": 0.9, "dev:a:without_gold": 0.3, "dev:b": 0.2}
    at_zero = at_threshold(ROWS, p, 0.0, "dev")
    assert at_zero["answered"] == pytest.approx(2 / 3) and at_zero["right_among_answered"] == 0.5
    assert at_zero["false_abstention"] == pytest.approx(1 / 3) and at_zero["abstention_without_gold"] == pytest.approx(2 / 3)
    at_half = at_threshold(ROWS, p, 0.5, "dev")
    # b's wrong answer and a's answer without gold are withheld; a's right answer stands
    assert at_half["right_among_answered"] == 1.0 and at_half["contains_answer"] == pytest.approx(1 / 3)
    assert at_half["false_abstention"] == pytest.approx(2 / 3) and at_half["abstention_without_gold"] == 1.0
    nothing = at_threshold(ROWS, p, 0.95, "dev")
    assert nothing["answered"] == 0.0 and nothing["right_among_answered"] is None


def test_replay_where_the_answer_is_in_no_result() -> None:
    rows = [{"id": "q", "right": False, "reason": None, "signals": {"x": 1.0}, "answer_in_results": False}]
    assert at_threshold(rows, {"y:q": 0.4}, 0.3, "y")["abstention_answer_in_no_result"] == 0.0
    assert at_threshold(rows, {"y:q": 0.4}, 0.5, "y")["abstention_answer_in_no_result"] == 1.0


def test_auroc_over_questions_counts_abstentions_as_zero() -> None:
    p = {"dev:a": 0.9, "dev:a:without_gold": 0.3, "dev:b": 0.2}
    assert over_questions(ROWS, p, "dev") == 1.0  # a (right, 0.9) above b (0.2) and c (abstained: 0)
    assert over_questions(ROWS, p, "dev", gold=False) is None  # nothing right without gold
