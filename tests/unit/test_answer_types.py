"""The answer type a question wants, and whether a sentence offers a value of it the question lacks."""

from __future__ import annotations

import pytest

from rag.answer_types import expected_type, offers_answer


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many prisoners will each side release?", "number"),
        ("Approximately how much was Instagram fined?", "number"),
        ("What percentage of US adults disapprove?", "number"),
        ("When will the vaccines be available?", "date"),
        ("Who led the Russian delegation?", "name"),
        ("Which automaker recalled 2.9 million vehicles?", "name"),
        ("Where were the talks held?", "name"),
        ("Why did cities cancel their fireworks?", None),
    ],
)
def test_expected_type(question: str, kind: str | None) -> None:
    assert expected_type(question) == kind


@pytest.mark.parametrize(
    ("question", "sentence", "offers"),
    [
        ("Who led the Russian delegation?", "The Russian delegation, led by Vladimir Medinsky, arrived.", True),
        ("Who led the Russian delegation?", "The Russian delegation arrived on time.", False),  # only names the question holds
        ("How many prisoners will each side release?", "They would exchange 1,000 prisoners each.", True),
        ("How many prisoners will each side release?", "Each side will release prisoners soon.", False),
        ("When will the vaccines be available?", "Shots could be available by June 21.", True),
        ("Why did it happen?", "Because of a drought in California.", False),  # no type wanted, no bonus
    ],
)
def test_offers_answer(question: str, sentence: str, offers: bool) -> None:
    assert offers_answer(question, sentence) is offers
