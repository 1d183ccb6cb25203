"""as_of and the hard window a question's own time words name (dateparser does the date arithmetic)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from rag.answers import as_moment
from rag.search.timeframe import time_frame

AS_OF = as_moment(date(2022, 6, 16))  # a Thursday; a date means the end of that day


@pytest.mark.parametrize(
    ("question", "phrase", "start"),
    [
        ("Police arrested 31 men this week. Where was the event?", "this week", date(2022, 6, 9)),
        ("What happened yesterday in Congress?", "yesterday", date(2022, 6, 15)),
        ("Who won the election last month?", "last month", date(2022, 5, 1)),
        ("What did the Fed announce in May?", "in May", date(2022, 5, 1)),
        ("What did Biden sign on Monday?", "Monday", date(2022, 6, 13)),
        ("What was announced 3 days ago?", "3 days ago", date(2022, 6, 13)),
        ("What did the president say this year?", "this year", date(2022, 1, 1)),
        ("Which show was green lit this week, after last month's vote?", "last month", date(2022, 5, 1)),  # the widest
    ],
)
def test_time_words_become_a_window_ending_at_as_of(question: str, phrase: str, start: date) -> None:
    frame = time_frame(question, AS_OF)
    assert frame.phrase == phrase and frame.as_of == AS_OF
    assert frame.start == datetime(start.year, start.month, start.day, tzinfo=UTC)


@pytest.mark.parametrize(
    "question",
    [
        "Who led the Russian delegation?",
        "Which company may face a lawsuit?",  # "may" the verb, not the month
        "Who was elected in 2020?",  # a year is the topic, not a window
        "Which team won the 2022 NHL Stanley Cup Finals?",
        "Apple is expected to unveil a new iPhone next month. Which one?",  # the future restricts nothing
        "We also lost an actress who passed away at the age of 89.",
        "Authorities seized more than $11 million of drugs. Where?",
        "Which show was recently green lit?",  # "recently" is left to the recency prior
    ],
)
def test_no_window_without_an_anchored_time_expression(question: str) -> None:
    frame = time_frame(question, AS_OF)
    assert frame.start is None and frame.phrase is None


def test_as_moment() -> None:
    assert as_moment(date(2022, 6, 16)) == datetime(2022, 6, 16, 23, 59, 59, 999999, tzinfo=UTC)
    assert as_moment(datetime(2022, 6, 16, 9, 30)) == datetime(2022, 6, 16, 9, 30, tzinfo=UTC)  # naive is UTC
    now = datetime(2030, 1, 1, tzinfo=UTC)
    assert as_moment(None, now=now) == now


@pytest.mark.parametrize(
    ("question", "as_of"),
    [
        ("news this week", datetime(1, 1, 1, 23, 59, tzinfo=UTC)),
        ("news this week", datetime(1, 1, 7, tzinfo=UTC)),
        ("what happened on Monday", datetime(1, 1, 1, tzinfo=UTC)),
        ("news 3 years ago", datetime(2, 6, 1, tzinfo=UTC)),
        ("news last month", datetime(1, 1, 15, tzinfo=UTC)),
        ("news this week", datetime(9999, 12, 31, 23, 59, tzinfo=UTC)),
    ],
)
def test_windows_at_the_ends_of_the_calendar_stay_inside_it(question: str, as_of: datetime) -> None:
    """Asked as of year 1, "this week" reached before 0001-01-01: an OverflowError, a 500 over HTTP."""
    frame = time_frame(question, as_of)
    assert frame.as_of == as_of
    assert frame.start is None or datetime.min.replace(tzinfo=UTC) <= frame.start <= as_of
