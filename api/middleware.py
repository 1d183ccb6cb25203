"""Pure ASGI middleware at the edge: a Host allow-list, a request body's size limit and deadline, and the last line
of defence for errors, all answering in the one error shape.

FastAPI's own max_body_size answers 413 in plain text and signals through private exceptions, so the limit is
kept here. The error guard answers 500 itself instead of re-raising (Starlette's ServerErrorMiddleware
re-raises, and uvicorn then drops the keep-alive connection: a client reusing it would see "connection reset").
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Mapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import HTTP_CODES

log = logging.getLogger("newsqa.api")


class BodyRefused(HTTPException):
    """Raised from receive() when a body breaks a limit. An HTTPException, so FastAPI's body reading passes it on
    (it turns any other error there into a 400) and api/errors.py answers in the error shape."""


class BodyTooLarge(BodyRefused):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over {limit} bytes")


class BodyTooSlow(BodyRefused):
    """The body did not arrive within api.body_timeout_s. The connection is closed with the answer: the rest of
    a slow body would otherwise keep it open (uvicorn reads and drops it)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(408, f"request body not received within {seconds:g} s", headers={"connection": "close"})


def host_allowed(host_header: str, allowed: list[str]) -> bool:
    """Starlette TrustedHostMiddleware's rule: the Host without its port is listed, or matches "*.domain"."""
    if "*" in allowed:
        return True
    host = host_header[1:].split("]", maxsplit=1)[0] if host_header.startswith("[") else host_header.split(":", maxsplit=1)[0]
    return any(host == name or (name.startswith("*.") and host.endswith(name[1:])) for name in allowed)


async def _send_error(send: Send, status: int, code: str, message: str, extra: Mapping[str, str] | None = None) -> None:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(name.encode(), value.encode()) for name, value in (extra or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class EdgeGuard:
    """400 for a Host not in allowed_hosts (DNS rebinding: the check Starlette's TrustedHostMiddleware makes);
    413 for a body over max_body_bytes, before reading it when Content-Length says so, else while it streams;
    408 for a body still incomplete body_timeout_s after the head; 500 for anything unhandled, the connection
    kept usable."""

    def __init__(self, app: ASGIApp, max_body_bytes: int, allowed_hosts: list[str], body_timeout_s: float = 15.0) -> None:
        self.app = app
        self.max_body = max_body_bytes
        self.allowed = allowed_hosts
        self.body_timeout_s = body_timeout_s

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
        started = False

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, self._bounded(receive), tracked_send)
        except BodyRefused as exc:  # raised where FastAPI does not read the body itself
            if not started:
                await _send_error(send, exc.status_code, HTTP_CODES[exc.status_code], str(exc.detail), exc.headers)
        except Exception as exc:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"), exc_info=exc)
            if not started:
                await _send_error(send, 500, "internal_error", "internal error; the server log has the details")

    def _bounded(self, receive: Receive) -> Receive:
        """receive() with the body's limits: its size, and its deadline until the last part has arrived (after
        that receive() only waits for the client to leave, which may take as long as a stream lasts)."""
        deadline = time.monotonic() + self.body_timeout_s
        seen, complete = 0, False

        async def bounded_receive() -> Message:
            nonlocal seen, complete
            if complete:
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                raise BodyTooSlow(self.body_timeout_s) from None
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                complete = not message.get("more_body", False)
            else:
                complete = True
            if seen > self.max_body:
                raise BodyTooLarge(self.max_body)
            return message

        return bounded_receive


def install(app: Any, max_body_bytes: int, allowed_hosts: list[str], body_timeout_s: float) -> None:
    """Outermost, so it also guards the routing and the other middleware."""
    app.add_middleware(EdgeGuard, max_body_bytes=max_body_bytes, allowed_hosts=allowed_hosts, body_timeout_s=body_timeout_s)
