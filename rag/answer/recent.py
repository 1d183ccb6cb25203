"""The answers just formed, kept so that asking the same again (a reload, a second reader, "show it anyway" on a
withheld answer) is served at once instead of running the model again.

An answer is kept before the confidence gate (withheld ones included), keyed by everything that decides it: the
question and the conversation before it, the day it is asked as of, the filters and chunks read (the model is the
service's own). Each entry remembers the store's write generation it was formed at; any write by any process
changes that generation, so an entry formed before it is never served.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from rag.answers import Answer, Ask

Key = tuple[Hashable, ...]


def key_of(ask: Ask) -> Key:
    """What decides an answer besides the store and the model; min_confidence only gates it, so it is left out."""
    history = tuple((m["role"], m["content"]) for m in ask.history)
    day = (ask.as_of.date(), ask.as_of.utcoffset())  # its own day: converting 9999-12-31 -14:00 to UTC overflows
    return (ask.question, history, day, ask.filters, ask.top_k)


class RecentAnswers:
    """get(key, generation) -> the answer kept for key at that store generation, or None; put(...) keeps one, the
    least recently used dropped beyond size (0 keeps none). Safe to share between request threads."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._kept: OrderedDict[Key, tuple[str, Answer]] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def keeps(self) -> bool:
        return self._size > 0

    def get(self, key: Key, generation: str) -> Answer | None:
        with self._lock:
            found = self._kept.get(key)
            if found is None:
                return None
            if found[0] != generation:  # formed before a write: never served again
                del self._kept[key]
                return None
            self._kept.move_to_end(key)
            return found[1]

    def put(self, key: Key, generation: str, answer: Answer) -> None:
        if self._size <= 0:
            return
        with self._lock:
            self._kept[key] = (generation, answer)
            self._kept.move_to_end(key)
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)
