"""POST /v1/ask: a cited answer, as JSON or as Server-Sent Events."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict

from fastapi import APIRouter
from fastapi.responses import Response

from api.access import KeyFirstRoute
from api.answer_schemas import AskResponse
from api.convert import answer_out, to_filters
from api.deps import AccessDep, ReaderDep, ServiceDep
from api.schemas import BODY, AskRequest, errors
from api.sse import error_payload, sse, stream_response
from rag.answer.events import Cited, Delta, Done, Progress, StreamEvent, preliminary
from rag.answers import Ask
from rag.errors import NewsqaError
from rag.types import Message

router = APIRouter(tags=["answers"], route_class=KeyFirstRoute)
log = logging.getLogger("newsqa.api")

ASK_DESCRIPTION = """Answer a question from the ingested articles. Every claim carries `[n]` markers, and each
`citations[]` entry gives the article (`doc_id`, `title`, `url`), the exact character offsets `start`/`end` and
the `quote`, which always equals the stored article text at `[start:end]`; `answer_start`/`answer_end` mark the
part of the answer it supports. `status` is `not_in_corpus` (and `citations` empty) when the articles do not
answer the question. With `"stream": true` the reply is Server-Sent Events: `progress` while the answer is formed
(`stage`: searching, reading, writing, checking, and a `message` for a person), `delta` (text), `citation`, and a
final `done` carrying the full response (an `error` event if the model fails mid-answer). The same ask again (or
again with `min_confidence` 0, to see a withheld answer) is served at once from the answers just formed, until
the next write. With `"include":
["trace"]` the response also carries `trace`: the question as searched, the chunks retrieved with their scores,
the sentences the model was given with theirs, the best evidence score and the model's refusal probability."""


def _encoder(include: Sequence[str]) -> Callable[[Iterator[StreamEvent]], Iterator[str]]:
    def encode(events: Iterator[StreamEvent]) -> Iterator[str]:
        for event in events:
            match event:
                case Progress():
                    yield sse("progress", asdict(event))
                case Delta(text=text):
                    yield sse("delta", {"text": text})
                case Cited(citation=citation):
                    yield sse("citation", asdict(citation))
                case Done(answer=answer):
                    yield sse("done", answer_out(answer, include).model_dump(mode="json"))

    return encode


def _error(exc: NewsqaError) -> str:
    return sse("error", error_payload(exc))


@router.post(
    "/v1/ask",
    response_model=AskResponse,
    summary="Answer a question with exact, cited source spans",
    description=ASK_DESCRIPTION,
    responses={200: {"content": {"text/event-stream": {}}}, **errors(401, *BODY, 422, 429, 503)},
)
def ask(body: AskRequest, service: ServiceDep, caller: ReaderDep, access: AccessDep) -> Response | AskResponse:
    """Answer a question with exact, cited source spans."""
    log.debug("question: %s", body.question)  # only at debug: questions can be personal
    history = [Message(role=m.role, content=m.content) for m in body.history]
    asked = Ask.of(
        body.question,
        as_of=body.as_of,
        filters=to_filters(body.filters),
        top_k=body.top_k,
        history=history,
        min_confidence=body.min_confidence,
    )
    if body.stream:
        release, stop = access.take_slot(caller), threading.Event()
        events = service.answer_stream(asked, stop=stop)
        return stream_response(events, _encoder(body.include), _error, stop, release, preliminary)
    with access.admit(caller):
        return answer_out(service.answer(asked), body.include)
