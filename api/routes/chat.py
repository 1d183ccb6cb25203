"""POST /v1/chat/completions and GET /v1/models: the OpenAI chat protocol, so chat bots can use newsqa as their
"model".

The last user message is the question; earlier user/assistant messages are the conversation it is read in (a
follow-up is rewritten to stand alone). The reply's content is the cited answer followed by its sources as
footnotes (chat UIs show only content); the structured citations ride along in a `citations` field.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from api.access import KeyFirstRoute
from api.convert import answer_out, to_filters, trust_out, window_out
from api.deps import AccessDep, ReaderDep, ServiceDep
from api.openai_schemas import MODEL, ChatChoice, ChatMessage, ChatRequest, ChatResponse, ChatUsage, ModelCard, ModelList
from api.reasons import plain_reason
from api.schemas import BODY, errors
from api.sse import error_payload, stream_response
from rag.answer.events import Delta, Done, StreamEvent, preliminary
from rag.answers import Answer, Ask, Citation
from rag.errors import InvalidRequest, NewsqaError
from rag.text.injection import addresses_the_model
from rag.trust.corroboration import outlet
from rag.types import Message

router = APIRouter(tags=["openai-compatible"], route_class=KeyFirstRoute)
_DONE = "data: [DONE]\n\n"
log = logging.getLogger("newsqa.api")
_STARTED = int(time.time())


def conversation(messages: list[ChatMessage]) -> tuple[str, list[Message]]:
    """The last user message with text, and the user/assistant messages before it."""
    for at in range(len(messages) - 1, -1, -1):
        if messages[at].role == "user" and messages[at].text().strip():
            earlier = [m for m in messages[:at] if m.role in {"user", "assistant"} and m.text().strip()]
            history = [Message(role="user" if m.role == "user" else "assistant", content=m.text()) for m in earlier]
            return messages[at].text().strip()[:2000], history
    raise InvalidRequest("messages: no user message with text")


def _title(title: str) -> str:
    # chat content is read by the bot's own model: a title that speaks to a model is withheld there, as in the prompt
    # (the structured citations keep the stored title: they are data, not text a model reads as the conversation)
    return "(title withheld)" if addresses_the_model(title) else " ".join(title.split())


_IMAGE = re.compile(r"!\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)")
_LINK = re.compile(r"\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto|ftp|data|javascript):[^>\s]{0,2000})>", re.IGNORECASE)


def inert(text: str) -> str:
    """Article text as chat content: a chat UI renders markdown, so an article's images would load (a tracking pixel,
    or an address that carries the conversation out) and its links would be clickable as if newsqa offered them.
    Images become their alt text, links their text; the structured citations keep the exact quote."""
    return _AUTOLINK.sub(r"\1", _LINK.sub(r"\1", _IMAGE.sub(r"\1", text)))


def _content(answer: Answer) -> str:
    if answer.status == "not_in_corpus":
        why = plain_reason(answer_out(answer))
        return f"{answer.answer}\n\n{why}" if why else answer.answer
    if not answer.citations:
        return inert(answer.answer)
    once = {c.n: c for c in answer.citations}  # a source cited by two claims is one footnote
    notes = "\n".join(
        f'[{c.n}] {_when_where(c) if answer.kind == "briefing" else ""}{inert(_title(c.title))} — "{inert(c.quote)}" '
        f"({c.doc_id}, characters {c.start}-{c.end})"
        for c in sorted(once.values(), key=lambda c: c.n)
    )
    return f"{inert(answer.answer)}\n\nSources:\n{notes}"


def _when_where(citation: Citation) -> str:
    """A briefing's footnote opens with who published the line and when: "usatoday.com, 2025-10-09 — "."""
    said = [x for x in (outlet(citation.url), (citation.published_at or "")[:10]) if x]
    return f"{', '.join(said)} — " if said else ""


def _usage(answer: Answer) -> ChatUsage | None:
    u = answer.trace.usage
    return (
        ChatUsage(
            prompt_tokens=u.prompt_tokens,
            completion_tokens=u.completion_tokens,
            total_tokens=u.prompt_tokens + u.completion_tokens,
        )
        if u
        else None
    )


