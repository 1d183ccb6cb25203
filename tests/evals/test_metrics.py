from __future__ import annotations

import pytest

from evals.metrics import (
    answer_matches,
    contains_answer,
    hits_at,
    mean,
    percentile,
    reciprocal_rank,
    resolve_choice,
    values_stated,
)


@pytest.mark.parametrize(
    ("ranked", "gold", "k", "expected"),
    [
        (["a", "b", "c"], {"a"}, 1, 1.0),
        (["b", "a", "c"], {"a"}, 1, 0.0),
        (["b", "b", "b", "a"], {"a"}, 2, 1.0),  # chunks of one article count once
        (["b", "c", "d"], {"a"}, 10, 0.0),
        (["b", "c", "a"], {"a", "z"}, 3, 1.0),
    ],
)
def test_hits_at(ranked: list[str], gold: set[str], k: int, expected: float) -> None:
    assert hits_at(ranked, gold, k) == expected


@pytest.mark.parametrize(
    ("ranked", "gold", "expected"),
    [(["a"], {"a"}, 1.0), (["b", "a"], {"a"}, 0.5), (["b", "b", "c", "a"], {"a"}, 1 / 3), (["b"], {"a"}, 0.0)],
)
def test_reciprocal_rank(ranked: list[str], gold: set[str], expected: float) -> None:
    assert reciprocal_rank(ranked, gold) == pytest.approx(expected)


def test_mrr_of_a_known_set() -> None:
    assert mean([reciprocal_rank(r, {"g"}) for r in (["g"], ["x", "g"], ["x", "y", "z", "g"], ["x"])]) == pytest.approx(
        (1 + 0.5 + 0.25 + 0) / 4
    )


@pytest.mark.parametrize(
    ("answer", "gold", "expected"),
    [
        ("The show is “Squid Game” [1].", "“Squid Game”", True),
        ("SQUID   game", '"Squid Game"', True),
        ("Squid Games", "Squid Game", False),
        ("Café Society", "Cafe society", True),
        ("anything", "", False),
    ],
)
def test_answer_matches(answer: str, gold: str, expected: bool) -> None:
    assert answer_matches(answer, gold) is expected


def test_percentile() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50 and percentile(values, 95) == 95 and percentile(values, 99) == 99
    assert percentile([], 50) == 0.0 and percentile([7.0], 99) == 7.0


@pytest.mark.parametrize(
    ("answer", "choices", "question", "expected"),
    [
        ("The European Union announced it [1].", ["Asia", "Europe", "Africa", "America"], "Which region announced it?", 1),
        ("Squid Game returns [2].", ["“Game of Thrones”", "“Squid Game”", "“Breaking Bad”", "“Friends”"], "Which show?", 1),
        ("Police arrested them in Coeur d'Alene, Idaho [1].", ["California", "Idaho", "New York", "Texas"], "Where?", 1),
        ("About 1,000 prisoners each [1].", ["500", "1,000", "2,000", "100"], "How many prisoners?", 1),
        ("I don't know.", ["Asia", "Europe", "Africa", "America"], "Which region?", None),  # no overlap: wrong
        ("Both Idaho and Texas [1].", ["California", "Idaho", "New York", "Texas"], "Where?", None),  # a tie is ambiguous
        ("The game was on [1].", ["“Game of Thrones”", "“Squid Game”"], "Which game show?", None),  # question words don't count
    ],
)
def test_resolve_choice(answer: str, choices: list[str], question: str, expected: int | None) -> None:
    assert resolve_choice(answer, choices, question) == expected


def test_evidence_recall_looks_for_the_gold_answer_in_the_context() -> None:
    assert contains_answer("Article: Squid Game renewed\n[1] The show returns.", "“Squid Game”")
    assert not contains_answer("[1] The show returns.", "Squid Game")


def test_values_stated_holds_an_answer_to_the_numbers_and_names_its_quotes_state() -> None:
    question = "How much did the Glacier Point visitor centre cost?"
    opened = "Glacier Point State Park opened its new visitor centre on Saturday."
    cost = "The centre cost $6.2 million, paid for by a state bond."
    assert values_stated("It cost $6.2 million [1].", question, [cost], [opened, cost])
    assert not values_stated("It cost $6.2 million [1].", question, [opened], [opened, cost])
    assert values_stated("It was expensive [1].", question, [opened], [opened])  # no values: nothing to state
