"""Pure ASGI middleware at the edge: a Host allow-list, a request-body size limit and the last line of defence
for errors, all answering in the one error shape.

FastAPI's own max_body_size answers 413 in plain text and signals through private exceptions, so the limit is
kept here. The error guard answers 500 itself instead of re-raising (Starlette's ServerErrorMiddleware
re-raises, and uvicorn then drops the keep-alive connection: a client reusing it would see "connection reset").
"""

from __future__ import annotations

import json
import logging
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("newsqa.api")


class BodyTooLarge(HTTPException):
    """Raised from receive() once a streamed body passes the limit. An HTTPException, so FastAPI's body reading
    passes it on (it turns any other error there into a 400) and api/errors.py answers 413 in the error shape."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over {limit} bytes")


def host_allowed(host_header: str, allowed: list[str]) -> bool:
    """Starlette TrustedHostMiddleware's rule: the Host without its port is listed, or matches "*.domain"."""
    if "*" in allowed:
        return True
    host = host_header[1:].split("]", maxsplit=1)[0] if host_header.startswith("[") else host_header.split(":", maxsplit=1)[0]
    return any(host == name or (name.startswith("*.") and host.endswith(name[1:])) for name in allowed)


async def _send_error(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class EdgeGuard:
    """400 for a Host not in allowed_hosts (DNS rebinding: the check Starlette's TrustedHostMiddleware makes);
    413 for a body over max_body_bytes, before reading it when Content-Length says so, else while it streams;
    500 for anything unhandled, the connection kept usable."""

    def __init__(self, app: ASGIApp, max_body_bytes: int, allowed_hosts: list[str]) -> None:
        self.app = app
        self.max_body = max_body_bytes
        self.allowed = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        if not host_allowed(headers.get(b"host", b"").decode("latin-1"), self.allowed):
            await _send_error(send, 400, "invalid_host", "this server does not answer to that Host header")
            return
        length = headers.get(b"content-length", b"")
        if length.isdigit() and int(length) > self.max_body:
            await _send_error(send, 413, "too_large", f"request body over {self.max_body} bytes")
            return
        started, seen = False, 0

        async def counted_receive() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b"")) if message["type"] == "http.request" else 0
            if seen > self.max_body:
                raise BodyTooLarge(self.max_body)
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge as exc:  # raised where FastAPI does not read the body itself
            if not started:
                await _send_error(send, 413, "too_large", str(exc.detail))
        except Exception as exc:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"), exc_info=exc)
            if not started:
                await _send_error(send, 500, "internal_error", "internal error; the server log has the details")


def install(app: Any, max_body_bytes: int, allowed_hosts: list[str]) -> None:
    """Outermost, so it also guards the routing and the other middleware."""
    app.add_middleware(EdgeGuard, max_body_bytes=max_body_bytes, allowed_hosts=allowed_hosts)
