"""What an answer stream yields, and the clock that times its stages."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import ClassVar, Literal

from rag.answers import Answer, Citation

ProgressStage = Literal["searching", "reading", "writing", "checking"]


@dataclass(frozen=True)
class Progress:
    """Where the answer stands while the reader waits (a held answer is sent whole only once judged): searching,
    reading (how many passages of how many articles), writing, checking. message is for a person."""

    stage: ProgressStage
    message: str
    kind: ClassVar[Literal["progress"]] = "progress"


def preliminary(event: object) -> bool:
    """Progress before the answer is being written (searching, reading): a stream can still fail cleanly (a 503)
    after these, so an HTTP stream waits past them before it sends its status line."""
    return isinstance(event, Progress) and event.stage in ("searching", "reading")


@dataclass(frozen=True)
class Delta:
    """A piece of answer text, in order; the pieces joined are the answer's text."""

    text: str
    kind: ClassVar[Literal["delta"]] = "delta"


@dataclass(frozen=True)
class Cited:
    """One verified citation of the answer (sent after the text)."""

    citation: Citation
    kind: ClassVar[Literal["citation"]] = "citation"


@dataclass(frozen=True)
class Done:
    """The complete answer; always the last event. stale: a cited article changed while it was answered."""

    answer: Answer
    stale: bool = False
    kind: ClassVar[Literal["done"]] = "done"


StreamEvent = Progress | Delta | Cited | Done


class Stopped(Exception):
    """Raised out of an answer stream whose stop flag was set (its reader left): the model stops at its next
    token instead of finishing a reply nobody will read. Not an error to report."""


class Clock:
    """Milliseconds per stage (retrieve, evidence, generate, cite, ...) and in total."""

    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        self.timings: dict[str, float] = {}

    def lap(self, name: str, minus: float = 0.0) -> None:
        now = time.perf_counter()
        self.timings[f"{name}_ms"] = round((now - self.last - minus) * 1000, 2)
        self.last = now

    def done(self) -> dict[str, float]:
        self.last = time.perf_counter()
        self.timings["total_ms"] = round((self.last - self.started) * 1000, 2)
        return self.timings

    def since(self) -> float:
        """Seconds since the last lap (or done)."""
        return time.perf_counter() - self.last
