"""How uvicorn serves the app: timeouts and limits a shared service needs, enforced at the connection.

uvicorn's own keep-alive timer does not run while a client is still sending its request line and headers, so
a client that drips one header byte at a time (or connects and says nothing) would hold a connection forever.
EdgeProtocol closes a connection whose request head is not complete within api.header_timeout_s, refuses a head
over api.max_header_bytes even when it arrives in one read (h11 checks only heads still incomplete: a 98 KiB head
in one packet was accepted), and answers the connection limit, the oversized head and a malformed request in the
JSON error shape (uvicorn answers them in plain text), and closes a connection answered before its request body
had arrived (a keyless client dripping its body held it for as long as it dripped). The body's own deadline is kept
by api/middleware.py.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import h11
from uvicorn.config import Config
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState

from rag.settings_edge import ApiSettings

_HEAD_END = re.compile(rb"\r?\n\r?\n")
_REASONS = {400: "Bad Request", 431: "Request Header Fields Too Large", 503: "Service Unavailable"}


def error_bytes(status: int, code: str, message: str, retry_after: int | None = None) -> bytes:
    """A whole HTTP/1.1 response in the error shape that closes the connection (written before any app runs)."""
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    extra = f"retry-after: {retry_after}\r\n" if retry_after is not None else ""
    head = (
        f"HTTP/1.1 {status} {_REASONS[status]}\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n"
        f"{extra}connection: close\r\n\r\n"
    )
    return head.encode() + body


async def _overloaded(scope: Any, receive: Any, send: Any) -> None:
    """The app a request gets beyond the connection limit: 503 in the error shape, connection closed."""
    body = json.dumps({"error": {"code": "overloaded", "message": "too many connections; try again shortly"}}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(b"retry-after", b"1"), (b"connection", b"close")]
    await send({"type": "http.response.start", "status": 503, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def edge_protocol(api: ApiSettings) -> type[H11Protocol]:
    """An h11 protocol class with the head deadline, the head size limit and the connection limit of api."""
    timeout_s, max_head, max_connections = api.header_timeout_s, api.max_header_bytes, api.max_connections

    class EdgeProtocol(H11Protocol):
        def __init__(self, config: Config, server_state: ServerState, app_state: dict[str, Any], **kwargs: Any) -> None:
            super().__init__(config, server_state, app_state, **kwargs)
            self._deadline: asyncio.TimerHandle | None = None
            self._head = b""  # the request head received so far (while the connection waits for one)
            self._app = self.app

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            if self.conn.their_state is h11.IDLE:
                if self._head_too_large(data):
                    return
                busy = len(self.connections) > max_connections or len(self.tasks) >= max_connections
                self.app = _overloaded if busy else self._app  # read by handle_events when the head completes
            super().data_received(data)
            if self.conn.their_state is not h11.IDLE:  # the whole head has arrived
                self._head = b""
                self._disarm()

        def _head_too_large(self, data: bytes) -> bool:
            self._head = (self._head + data)[: max_head + 4]
            end = _HEAD_END.search(self._head)
            if (end.start() if end else len(self._head)) <= max_head:
                return False
            self.send_error(431, "headers_too_large", f"request line and headers over {max_head} bytes")
            return True

        def send_400_response(self, msg: str) -> None:
            self.send_error(400, "invalid_http", "not a valid HTTP/1.1 request")

        def send_error(self, status: int, code: str, message: str) -> None:
            if not self.transport.is_closing():
                self.transport.write(error_bytes(status, code, message))
                self.transport.close()

        def on_response_complete(self) -> None:
            if self.conn.their_state is h11.SEND_BODY and not self.transport.is_closing():
                # answered before its body had arrived (401 before a key's body is read, 404, 405): a client that
                # drips the rest would hold the connection, each byte restarting the keep-alive timer, for as
                # long as it liked; nobody reads that body, so the connection ends with the response
                self.transport.close()
            super().on_response_complete()
            self._arm()  # the next request on this keep-alive connection gets its own deadline

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _arm(self) -> None:
            self._disarm()
            self._deadline = self.loop.call_later(timeout_s, self._expire)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _expire(self) -> None:
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                self.transport.close()

    return EdgeProtocol


def uvicorn_options(api: ApiSettings) -> dict[str, Any]:
    """Keyword arguments for uvicorn.run from the api settings. uvicorn's access log is off and its logging
    setup left alone: api/request_log.py logs each request once, through api/logs.py's handler. The connection
    limit is EdgeProtocol's (uvicorn's own answers in plain text); h11's head limit stays as a backstop."""
    return {
        "http": edge_protocol(api),
        "timeout_keep_alive": api.keep_alive_s,
        "limit_concurrency": None,
        "h11_max_incomplete_event_size": api.max_header_bytes + 4,
        "timeout_graceful_shutdown": api.shutdown_grace_s,
        "log_level": api.log_level,
        "access_log": False,
        "log_config": None,
    }
