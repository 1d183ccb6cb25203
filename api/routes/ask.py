"""POST /v1/ask: a cited answer, as JSON or as Server-Sent Events."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict

from fastapi import APIRouter
from fastapi.responses import Response
from fastapi.sse import EventSourceResponse

from api.convert import answer_out, to_filters
from api.deps import ServiceDep
from api.schemas import AskRequest, AskResponse, errors
from rag.errors import NewsqaError
from rag.service import StreamEvent
from rag.types import Answer

router = APIRouter(tags=["answers"])

ASK_DESCRIPTION = """Answer a question from the ingested articles. Every claim carries `[n]` markers, and each
`citations[]` entry gives the article (`doc_id`, `title`, `url`), the exact character offsets `start`/`end` and
the `quote`, which always equals the stored article text at `[start:end]`; `answer_start`/`answer_end` mark the
part of the answer it supports. `status` is `not_in_corpus` (and `citations` empty) when the articles do not
answer the question. With `"stream": true` the reply is Server-Sent Events: `delta` (text), `citation`, and a
final `done` carrying the full response (an `error` event if the model fails mid-answer)."""


def _sse(kind: str, data: object) -> str:
    return f"event: {kind}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _encode(event: StreamEvent) -> str:
    if isinstance(event.data, Answer):
        return _sse("done", answer_out(event.data).model_dump())
    if isinstance(event.data, str):
        return _sse("delta", {"text": event.data})
    return _sse("citation", asdict(event.data))


def _stream(first: StreamEvent, rest: Iterator[StreamEvent]) -> Iterator[str]:
    yield _encode(first)
    try:
        for event in rest:
            yield _encode(event)
    except NewsqaError as exc:  # headers are sent: the failure travels as an event
        yield _sse("error", {"error": {"code": exc.code, "message": str(exc)}})


@router.post(
    "/v1/ask",
    response_model=AskResponse,
    summary="Answer a question with exact, cited source spans",
    description=ASK_DESCRIPTION,
    responses={200: {"content": {"text/event-stream": {}}}, **errors(422, 503)},
)
def ask(body: AskRequest, service: ServiceDep) -> Response | AskResponse:
    """Answer a question with exact, cited source spans."""
    filters = to_filters(body.filters)
    if body.stream:
        events = service.answer_stream(body.question, body.top_k, filters)
        first = next(events)  # a model that is down fails here, before any header: a clean 503
        return EventSourceResponse(_stream(first, events))
    return answer_out(service.answer(body.question, body.top_k, filters))
