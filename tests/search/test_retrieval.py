"""Fusion of rankings (reciprocal rank) and the time prior's decay."""

from __future__ import annotations

import pytest

from rag.search.retrieval import recency_decay, rrf, with_prior


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


def test_rrf_scores() -> None:
    fused = dict(rrf([["a", "b"], ["b"]], k=10))
    assert fused["a"] == pytest.approx(1 / 11) and fused["b"] == pytest.approx(1 / 12 + 1 / 11)


DAY = 86_400.0


def test_recency_decay_halves_per_half_life_from_the_nearest_and_skips_undated() -> None:
    ids = ["old", "undated", "yesterday", "future"]
    published = [969 * DAY, None, 999 * DAY, 1002 * DAY]
    decay = recency_decay(ids, published, as_of=1000 * DAY, half_life_days=30)
    assert decay == pytest.approx({"yesterday": 1.0, "future": 0.5 ** (1 / 30), "old": 0.5})


def test_an_old_corpus_asked_now_still_gets_a_prior() -> None:
    # ten years before as_of: ages count from the nearest candidate, so the prior still tells the two apart
    decay = recency_decay(["newer", "older"], [100 * DAY, 70 * DAY], as_of=3750 * DAY, half_life_days=30)
    assert decay == pytest.approx({"newer": 1.0, "older": 0.5})


def test_an_old_article_first_in_both_retrievers_falls_behind_one_of_the_same_week() -> None:
    # the dev miss that motivated the decay: a 14-month-old article matched the question's words best
    fused = rrf([["old", "new"], ["old", "new"]])
    ages = recency_decay(["old", "new"], [580 * DAY, 997 * DAY], as_of=1000 * DAY, half_life_days=30)
    assert [i for i, _ in with_prior(fused, ages, 1 / 61)] == ["new", "old"]
    assert [i for i, _ in with_prior(fused, {}, 1 / 61)] == ["old", "new"]  # undated: the retrievers decide
