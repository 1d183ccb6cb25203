"""When a question is asked (as_of) and the time window its own words name ("this week", "yesterday", "in May").

dateparser finds and parses the expressions relative to as_of. Its search also returns numbers, ordinals and
pronouns ("$11", "62nd", "We", "the 2022"), so a match counts only when it is anchored to the moment of asking:
a relative word (this, last, past, ago, today, yesterday) with a unit, a weekday, or a capitalised month name.
Bare years are topics, not windows ("the 2020 election", asked in 2022, is answered by 2022 articles), and
future expressions ("next month", "in 2024") restrict nothing. Every window ends at as_of.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from typing import Any

from rag.answers import TimeFrame

_ANCHORED = re.compile(
    r"\b(?:(?:this|last|past)\s+(?:week|weekend|month|year)|\d+\s+(?:days?|weeks?|months?|years?)\s+ago|"
    r"today|tonight|yesterday|(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    # a month only when capitalised after a preposition: "in May", never the verb in "which company may face"
    r"(?:in|on|since|during|early|late|mid)\s*-?\s*(?-i:January|February|March|April|May|June|July|August|September|"
    r"October|November|December))\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(r"\b(?:next|tomorrow|later|upcoming|coming)\b", re.IGNORECASE)


def _parser(base: datetime) -> Any:
    # dateparser fixes RELATIVE_BASE per parser; building one costs ~2 ms once its language data is loaded
    from dateparser.date import DateDataParser  # ~0.4 s to import: loaded on first use (warm() at start-up)

    settings = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True, "RELATIVE_BASE": base.replace(tzinfo=None)}
    return DateDataParser(languages=["en"], settings=settings)


def warm() -> None:
    """Load dateparser's language data now, so the first question does not pay for it (~0.5 s)."""
    _parser(datetime.now(UTC)).get_date_data("this week")


_EARLIEST = datetime.min.replace(tzinfo=UTC)


def days_before(point: datetime, days: int) -> datetime:
    """The start of the day `days` days before point's, never before the earliest date Python can hold: "this week"
    asked as of 0001-01-03 is the window from 0001-01-01 (it was an OverflowError and a 500)."""
    day, span = datetime.combine(point.date(), time.min, tzinfo=UTC), timedelta(days=days)
    return day - span if day - _EARLIEST >= span else _EARLIEST


def _window_start(point: datetime, period: str) -> datetime:
    """The start of the window a parsed phrase names (days_before keeps it inside the calendar)."""
    day = datetime.combine(point.date(), time.min, tzinfo=UTC)
    if period == "week":
        return days_before(point, 7)
    if period == "month":
        return day.replace(day=1)
    if period == "year":
        return day.replace(month=1, day=1)
    return day


def _parsed(parser: Any, phrase: str) -> tuple[datetime, str] | None:
    """The moment a phrase names and its period, or None when dateparser cannot place it (or its arithmetic
    leaves the calendar, as "3 years ago" asked as of the year 2 does)."""
    try:
        parsed = parser.get_date_data(phrase)
    except (OverflowError, ValueError):
        return None
    if parsed.date_obj is None:
        return None
    return parsed.date_obj.replace(tzinfo=UTC), parsed.period or "day"


def without_time_words(text: str) -> str:
    """The text with the phrases that would name a window removed: an article's "on Friday" is the article's Friday,
    not one counted back from when a reader asks about it."""
    kept = _ANCHORED.sub(" ", text)
    kept = re.sub(r"\s+(?:on|in|at|since|during|by)\s*(?=[.,;:!?]|$)", "", kept)  # "halted the port on" lost its day
    return re.sub(r"\s+([.,;:!?])", r"\1", " ".join(kept.split()))


def time_frame(question: str, as_of: datetime) -> TimeFrame:
    """The hard window the question's time words name (the widest if several), ending at as_of."""
    if _FUTURE.search(question):
        return TimeFrame(as_of)
    phrases = [m.group() for m in _ANCHORED.finditer(question)]
    best = TimeFrame(as_of)
    if not phrases:
        return best
    parser = _parser(as_of)
    for phrase in phrases:
        parsed = _parsed(parser, phrase)
        if parsed is None or parsed[0] > as_of:
            continue
        start = _window_start(*parsed)
        if best.start is None or start < best.start:
            best = TimeFrame(as_of, start, phrase)
    return best
