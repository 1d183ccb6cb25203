"""The [n] markers an answer cites its sources with, in every shape a model or an article writes them (pure)."""

from __future__ import annotations

import re
import unicodedata

# Every shape a model (or an article) writes a source number in: [1], [1, 3], [Source: 2], 【3†source】, ［4］, 〔5〕,
# ⟦6⟧, [^7], [#8], [9a], [1-3], [1–3], [¹], [[2]], with invisible characters anywhere inside. Answer text never keeps
# one it does not render itself; quotes are the article's exact text and keep theirs.
OPENERS, CLOSERS = "[【［〔⟦〚〖", "]】］〕⟧〛〗"
_INVISIBLE = "[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u034f]*"
_NUMBER = "[0-9\u00b9\u00b2\u00b3\u2070\u2074-\u2079\uff10-\uff19]{1,3}[a-z]?"
_LABEL = r"(?:(?:sources?|refs?|references?|citations?|docs?|documents?|passages?)\s*[:#.]?\s*|[#^])?"
_JOIN = r"\s*(?:[,;\-\u2010-\u2014]|and)\s*"
_TAIL = "(?:\u2020[^" + re.escape(CLOSERS) + "]{0,24})?"  # 【3†source】, 【3†L1-L4】
MARKER = re.compile(
    rf"\s*[{re.escape(OPENERS)}]+\s*{_INVISIBLE}{_LABEL}{_INVISIBLE}"
    rf"({_NUMBER}(?:{_JOIN}{_LABEL}{_INVISIBLE}{_NUMBER})*){_INVISIBLE}{_TAIL}\s*[{re.escape(CLOSERS)}]+",
    re.IGNORECASE,
)
_DIGITS = str.maketrans("\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079", "1230456789")
_PART = re.compile(r"(\d+)[a-z]?(?:\s*[\-\u2010-\u2014]\s*\D*?(\d+))?", re.IGNORECASE)
_LONGEST_RANGE = 10  # [1-3] cites 1, 2 and 3; a wider "range" is read as its two ends


def markers_in(text: str) -> list[int]:
    """The passage numbers a piece of answer text cites, in order, without repeats."""
    found: list[int] = []
    for match in MARKER.finditer(text):
        listed = unicodedata.normalize("NFKC", match.group(1)).translate(_DIGITS)
        for part in _PART.finditer(re.sub(r"\s*(?:[,;]|\band\b)\s*", " , ", listed)):
            for number in _expand(int(part.group(1)), int(part.group(2)) if part.group(2) else None):
                if number not in found:
                    found.append(number)
    return found


def _expand(first: int, last: int | None) -> list[int]:
    if last is None:
        return [first]
    if first < last <= first + _LONGEST_RANGE:
        return list(range(first, last + 1))
    return [first, last]


def strip_markers(text: str) -> str:
    return MARKER.sub("", text)


def leading_markers(text: str) -> tuple[str, str]:
    """The markers text opens with, joined ("[1][3]"; "" if none), and the text after them."""
    markers, rest = "", text
    while match := MARKER.match(rest):
        markers, rest = markers + match.group().strip(), rest[match.end() :]
    return markers, rest


def markers_inside(sentence: str, markers: str) -> str:
    """The sentence with markers before its closing punctuation: ("Medinsky led it.", "[1]") -> "Medinsky led it [1]."."""
    body = sentence.rstrip(".!?")
    return f"{body} {markers}{sentence[len(body) :]}"
