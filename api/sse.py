"""Server-Sent Events from the answer stream, shared by /v1/ask and /v1/chat/completions.

The answer is a sync generator (the model is read in worker threads). A client that stops reading (a chat UI's
Stop button, a closed tab) must not keep its answer slot or the model busy until the garbage collector happens
to finalise the abandoned generator (80 s to 4 min, measured before this design), nor while the confidence gate
holds the answer back until it is judged (39 s in one run, during which nothing was sent and nothing watched the
client). So the response owns the whole stream: it waits for the first event while listening for the client to
leave, and however the stream ends (its last event, an error, or the client leaving, before or after the first
event) the stop flag is set (the model's stream stops at its next token), the answer slot is released at once,
and the generator is closed as soon as no worker thread is inside it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator, Callable, Generator, Iterator
from typing import Generic, TypeVar

import anyio
from anyio import CancelScope
from fastapi.sse import EventSourceResponse
from starlette.types import Receive, Scope, Send

from rag.answer.events import Stopped
from rag.errors import NewsqaError

T = TypeVar("T")


def sse(event: str, data: object) -> str:
    """One named SSE event with a JSON payload."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def error_payload(exc: NewsqaError) -> dict[str, dict[str, str]]:
    return {"error": {"code": exc.code, "message": str(exc)}}


class _Steps(Generic[T]):
    """The answer's events and the encoded lines made of them, stepped in worker threads one step at a time under
    one lock; close() waits for a step still running (it ends at the model's next token once stop is set)."""

    def __init__(
        self,
        events: Iterator[T],
        encode: Callable[[Iterator[T]], Iterator[str]],
        on_error: Callable[[NewsqaError], str],
        stop: threading.Event,
        early: Callable[[T], bool],
    ) -> None:
        self._events = events
        self._early = early
        self._stop = stop
        self._lock = threading.Lock()
        self._first: list[T] = []
        self._lines = self._body(encode, on_error)

    def prime(self) -> bool:
        """Wait for the first event past the early ones (a model that is down raises here, before any header is
        sent); False when the stream was stopped first."""
        with self._lock:
            if self._stop.is_set():
                return False
            try:
                self._first = [next(self._events)]
                while self._early(self._first[-1]) and not self._stop.is_set():
                    self._first.append(next(self._events))
            except (Stopped, StopIteration):
                return False
            return True

    def _primed(self) -> Iterator[T]:
        yield from self._first
        yield from self._events

    def _body(
        self, encode: Callable[[Iterator[T]], Iterator[str]], on_error: Callable[[NewsqaError], str]
    ) -> Generator[str, None, None]:
        try:
            yield from encode(self._primed())
        except NewsqaError as exc:  # after the first event the status line is out: the failure is one last event
            yield on_error(exc)
        except Stopped:
            return  # the client left: nobody reads what would follow

    def step(self) -> str | None:
        with self._lock:
            return None if self._stop.is_set() else next(self._lines, None)

    def close(self) -> None:
        with self._lock:
            self._lines.close()
            close = getattr(self._events, "close", None)  # never started when the client left before the first event
            if callable(close):
                close()


class AnswerStreamResponse(EventSourceResponse):
    """An SSE response that waits for its first event while watching the client, and calls on_end exactly once
    when it is over, whether it ran to its end, failed, or the client disconnected (before or during the body)."""

    def __init__(self, steps: _Steps[T], stop: threading.Event, on_end: Callable[[], None]) -> None:
        super().__init__(self._lines())
        self._steps: _Steps[object] = steps  # type: ignore[assignment]  # only its str lines are read here
        self._stop = stop
        self._on_end = on_end

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            if await self._prime(receive):
                await super().__call__(scope, receive, send)
        finally:
            self._on_end()

    async def _prime(self, receive: Receive) -> bool:
        """The first event, or False when the client left first (nothing is sent then: nobody is there)."""
        failure: Exception | None = None
        primed = False
        async with anyio.create_task_group() as group:
            group.start_soon(self._watch, receive, group.cancel_scope)
            try:
                primed = await anyio.to_thread.run_sync(self._steps.prime, abandon_on_cancel=True)
            except Exception as exc:  # raised after the group, outside its exception group: a 503 in the error shape
                failure = exc
            group.cancel_scope.cancel()
        if failure is not None:
            raise failure
        return primed

    async def _watch(self, receive: Receive, scope: CancelScope) -> None:
        while (await receive())["type"] != "http.disconnect":
            pass
        self._stop.set()  # the model stops at its next token
        scope.cancel()

    async def _lines(self) -> AsyncIterator[str]:
        # abandon_on_cancel: a client that leaves mid-step ends the response now, not after the model's sentence
        while (line := await anyio.to_thread.run_sync(self._steps.step, abandon_on_cancel=True)) is not None:
            yield line


def stream_response(
    events: Iterator[T],
    encode: Callable[[Iterator[T]], Iterator[str]],
    on_error: Callable[[NewsqaError], str],
    stop: threading.Event,
    release: Callable[[], None],
    early: Callable[[T], bool],
) -> EventSourceResponse:
    """The answer stream as SSE. A model that is down before the first event past the early ones (progress before
    the model is asked) is a clean 503 (not a broken stream); a failure after that travels as one last event, since
    the status line is already out. stop is the flag the answer stream watches; release gives the answer slot back
    (called once the stream is over)."""
    steps = _Steps(events, encode, on_error, stop, early)

    def on_end() -> None:
        stop.set()
        release()
        threading.Thread(target=steps.close, name="newsqa-stream-close", daemon=True).start()

    return AnswerStreamResponse(steps, stop, on_end)
