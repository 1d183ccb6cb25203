"""Which kind of place a question asks for (which country, US state or city), and the places of that kind a text
names: the frame check of the sentence ranker. A sentence that names a country the question does not is far likelier
to answer "which country ..." than one that only shares its words. Pure functions; the names (GeoNames, CC BY 4.0:
the countries, the US states and the cities of 100,000+ people, written by bench/tune/places.py) load on first use.
"""

from __future__ import annotations

import json
import re
from collections.abc import Set
from functools import cache
from importlib.resources import files
from typing import Literal

PlaceKind = Literal["country", "state", "city"]
KINDS: tuple[PlaceKind, ...] = ("country", "state", "city")

_SKIPPED = r"(?!(?:is|was|are|were|the|a|an|of|in|do|does|did|has|have)\b)"  # "what is the state of ..." asks no state
# a place word that only modifies the noun asked for: "Which state senator", "Which country singer", "city council"
_COMPOUND = (
    r"(?!\s+(?:senators?|council\w*|attorneys?|officials?|lawmakers?|legislatures?|legislators?|department|agency|"
    r"agencies|universit\w+|police|media|parks?|schools?|colleges?|hall|singers?|music|clubs?|teams?|fairs?|house|"
    r"part(?:y|ies)|leaders?|governments?|employees?|workers?|residents?|officers?)\b)"
)
_WANTED = re.compile(
    rf"\b(?:which|what)\s+(?:of\s+the\s+following\s+|of\s+these\s+)?(?:{_SKIPPED}[\w-]+\s+){{0,2}}?"
    rf"(?<!United\s)(?<!Islamic\s)(countries|country|nations?|states?|cit(?:y|ies))\b(?!-){_COMPOUND}",
    re.I,
)
_KIND: dict[str, PlaceKind] = {"countr": "country", "nation": "country", "state": "state", "cit": "city"}
_POSSESSIVE = re.compile(r"['’]s?$")
_HYPHENED = re.compile(r"-[^\s]*$")  # what follows a hyphen in the last word: "U.S.-led", "South Korea-based"
_WORD = re.compile(r"[^\W\d_][\w’'.-]*")  # a word that starts with a letter ("U.S.", "Guinea-Bissau", "São")


def wanted_place(question: str) -> PlaceKind | None:
    """The kind of place the question asks for, when its wording names one ("Which Asian country ...")."""
    m = _WANTED.search(question)
    if m is None:
        return None
    word = m.group(1).lower()
    return next(kind for stem, kind in _KIND.items() if word.startswith(stem))


@cache
def _names() -> dict[str, tuple[frozenset[str], int]]:
    raw = json.loads(files("rag.text").joinpath("places.json").read_text(encoding="utf-8"))
    return {kind: (frozenset(raw[kind]), max(len(n.split()) for n in raw[kind])) for kind in KINDS}


def places(text: str, kind: PlaceKind) -> set[str]:
    """The places of that kind the text names, longest first ("New York City", not "York"), capitalised as written."""
    table, longest = _names()[kind]
    words = _WORD.findall(text)
    found: set[str] = set()
    i = 0
    while i < len(words):
        size = _match(words, i, table, longest, found) if words[i][:1].isupper() else 0
        i += max(size, 1)
    return found


def _match(words: list[str], i: int, table: frozenset[str], longest: int, found: set[str]) -> int:
    for size in range(min(longest, len(words) - i), 0, -1):
        phrase = " ".join(words[i : i + size])
        # "U.S." is a name; "France." ends a sentence; "Japan's" names Japan; "U.S.-led" and "Paris-based" name theirs
        for name in (phrase, phrase.rstrip("."), _POSSESSIVE.sub("", phrase), _HYPHENED.sub("", phrase)):
            if name in table:
                found.add(name)
                return size
    return 0


def offers_place(question: str, sentence: str, kind: PlaceKind | None = None, asked: Set[str] | None = None) -> bool:
    """The sentence names a place of the kind the question asks for that the question does not name itself. asked:
    the question's own places of that kind, when the caller read them once for many sentences."""
    kind = kind or wanted_place(question)
    if kind is None:
        return False
    return bool(places(sentence, kind) - (places(question, kind) if asked is None else asked))
