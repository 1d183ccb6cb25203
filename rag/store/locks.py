"""One writer per article in this process: re-entrant locks by doc_id, taken in sorted order (no deadlock)."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager


class ArticleLocks:
    """hold(doc_ids) serialises every write to those articles; writes to other articles go on in parallel."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, threading.RLock] = {}

    def _lock(self, doc_id: str) -> threading.RLock:
        with self._guard:
            return self._locks.setdefault(doc_id, threading.RLock())

    @contextmanager
    def hold(self, doc_ids: Iterable[str]) -> Iterator[None]:
        with ExitStack() as stack:
            for doc_id in sorted(set(doc_ids)):
                stack.enter_context(self._lock(doc_id))
            yield
