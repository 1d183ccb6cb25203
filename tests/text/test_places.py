"""The place check on hand-written questions and sentences: which kind a question asks for, which places of it a
sentence names (longest name first, news' short forms, a sentence's last word), and what it adds to the question."""

from __future__ import annotations

import pytest

from rag.text.places import offers_place, places, wanted_place


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("The prime minister of which country has denied reports he plans to resign?", "country"),
        ("Which of the following countries did not reach the quarter-finals?", "country"),
        ("Which Asian nation held a snap election?", "country"),
        ("Which US state passed the law?", "state"),
        ("In which city did the summit take place?", "city"),
        ("What city will host the 2028 Olympics?", "city"),
        ("Who led the Russian delegation?", None),
        ("How many states have banned it?", None),  # a count of states, not a state
        ("What is the state of the economy?", None),
        ("Which state senator resigned this week?", None),  # a place word that only modifies the noun asked for
        ("Which country singer topped the charts?", None),
        ("Which city council voted to ban it?", None),
        ("Which state-owned company was sold?", None),
        ("What United States agency announced the rule?", None),
        ("Which Islamic State leader was killed?", None),
        ("Which state’s capital city is facing a water crisis?", "state"),
    ],
)
def test_the_kind_of_place_a_question_asks_for(question: str, kind: str | None) -> None:
    assert wanted_place(question) == kind


def test_places_a_text_names_by_kind() -> None:
    text = "The National Guard went to Memphis and New York City, the U.S. said, after talks in France."
    assert places(text, "city") == {"Memphis", "New York City"}  # not "York" inside New York City
    assert places(text, "country") == {"U.S.", "France"}  # the short form, and a name that ends the sentence
    assert places("Voters in Georgia and Ohio went to the polls.", "state") == {"Georgia", "Ohio"}
    assert places("the french and japanese press", "country") == set()  # names are capitalised as written
    hyphened = "A U.S.-led coalition, a South Korea-based firm and a Paris-based group met in Washington, D.C."
    assert places(hyphened, "country") == {"U.S.", "South Korea"} and places(hyphened, "city") == {"Paris", "Washington D.C."}
    assert places("Japan's prime minister", "country") == {"Japan"}


def test_a_sentence_offers_a_place_only_when_it_names_one_the_question_lacks() -> None:
    question = "Which country did France beat in the final?"
    assert offers_place(question, "France beat Argentina on penalties.")
    assert not offers_place(question, "France won the final on penalties.")  # only the question's own country
    assert not offers_place(question, "Memphis beat Dallas.")  # cities, not the country asked for
    assert not offers_place("Who won the final?", "France beat Argentina.")  # no place asked for
