"""The values a claim must find in its quote: numbers in every way news writes them, names with a little slack,
calendar words; what the question already holds is no value of the claim."""

from __future__ import annotations

import pytest

from rag.text.values import claim_values, held, name_words, numbers, value_spans

GLACIER = "How much did the Glacier Point visitor centre cost?"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("$6.2 million", "6.2e+06"),
        ("6.2m", "6.2e+06"),
        ("6,200,000 dollars", "6.2e+06"),
        ("€6.2 mn", "6.2e+06"),
        ("12.5bn", "1.25e+10"),
        ("1,000 prisoners each", "1000"),
        ("5%", "5"),
        ("the 3rd round", "3"),
        ("two years", "2"),
        ("a dozen eggs", "12"),
        ("in 2025", "2025"),
    ],
)
def test_a_number_has_one_form_however_it_is_written(text: str, value: str) -> None:
    assert numbers(text) == {value}


def test_a_claim_adds_the_values_the_question_lacks() -> None:
    assert claim_values("The Glacier Point visitor centre cost $6.2 million", GLACIER) == {"#6.2e+06"}
    assert claim_values("It opened on Saturday in Yosemite", GLACIER) == {"saturday", "yosemite"}
    assert claim_values("The 2025 Emmys went to Severance", "Who won the 2025 Emmys?") == {"severance"}
    # a capitalised first word is a name only where the sources write it mid-sentence as one
    assert claim_values("According to the park, it cost less", GLACIER) == set()
    assert claim_values("Medinsky led it", "Who led the delegation?", known={"medinsky"}) == {"medinsky"}
    assert claim_values("The centre is large and new", GLACIER) == set()  # words may be paraphrased


def test_a_quote_holds_a_value_as_it_is_written_there() -> None:
    wanted = {"#6.2e+06", "zelensky", "medinsky"}
    assert held(wanted, "Zelenskyy and Medinsky's team agreed on $6,200,000.") == wanted
    assert held(wanted, "The centre opened after two years of construction.") == set()
    assert held({"ukraine"}, "Ukrainian officials said so.") == set()  # a different word, not a spelling
    assert name_words("Talks with Vladimir Medinsky's team") == {"vladimir", "medinsky"}


def test_value_spans_point_at_the_values_in_the_quote() -> None:
    quote = "The centre cost $6,200,000 to build, two years late, Park Director Ana Ruiz said."
    spans = value_spans({"#6.2e+06", "#2", "ruiz"}, quote)
    assert [quote[a:b] for a, b in spans] == ["6,200,000", "two", "Ruiz"]
