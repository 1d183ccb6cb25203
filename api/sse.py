"""Server-Sent Events from the answer stream, shared by /v1/ask and /v1/chat/completions."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import TypeVar

from fastapi.sse import EventSourceResponse

from api.access import Access, Caller
from rag.errors import NewsqaError

T = TypeVar("T")


def sse(event: str, data: object) -> str:
    """One named SSE event with a JSON payload."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def error_payload(exc: NewsqaError) -> dict[str, dict[str, str]]:
    return {"error": {"code": exc.code, "message": str(exc)}}


def admitted(events: Iterator[T], access: Access, caller: Caller) -> Iterator[T]:
    """The events, with an answer slot held from the first one to the last (or the client leaving)."""
    with access.admit(caller):
        yield from events


def stream_response(
    events: Iterator[T], encode: Callable[[Iterator[T]], Iterator[str]], on_error: Callable[[NewsqaError], str]
) -> EventSourceResponse:
    """Prime the first event before any header is sent, so a model that is down is a clean 503 (not a broken
    stream); a failure after that travels as one last event, since the status line is already out."""
    first = next(events)

    def primed() -> Iterator[T]:
        yield first
        yield from events

    def body() -> Iterator[str]:
        try:
            yield from encode(primed())
        except NewsqaError as exc:
            yield on_error(exc)

    return EventSourceResponse(body())
