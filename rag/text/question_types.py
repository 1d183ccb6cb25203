"""What kind of answer a question wants, and whether a sentence offers one the question does not already hold.

The sentence that echoes a question ("the wildly popular South Korean show is green lit") shares its words;
the one that answers adds what the question lacks: a name for who/which, a number for how many, a date for
when. Pure functions; cheap enough to run on every candidate sentence.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Set
from typing import Literal

from rag.text.words import STOPWORDS

AnswerType = Literal["number", "date", "name"]

_NUMBER_Q = re.compile(r"\b(how\s+(many|much|old|long|far|big|large|high)|what\s+(percentage|percent|number|age|share))\b", re.I)
_DATE_Q = re.compile(r"\b(when|what\s+(year|date|day|month|time))\b", re.I)
_NAME_Q = re.compile(r"\b(who|whom|whose|which|where|what\s+[a-z]+\s+(is|was|were|are|did|does|do|has|have|will)\b|name)", re.I)

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = re.compile(
    rf"\b({_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH}|(?:1[89]|20)\d\d|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b", re.I
)
_NUMBER = re.compile(
    r"(?:[$€£]\s?\d|\b\d[\d,.]*\s*(?:%|percent|million|billion|trillion)?|\b(?:one|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve|dozen|hundred|thousand|million|billion)\b)",
    re.I,
)
# a capitalised word that is not the first word of the text (sentence starts are capitalised anyway)
_NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b([A-Z][\w’'&.-]*[A-Za-z]|[A-Z]{2,})\b")
_FIRST = re.compile(r"^\W*([A-Z][\w’'&.-]*[A-Za-z])")  # the text's first word, when capitalised
# weekdays and months are capitalised but name no one: "on Sunday" must not count as the answer to "who"
_CALENDAR = frozenset(n.lower() for n in (*calendar.month_name, *calendar.month_abbr, *calendar.day_name, "Sept") if n)


def expected_type(question: str) -> AnswerType | None:
    """The answer type the question's wording asks for, when it names one."""
    if _NUMBER_Q.search(question):
        return "number"
    if _DATE_Q.search(question):
        return "date"
    if _NAME_Q.search(question):
        return "name"
    return None


def names(text: str) -> set[str]:
    """The capitalised words of the text past a sentence start, lower-cased (weekdays, months, stop words left out)."""
    found = {m.group(1).lower() for m in _NAME.finditer(text.strip().strip("“\"'"))}
    return {n for n in found if n not in STOPWORDS and n.rstrip(".") not in _CALENDAR}


def _values(kind: AnswerType, text: str, known: Set[str]) -> set[str]:
    if kind == "number":
        return {m.group().lower().strip(" $€£") for m in _NUMBER.finditer(text)}
    if kind == "date":
        return {m.group().lower() for m in _DATE.finditer(text)}
    found = names(text)
    # a sentence's first word is capitalised anyway: it counts as a name when it stands capitalised mid-sentence
    # elsewhere ("Biden tested positive" beside "President Joe Biden said")
    first = _FIRST.match(text)
    if first and first.group(1).lower() in known:
        found.add(first.group(1).lower())
    return found


def offers_answer(question: str, sentence: str, kind: AnswerType | None = None, known: Set[str] = frozenset()) -> bool:
    """The sentence holds a value of the wanted type that the question does not already contain. known: names seen
    mid-sentence in the surrounding text (e.g. all candidate sentences), which count at a sentence start too."""
    kind = kind or expected_type(question)
    if kind is None:
        return False
    return bool(_values(kind, sentence, known) - _values(kind, question, known))
