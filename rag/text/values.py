"""The values a sentence states, so a claim can be held to its quote: numbers (one canonical form for "$6.2 million",
"6.2m" and "6,200,000"), names and calendar words, each as a set of comparable strings (pure).

An answer adds values to its question ("How much did the centre cost?" -> "It cost $6.2 million"): a quote that
states the claim holds every one of them. Words in general may be paraphrased; values may not. A name is matched
with a little slack for how it is written ("Zelensky" and "Zelenskyy", "Medinsky's" and "Medinsky").
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Set

from rag.text.question_types import names
from rag.text.words import STOPWORDS, content_tokens

_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9}
_SCALES |= {"trillion": 1e12, "tn": 1e12}
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_WORDS |= {"eleven": 11, "twelve": 12, "dozen": 12, "twenty": 20, "hundred": 100}
_NUMERAL = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:st|nd|rd|th)?"
    r"(?:\s?(thousand|million|billion|trillion|mn|bn|tn|[kmb])\b)?",
    re.I,
)
_SPELLED = re.compile(r"\b(" + "|".join(_WORDS) + r")\b", re.I)
_CALENDAR = frozenset(n.lower() for n in (*calendar.month_name, *calendar.day_name, "Sept") if n)
_POSSESSIVE = re.compile(r"['’]s?$")
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?", re.IGNORECASE)  # a word as content_tokens reads it, offsets kept


def numbers(text: str) -> set[str]:
    """Each number the text states, in one canonical form (its value, six significant digits)."""
    found = set()
    for whole, fraction, scale in _NUMERAL.findall(text):
        value = float(whole.replace(",", "") + (fraction or "")) * _SCALES.get(scale.lower(), 1.0)
        found.add(_canonical(value))
    found |= {_canonical(float(_WORDS[w.lower()])) for w in _SPELLED.findall(text)}
    return found


def _canonical(value: float) -> str:
    return f"{value:.6g}" if value < 1e15 else f"{value:.6e}"


def name_words(text: str, known: Set[str] = frozenset()) -> set[str]:
    """The words of the names the text holds (capitalised past a sentence start, or anywhere when known elsewhere as
    a name), lower-cased, without a possessive ending."""
    found = set(names(text))
    first = re.match(r"\W*([A-Z][\w’'&.-]*[A-Za-z])", text)
    if first and _plain(first.group(1).lower()) in known:
        found.add(first.group(1).lower())
    return {_plain(w) for n in found for w in content_tokens(n)} - STOPWORDS


def _plain(word: str) -> str:
    return _POSSESSIVE.sub("", word)


def calendar_words(text: str) -> set[str]:
    """The month and weekday names the text holds."""
    return {w for w in content_tokens(text) if w in _CALENDAR}


def claim_values(claim: str, question: str, known: Set[str] = frozenset()) -> set[str]:
    """What the claim states that the question does not: numbers (as "#6.2e+06"-like canonical strings, prefixed
    with #), name words and calendar words."""
    asked = content_tokens(question) | {_plain(w) for w in content_tokens(question)}
    said = {f"#{n}" for n in numbers(claim) - numbers(question)}
    return said | (name_words(claim, known) - asked) | (calendar_words(claim) - asked)


def held(values: Set[str], quote: str) -> set[str]:
    """The values the quote states: the same numbers, and each word written there (a possessive ending, or a letter
    or two more or less at the end of a long name, allowed)."""
    stated = {f"#{n}" for n in numbers(quote)}
    tokens = content_tokens(quote)
    # "d'Alene" is one token to content_tokens and "Alene" to a name: either part counts
    words = {_plain(w) for w in tokens} | {part for w in tokens for part in w.split("'")}
    return {v for v in values if v in stated or (not v.startswith("#") and any(_same_word(v, w) for w in words))}


def value_spans(values: Set[str], quote: str) -> list[tuple[int, int]]:
    """Where in the quote each of the values stands: (start, end) of its numbers and words, in text order."""
    spans = []
    for match in _NUMERAL.finditer(quote):
        if f"#{next(iter(numbers(match.group())), '')}" in values:
            spans.append((match.start(), match.end()))
    for match in _SPELLED.finditer(quote):
        if f"#{_canonical(float(_WORDS[match.group().lower()]))}" in values:
            spans.append((match.start(), match.end()))
    words = [v for v in values if not v.startswith("#")]
    spans += [(m.start(), m.end()) for m in _WORD.finditer(quote) if any(_same_word(v, _plain(m.group().lower())) for v in words)]
    return sorted(spans)


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 5 and long.startswith(short) and len(long) - len(short) <= 2
