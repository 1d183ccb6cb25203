"""Text folded to what a reader sees, for checks that must not be fooled by how it is spelled (the injection
check): Unicode compatibility forms, look-alike letters from other scripts and small capitals read as the Latin
letters they look like, invisible and combining characters removed, and tag characters (invisible to a reader,
readable by a model's tokenizer) decoded to the ASCII they hide. Pure functions; the confusables table (Unicode's,
from confusable-homoglyphs) is loaded on first use.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_TAG = re.compile("[\U000e0020-\U000e007e]")  # tag characters: an invisible copy of printable ASCII
_DROPPED = {"Mn", "Me", "Cf"}  # combining marks (U+034F too), enclosing marks, format characters (zero-width ...)
_LATIN_NAME = re.compile(r"^LATIN (?:SMALL |CAPITAL )?LETTER (?:SMALL CAPITAL )?([A-Z])$")


_EXTRA = {"Ꮖ": "I"}  # printed like Latin letters, missing from Unicode's confusables


@cache
def _ascii_lookalikes() -> dict[str, str]:
    """Every character Unicode's confusables say looks like one ASCII letter, both ways round."""
    from confusable_homoglyphs import confusables  # 0.9 MB of JSON: only where folded text holds non-ASCII

    data: dict[str, list[dict[str, str]]] = confusables.confusables_data
    table: dict[str, str] = {}
    for char, glyphs in data.items():  # first what is listed under an ASCII letter: 'І' under I (and under l)
        if char.isascii() and char.isalpha():
            for glyph in glyphs:
                if len(glyph["c"]) == 1 and (glyph["c"] not in table or char.isupper() == glyph["c"].isupper()):
                    table[glyph["c"]] = char
    for char, glyphs in data.items():  # then a letter's own prototype: "O̵" (Cherokee NA's) reads as O
        target = _plain(glyphs[0]["c"]) if glyphs and len(char) == 1 else ""
        if len(target) == 1 and target.isascii() and target.isalpha():
            table.setdefault(char, target)
    return table | _EXTRA


@cache
def _latin(char: str) -> str:
    """The ASCII letter char looks like ('р' Cyrillic er -> 'p', 'ᴀ' small capital -> 'a'), or char itself. A capital
    stays a capital: Cyrillic 'І' is I, though Unicode's prototype for both is l."""
    named = _LATIN_NAME.match(unicodedata.name(char, ""))
    target = named.group(1) if named else _ascii_lookalikes().get(char)
    if target is None:
        return char
    if target in "lI":  # Unicode keeps I and l as one prototype: a capital reads as I
        return "I" if char.isupper() else "l"
    return target.upper() if char.isupper() else target.lower() if char.islower() else target


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if unicodedata.category(c) not in _DROPPED)
    return unicodedata.normalize("NFKC", kept)


def fold(text: str) -> str:
    """The text as a reader sees it, in ASCII letters wherever a letter only looks foreign."""
    if text.isascii():
        return text
    text = _TAG.sub(lambda m: chr(ord(m.group()) - 0xE0000), text)
    plain = _plain(text)
    return "".join(c if c.isascii() else _latin(c) for c in plain)


def invisible_removed(text: str) -> str:
    """The text without characters a reader cannot see (format characters, tag characters, U+034F): what a model
    is shown, so nothing hidden in an article reaches it."""
    if text.isascii():
        return text
    return "".join(c for c in text if unicodedata.category(c) != "Cf" and c != "\u034f")
