"""Which words every match of a regex must contain, read from the pattern itself: a rule none of whose words stands
in a text cannot match it and is not tried (rag/text/injection.py; most news holds none of a rule's words).

Reading a pattern uses Python's own regex parser (re._parser, the module behind re.compile). Of the parts every
match must go through (a run of letters, or a group each of whose branches has such words), the one with the
longest shortest word is the gate ("(?:the|your) (?:answer|reply)" is gated by answer/reply, not by "the", which
every sentence has). Where no part qualifies there is no gate and the rule is always tried: the gate only ever
skips work, never a match."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

try:
    from re import _constants as c  # type: ignore[attr-defined]
    from re import _parser as parser  # type: ignore[attr-defined]
except ImportError:  # another Python: no gates, every rule is tried
    parser = None

Words = frozenset[str]


def _better(a: Words | None, b: Words | None) -> Words | None:
    """The rarer of two word sets: the one whose shortest word is longer."""
    if a is None or b is None:
        return a or b
    return a if min(map(len, a)) >= min(map(len, b)) else b


def _required(items: Sequence[tuple[Any, Any]]) -> Words | None:
    """The best set of words one of which every match of this parsed sequence contains, or None."""
    best: Words | None = None
    run = ""
    for op, arg in [*items, (None, None)]:
        if op is c.LITERAL:
            run += chr(arg)
            continue
        if len(run) >= 3:
            best = _better(best, frozenset({run.lower()}))
        run = ""
        if op is c.SUBPATTERN:
            best = _better(best, _required(arg[-1]))
        elif op is c.BRANCH:
            sets = [_required(branch) for branch in arg[1]]
            if all(s is not None for s in sets):
                best = _better(best, frozenset().union(*sets))  # type: ignore[arg-type]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and arg[0] >= 1:
            best = _better(best, _required(arg[2]))
    return best


def gate(pattern: str) -> Words | None:
    """The words (lower-cased), one of which every match of pattern contains; None: no gate."""
    if parser is None:
        return None
    try:
        return _required(list(parser.parse(pattern, re.IGNORECASE)))
    except (re.error, RecursionError, TypeError, ValueError):
        return None
