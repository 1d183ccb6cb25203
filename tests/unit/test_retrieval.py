"""Fusion of rankings: reciprocal rank (weighted) and the recency ranking of the time prior."""

from __future__ import annotations

import pytest

from rag.retrieval import recency_ranking, rrf


@pytest.mark.parametrize(
    ("rankings", "expected"),
    [
        ([["a", "b"], ["b", "c"]], ["b", "a", "c"]),  # in both rankings beats first in one
        ([["a"], ["b"]], ["a", "b"]),  # a tie is broken by id, so results are stable
        ([["x", "y"], []], ["x", "y"]),
        ([[], []], []),
    ],
)
def test_rrf_order(rankings: list[list[str]], expected: list[str]) -> None:
    assert [i for i, _ in rrf(rankings)] == expected


def test_rrf_scores_and_weights() -> None:
    (item, score), *_ = rrf([["a"], ["a"]], k=10)
    assert item == "a" and score == pytest.approx(2 / 11)
    weighted = dict(rrf([["a", "b"], ["b", "a"], ["a"]], k=60, weights=[1.0, 1.0, 0.3]))
    assert weighted["a"] == pytest.approx(1 / 61 + 1 / 62 + 0.3 / 61) and weighted["a"] > weighted["b"]


def test_recency_ranking_is_nearest_first_and_skips_undated() -> None:
    day = 86_400.0
    ids = ["old", "undated", "yesterday", "future"]
    published = [100 * day, None, 999 * day, 1002 * day]
    assert recency_ranking(ids, published, as_of=1000 * day) == ["yesterday", "future", "old"]
