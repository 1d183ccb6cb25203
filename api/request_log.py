"""The outermost middleware: a request id for every request, its metrics, and one access-log line.

Outermost, so the id is on every response (the edge guard's 400/413/500 too) and every line logged while the
request is handled, down to the stream's last event, carries it. uvicorn's own access log is off
(api/server.py), so each request is logged exactly once, here. The line never holds the query string (a
key sent in the URL is refused, but it would still be in it) nor the question (logged at DEBUG by the routes).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import logs
from api.metrics import Metrics, method_label

access_log = logging.getLogger("newsqa.access")
HEADER = "X-Request-ID"
QUIET_ROUTES = frozenset({"/ui/static/{name}", "/favicon.ico"})


def route_of(scope: Scope) -> str:
    """The matched route's template ("/v1/documents/{doc_id}"), or "unmatched" (bounded label values)."""
    path = getattr(scope.get("route"), "path", None)
    return path if isinstance(path, str) else "unmatched"


class RequestLog:
    """Gives each request an id (the client's X-Request-ID when sane), times it and logs it once."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        context = logs.RequestContext(logs.request_id_for(Headers(scope=scope).get(HEADER)))
        token = logs.enter(context)
        started, status = time.perf_counter(), 500  # 500 if the app ends without answering

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[HEADER] = context.request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            self._finished(scope, context, status, time.perf_counter() - started)
            logs.leave(token)

    def _finished(self, scope: Scope, context: logs.RequestContext, status: int, seconds: float) -> None:
        method, route = method_label(scope["method"]), route_of(scope)
        self.metrics.request(method, route, status, seconds)
        fields: dict[str, Any] = {
            "method": method,
            "route": route,
            "path": scope["path"],
            "status": status,
            "duration_ms": round(seconds * 1000, 2),
            "client": context.caller,
        }
        # the page's own files, served fine, are noise beside the requests that matter (debug shows them)
        level = logging.DEBUG if route in QUIET_ROUTES and status < 400 else logging.INFO
        access_log.log(level, "%s %s %d %.1f ms", method, scope["path"], status, seconds * 1000, extra=fields)


def install(app: Any, metrics: Metrics) -> None:
    """Add last, so it wraps every other middleware."""
    app.add_middleware(RequestLog, metrics=metrics)
