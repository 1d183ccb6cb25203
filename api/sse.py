"""Server-Sent Events from the answer stream, shared by /v1/ask and /v1/chat/completions.

The answer is a sync generator (the model is read in worker threads). A client that stops reading (a chat UI's
Stop button, a closed tab) must not keep its answer slot or the model busy until the garbage collector happens
to finalise the abandoned generator (80 s to 4 min, measured before this design). So the response owns the end:
however the stream ends (its last event, an error, or the client leaving), the stop flag is set (the model's
stream stops at its next token), the answer slot is released at once, and the generator is closed as soon as
no worker thread is inside it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TypeVar

import anyio
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


class _Pump:
    """Steps a sync generator of encoded lines in worker threads, one step at a time; close() waits for a step
    still running (it ends at the model's next token once stop is set), then closes the generator."""

    def __init__(self, lines: Iterator[str], stop: threading.Event) -> None:
        self._lines = lines
        self._stop = stop
        self._lock = threading.Lock()

    def step(self) -> str | None:
        with self._lock:
            return None if self._stop.is_set() else next(self._lines, None)

    def close(self) -> None:
        with self._lock:
            close = getattr(self._lines, "close", None)
            if callable(close):
                close()

    async def lines(self) -> AsyncIterator[str]:
        # abandon_on_cancel: a client that leaves mid-step ends the response now, not after the model's sentence
        while (line := await anyio.to_thread.run_sync(self.step, abandon_on_cancel=True)) is not None:
            yield line


class AnswerStreamResponse(EventSourceResponse):
    """An SSE response that calls on_end exactly once when it is over, whether it ran to its end, failed, or
    the client disconnected (Starlette cancels the body then)."""

    def __init__(self, body: AsyncIterator[str], on_end: Callable[[], None]) -> None:
        super().__init__(body)
        self._on_end = on_end

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._on_end()


def stream_response(
    events: Iterator[T],
    encode: Callable[[Iterator[T]], Iterator[str]],
    on_error: Callable[[NewsqaError], str],
    stop: threading.Event,
    release: Callable[[], None],
) -> EventSourceResponse:
    """Prime the first event before any header is sent, so a model that is down is a clean 503 (not a broken
    stream); a failure after that travels as one last event, since the status line is already out. stop is the
    flag the answer stream watches; release gives the answer slot back (called once the stream is over)."""
    try:
        first = next(events)
    except BaseException:
        release()
        raise

    def primed() -> Iterator[T]:
        yield first
        yield from events

    def body() -> Iterator[str]:
        try:
            yield from encode(primed())
        except NewsqaError as exc:
            yield on_error(exc)
        except Stopped:
            return  # the client left: nobody reads what would follow

    pump = _Pump(body(), stop)

    def on_end() -> None:
        stop.set()
        release()
        threading.Thread(target=pump.close, name="newsqa-stream-close", daemon=True).start()

    return AnswerStreamResponse(pump.lines(), on_end)
