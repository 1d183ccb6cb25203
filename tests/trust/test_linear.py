"""The file form of the ranker and the calibrators: one reader, so both refuse the same broken files."""

from __future__ import annotations

from typing import Any

import pytest

from rag.trust.linear import Linear, read_linear

KNOWN = ("cosine", "overlap", "rank")
GOOD: dict[str, Any] = {
    "version": 1,
    "features": ["overlap", "cosine"],  # a subset, in its own order
    "mean": [0.5, 0.2],
    "scale": [0.1, 0.0],
    "coef": [1.0, -2.0],
    "intercept": 0.25,
}


def test_a_model_is_read_in_its_own_feature_order() -> None:
    assert read_linear(GOOD, KNOWN, "ranker", Linear) == Linear(("overlap", "cosine"), (0.5, 0.2), (0.1, 0.0), (1.0, -2.0), 0.25)


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        ([], "no JSON object"),
        (GOOD | {"version": 2}, "version-1"),
        (GOOD | {"features": []}, "naming its features"),
        (GOOD | {"features": "cosine"}, "naming its features"),
        (GOOD | {"features": ["overlap", "shoe_size"]}, "does not compute: shoe_size"),
        (GOOD | {"features": ["cosine", "cosine"]}, "twice"),
        (GOOD | {"coef": [1.0]}, "2 values in each"),
        (GOOD | {"features": ["overlap", 3]}, "naming its features"),
        (GOOD | {"scale": [float("inf"), 1.0]}, "finite"),
        (GOOD | {"intercept": float("nan")}, "finite"),
        (GOOD | {"intercept": 10**400}, "finite"),  # too large for a float
        (GOOD | {"mean": ["0.5", 0.2]}, "lists of numbers"),
        (GOOD | {"coef": [True, 1.0]}, "lists of numbers"),
        (GOOD | {"scale": 1.0}, "lists of numbers"),
        ({k: v for k, v in GOOD.items() if k != "mean"}, "without mean"),
        ({k: v for k, v in GOOD.items() if k != "intercept"}, "without intercept"),
    ],
)
def test_a_file_that_cannot_score_is_refused_with_its_reason(broken: Any, reason: str) -> None:
    with pytest.raises(ValueError, match=reason) as refused:
        read_linear(broken, KNOWN, "calibrator", Linear)
    assert "calibrator" in str(refused.value)
