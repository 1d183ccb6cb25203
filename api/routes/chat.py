"""POST /v1/chat/completions: the OpenAI chat protocol, so chat bots can use newsqa as their "model".

The last user message is the question. The reply's content is the cited answer followed by its sources as
footnotes (chat UIs show only content); the structured citations ride along in a `citations` field.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.deps import ServiceDep
from api.schemas import AS_OF_DESCRIPTION, SEED_QUESTION, CitationOut, errors
from api.sse import error_payload, stream_response
from rag.errors import InvalidRequest, NewsqaError
from rag.service import Delta, Done, StreamEvent
from rag.types import Answer

router = APIRouter(tags=["openai-compatible"])
MODEL = "newsqa"
MAX_MESSAGES = 100
MAX_MESSAGE_CHARS = 20_000  # per message (and per content part); the whole body is capped by api.max_body_bytes
_DONE = "data: [DONE]\n\n"


MessageText = Annotated[str, StringConstraints(max_length=MAX_MESSAGE_CHARS)]


class ContentPart(BaseModel):
    """One part of a message's content; only text parts are read (images and the like are ignored)."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(..., max_length=64)
    text: MessageText | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: str = Field(..., max_length=64)
    content: MessageText | Annotated[list[ContentPart], Field(max_length=50)] | None = None


class ChatRequest(BaseModel):
    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={"examples": [{"model": MODEL, "messages": [{"role": "user", "content": SEED_QUESTION}]}]},
    )

    model: str = MODEL
    messages: list[ChatMessage] = Field(..., min_length=1, max_length=MAX_MESSAGES, description="Up to 100 messages.")
    stream: bool = False
    as_of: date | datetime | None = Field(None, description=AS_OF_DESCRIPTION + " (newsqa's own field; send it as extra_body).")


class ChatChoice(BaseModel):
    index: int
    message: dict[str, str]
    finish_reason: Literal["stop"]


class ChatResponse(BaseModel):
    id: str
    object: Literal["chat.completion"]
    created: int
    model: str
    choices: list[ChatChoice]
    citations: list[CitationOut] = Field(
        ..., description="newsqa's exact citations for the answer (not part of OpenAI's schema)."
    )


def _question(messages: list[ChatMessage]) -> str:
    for message in reversed(messages):
        if message.role == "user":
            content = message.content
            text = content if isinstance(content, str) else " ".join(p.text or "" for p in content or [] if p.type == "text")
            if text.strip():
                return text.strip()[:2000]
    raise InvalidRequest("messages: no user message with text")


def _content(answer: Answer) -> str:
    if not answer.citations:
        return answer.answer
    notes = "\n".join(f'[{c.n}] {c.title} — "{c.quote}" ({c.doc_id}, characters {c.start}-{c.end})' for c in answer.citations)
    return f"{answer.answer}\n\nSources:\n{notes}"


def _chunk(rid: str, delta: dict[str, str], finish: str | None = None, **extra: Any) -> str:
    body = {
        "id": rid,
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": MODEL,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        **extra,
    }
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"


def _encoder(rid: str) -> Callable[[Iterator[StreamEvent]], Iterator[str]]:
    def encode(events: Iterator[StreamEvent]) -> Iterator[str]:
        yield _chunk(rid, {"role": "assistant", "content": ""})
        for event in events:
            match event:
                case Delta(text=text):
                    yield _chunk(rid, {"content": text})
                case Done(answer=answer):
                    notes = _content(answer)[len(answer.answer) :]
                    cites = [asdict(c) for c in answer.citations]
                    yield _chunk(rid, {"content": notes} if notes else {}, "stop", citations=cites)
        yield _DONE

    return encode


def _error(exc: NewsqaError) -> str:
    return f"data: {json.dumps(error_payload(exc))}\n\n{_DONE}"


@router.post(
    "/v1/chat/completions",
    response_model=ChatResponse,
    summary="OpenAI-compatible chat completions (cited answers)",
    description="For chat bots that speak the OpenAI protocol: the last user message is answered from the articles; "
    "the content ends with the sources as footnotes and `citations` holds the exact spans. `stream: true` gives "
    "`chat.completion.chunk` events and `[DONE]`. Sampling parameters are ignored: answers are deterministic.",
    responses={200: {"content": {"text/event-stream": {}}}, **errors(422, 503)},
)
def chat_completions(body: ChatRequest, service: ServiceDep) -> Response | ChatResponse:
    """OpenAI-compatible chat completions (cited answers)."""
    question, rid = _question(body.messages), f"chatcmpl-{uuid.uuid4().hex[:24]}"
    if body.stream:
        return stream_response(service.answer_stream(question, as_of=body.as_of), _encoder(rid), _error)
    answer = service.answer(question, as_of=body.as_of)
    return ChatResponse(
        id=rid,
        object="chat.completion",
        created=int(time.time()),
        model=MODEL,
        choices=[ChatChoice(index=0, message={"role": "assistant", "content": _content(answer)}, finish_reason="stop")],
        citations=answer.citations,
    )
