"""The answer type a question wants, and whether a sentence offers a value of it the question lacks."""

from __future__ import annotations

import pytest

from rag.text.question_types import expected_type, names, offers_answer


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
        ("Which park was flooded?", "The flooding began on Monday in June.", False),  # weekdays and months name no one
    ],
)
def test_offers_answer(question: str, sentence: str, offers: bool) -> None:
    assert offers_answer(question, sentence) is offers


def test_a_sentence_start_counts_as_a_name_when_it_stands_capitalised_elsewhere() -> None:
    question, sentence = "Which official tested positive this week?", "Biden tested positive on Thursday."
    assert offers_answer(question, sentence) is False  # every sentence starts with a capital: alone it proves nothing
    known = names("The photo shows President Joe Biden at work.")
    assert "biden" in known
    assert offers_answer(question, sentence, known=known) is True
    assert offers_answer(question, "Officials tested it.", known=known) is False
