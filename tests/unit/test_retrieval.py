"""Fusion of rankings: reciprocal rank (weighted) and the recency ranking of the time prior."""

from __future__ import annotations

import pytest

from rag.retrieval import recency_ranks, rrf


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


def test_recency_ranks_are_nearest_first_and_skip_undated() -> None:
    day = 86_400.0
    ids = ["old", "undated", "yesterday", "future"]
    published = [100 * day, None, 999 * day, 1002 * day]
    assert recency_ranks(ids, published, as_of=1000 * day) == {"yesterday": 1, "future": 2, "old": 3}


def test_chunks_of_one_moment_share_a_recency_rank() -> None:
    # a long article's five chunks must not push the next day's article to rank 6
    day = 86_400.0
    ids = [f"long#{n}" for n in range(5)] + ["next-day"]
    ranks = recency_ranks(ids, [999 * day] * 5 + [998 * day], as_of=1000 * day)
    assert {ranks[f"long#{n}"] for n in range(5)} == {1} and ranks["next-day"] == 2


def test_rrf_takes_ranks_with_ties() -> None:
    fused = dict(rrf([["b", "a"], {"a": 1, "b": 1, "c": 2}], k=60))
    assert fused["a"] == pytest.approx(1 / 62 + 1 / 61) and fused["b"] == pytest.approx(1 / 61 + 1 / 61)
    assert fused["c"] == pytest.approx(1 / 62)
