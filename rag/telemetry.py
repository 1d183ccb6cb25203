"""What the core reports as it works, for whoever measures it (the API's Prometheus metrics, api/metrics.py).

The core only emits plain events to an Observer; it imports no metrics library and knows no registry. With
no observer added (the CLI, tests of the core) events go nowhere.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from rag.answers import Answer
from rag.types import Indexed

log = logging.getLogger("newsqa.telemetry")


@dataclass(frozen=True)
class Answered:
    """An answer was produced (its timings and usage say what it cost), or served again from the answers just
    formed (cached: it cost nothing more)."""

    answer: Answer
    cached: bool = False


@dataclass(frozen=True)
class LLMFailed:
    """The chat model could not be reached while rewriting a follow-up (condense), answering (generate) or checking
    the answer against its quotes (verify)."""

    stage: Literal["condense", "generate", "verify"]


@dataclass(frozen=True)
class Written:
    """A write through the article collection: what each article became, or how many were refused."""

    results: Sequence[Indexed] = ()
    failed: int = 0


@dataclass(frozen=True)
class KeywordRefreshed:
    """The keyword index took a change: the count-th update this process made, in seconds; built when it was a
    first build (an empty index caught up with the store), articles how many articles it rewrote; ok=False when a
    catch-up failed and the index stays as it was."""

    count: int
    seconds: float
    built: bool
    ok: bool = True
    articles: int = 0


@dataclass
class Polled:
    """One source's poll by the feed loop (rag/feeds): its articles by result, the seconds it took, and the source's
    own failure (ok=False, reason: unreachable, malformed, refused) or why it was skipped (backing off, stopped). The
    poller fills it in and reports it once the source is done."""

    source: str
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    seconds: float = 0.0
    ok: bool = True
    reason: str = ""
    skipped: bool = False


@dataclass(frozen=True)
class Fresh:
    """A fetched article became searchable: seconds since its entry appeared in its feed."""

    source: str
    seconds: float


TelemetryEvent = Answered | LLMFailed | Written | KeywordRefreshed | Polled | Fresh


class Observer(Protocol):
    """Receives each event as it happens, on the thread that caused it."""

    def observe(self, event: TelemetryEvent) -> None: ...


class Observers:
    """Fans events out to the observers added (an app adds its metrics for as long as it serves).

    An observer that fails is logged and skipped: measuring must never fail an answer or a write."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._observers: tuple[Observer, ...] = ()

    def add(self, observer: Observer) -> None:
        with self._lock:
            self._observers = (*self._observers, observer)

    def remove(self, observer: Observer) -> None:
        with self._lock:
            self._observers = tuple(o for o in self._observers if o is not observer)

    def observe(self, event: TelemetryEvent) -> None:
        for observer in self._observers:  # a tuple replaced whole under the lock: safe to read without it
            try:
                observer.observe(event)
            except Exception:
                log.exception("an observer failed on %s", type(event).__name__)


class NoObserver:
    """The default: events go nowhere."""

    def observe(self, event: TelemetryEvent) -> None:
        pass
