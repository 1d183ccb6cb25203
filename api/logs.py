"""Server logs: one JSON object a line (or plain text), each carrying the id of the request it was logged for.

The request id lives in a ContextVar (the standard way to carry per-request state into code that does not
take it as an argument): it follows the request into worker threads and stream tasks, which copy the
context, so a line the core logs while answering names the request too. python-json-logger formats the
lines: it is maintained, typed, and turns every `extra=` field into a JSON key.
"""

from __future__ import annotations

import logging
import re
import sys
import uuid
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import IO

from pythonjsonlogger.json import JsonFormatter

from rag.settings_edge import ApiSettings

_SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
_TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


@dataclass
class RequestContext:
    """What the log knows about the request being handled; caller is the key's name once it is known."""

    request_id: str
    caller: str | None = None


_current: ContextVar[RequestContext | None] = ContextVar("newsqa_request", default=None)


def request_id_for(incoming: str | None) -> str:
    """The client's X-Request-ID when it is sane (at most 128 of A-Z a-z 0-9 . _ -), else a new one."""
    return incoming if incoming is not None and _SANE_ID.fullmatch(incoming) else uuid.uuid4().hex


def enter(context: RequestContext) -> Token[RequestContext | None]:
    """Make context the current request's; returns the token leave() takes."""
    return _current.set(context)


def leave(token: Token[RequestContext | None]) -> None:
    _current.reset(token)


def current() -> RequestContext | None:
    return _current.get()


def note_caller(name: str) -> None:
    """Record who is calling (a key's name, never the key) for the access log."""
    context = _current.get()
    if context is not None:
        context.caller = name


class RequestIdFilter(logging.Filter):
    """Adds request_id to every record (None outside a request); on the handler, so records of every logger
    that reach it get one."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = _current.get()
        record.request_id = context.request_id if context else None
        record.__dict__.pop("color_message", None)  # uvicorn's copy of the message with terminal colour codes
        return True


def log_handler(log_format: str, stream: IO[str] | None = None) -> logging.Handler:
    """A handler writing json or text lines to stream (default stderr), request ids included; auto is text on a
    terminal (a person reads it) and json otherwise (a log shipper does)."""
    handler = logging.StreamHandler(stream)
    target = stream if stream is not None else sys.stderr
    if log_format == "json" or (log_format == "auto" and not target.isatty()):
        fields = ["levelname", "name", "message", "request_id"]
        handler.setFormatter(JsonFormatter(fields, rename_fields={"levelname": "level", "name": "logger"}, timestamp=True))
    else:
        handler.setFormatter(logging.Formatter(_TEXT_FORMAT))
    handler.addFilter(RequestIdFilter())
    return handler


def configure_logging(api: ApiSettings) -> None:
    """For `newsqa serve`: newsqa's and uvicorn's loggers write through one handler in api.log_format."""
    handler = log_handler(api.log_format)
    for name in ("newsqa", "uvicorn"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(api.log_level.upper())
        logger.propagate = False
    # every other library's lines in the same format, and only its warnings: a root logger with a handler makes
    # the MCP SDK's logging.basicConfig a no-op, which would add a rich handler at INFO and so show onnxruntime's
    # quantizer notes as the embedder loads
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
