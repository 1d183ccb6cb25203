"""The evidence funnel's paired latency: over every question, and over those both arms answered (an arm that answers
where the other refuses spends longer writing; that is not what the evidence costs)."""

from __future__ import annotations

import pytest

from bench.measure.evidence_funnel import Rows, _paired


def _rows(seconds: list[float], answered: list[bool]) -> Rows:
    return Rows(seconds=seconds, answered=answered)


def test_the_ratio_over_questions_both_arms_answered_leaves_out_an_answer_written_instead_of_a_refusal() -> None:
    # the last four: today answered where the earlier arm refused, which takes three times as long to write
    earlier = _rows([2.0, 2.0, 4.0, 1.0, 1.0, 1.0, 1.0], [True, True, True, False, False, False, False])
    today = _rows([2.0, 2.2, 4.0, 3.0, 3.0, 3.0, 3.0], [True] * 7)
    paired = _paired(earlier, today)
    assert paired["seconds_ratio_p50"] == pytest.approx(3.0)  # nearest rank of 1.0, 1.0, 1.1, 3.0, 3.0, 3.0, 3.0
    assert paired["seconds_ratio_p50_both_answered"] == pytest.approx(1.0) and paired["both_answered"] == 3


def test_no_question_both_answered_gives_no_ratio() -> None:
    paired = _paired(_rows([1.0], [False]), _rows([1.0], [True]))
    assert paired["seconds_ratio_p50_both_answered"] is None and paired["both_answered"] == 0