def _chunk(rid: str, delta: dict[str, str], finish: str | None = None, **extra: Any) -> str:
    choice = {"index": 0, "delta": delta, "finish_reason": finish}
    body = {"id": rid, "object": "chat.completion.chunk", "created": int(time.time()), "model": MODEL, "choices": [choice]}
    return f"data: {json.dumps({**body, **extra}, ensure_ascii=False)}\n\n"


def _encoder(rid: str) -> Callable[[Iterator[StreamEvent]], Iterator[str]]:
    def encode(events: Iterator[StreamEvent]) -> Iterator[str]:
        yield _chunk(rid, {"role": "assistant", "content": ""})
        for event in events:
            match event:
                case Delta(text=text):
                    yield _chunk(rid, {"content": inert(text)})
                case Done(answer=answer):
                    notes = _content(answer)[len(inert(answer.answer)) :]
                    usage = _usage(answer)
                    extra: dict[str, Any] = {
                        "citations": [asdict(c) for c in answer.citations],
                        "question": answer.trace.question,
                        "status": answer.status,
                        "time_window": window.model_dump() if (window := window_out(answer.trace.window)) else None,
                        **trust_out(answer).model_dump(mode="json"),
                    }
                    extra |= {"usage": usage.model_dump()} if usage else {}
                    yield _chunk(rid, {"content": notes} if notes else {}, "stop", **extra)  # the last chunk
        yield _DONE

    return encode


def _error(exc: NewsqaError) -> str:
    return f"data: {json.dumps(error_payload(exc))}\n\n{_DONE}"


@router.post(
    "/v1/chat/completions",
    response_model=ChatResponse,
    summary="OpenAI-compatible chat completions (cited answers)",
    description="For chat bots that speak the OpenAI protocol: the last user message is answered from the articles, "
    'read in the conversation before it (a follow-up such as "What did he call it?" is rewritten to stand alone; '
    "`question` shows what was searched). The content ends with the sources as footnotes and `citations` holds "
    "the exact spans. `stream: true` gives `chat.completion.chunk` events whose texts add up to the same content, "
    "the citations on the last chunk, then `[DONE]`. Unknown fields are ignored; temperature and max_tokens are "
    "accepted and ignored (answers are deterministic).",
    responses={200: {"content": {"text/event-stream": {}}}, **errors(401, *BODY, 422, 429, 503)},
)
def chat_completions(body: ChatRequest, service: ServiceDep, caller: ReaderDep, access: AccessDep) -> Response | ChatResponse:
    """OpenAI-compatible chat completions (cited answers)."""
    (question, history), rid = conversation(body.messages), f"chatcmpl-{uuid.uuid4().hex[:24]}"
    log.debug("question: %s", question)  # only at debug: questions can be personal
    filters = to_filters(body.filters)
    ask = Ask.of(question, as_of=body.as_of, filters=filters, history=history, min_confidence=body.min_confidence)
    if body.stream:
        release, stop = access.take_slot(caller), threading.Event()
        events = service.answer_stream(ask, stop=stop)
        return stream_response(events, _encoder(rid), _error, stop, release, preliminary)
    with access.admit(caller):
        answer = service.answer(ask)
    return ChatResponse(
        id=rid,
        object="chat.completion",
        created=int(time.time()),
        model=MODEL,
        choices=[ChatChoice(index=0, message={"role": "assistant", "content": _content(answer)}, finish_reason="stop")],
        usage=_usage(answer),
        citations=answer.citations,
        question=answer.trace.question,
        status=answer.status,
        time_window=window_out(answer.trace.window),
        **trust_out(answer).model_dump(),
    )


@router.get(
    "/v1/models",
    response_model=ModelList,
    summary="The one model newsqa serves",
    description="OpenAI's model list: `newsqa`.",
    responses=errors(401, 429),
)
async def list_models(_: ReaderDep) -> ModelList:
    """The one model newsqa serves."""
    return ModelList(data=[ModelCard(id=MODEL, created=_STARTED, owned_by="newsqa")])
