"""How uvicorn serves the app: timeouts and limits a shared service needs, and a deadline for request heads.

uvicorn's own keep-alive timer does not run while a client is still sending its request line and headers, so
a client that drips one header byte at a time (or connects and says nothing) would hold a connection forever.
HeadDeadlineProtocol closes a connection whose request head is not complete within api.header_timeout_s.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.config import Config
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState

from rag.settings import ApiSettings


def head_deadline_protocol(timeout_s: float) -> type[H11Protocol]:
    """An h11 protocol class whose connections get timeout_s to send each request head."""

    class HeadDeadlineProtocol(H11Protocol):
        def __init__(self, config: Config, server_state: ServerState, app_state: dict[str, Any], **kwargs: Any) -> None:
            super().__init__(config, server_state, app_state, **kwargs)
            self._deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self.conn.their_state is not h11.IDLE:  # the whole head has arrived
                self._disarm()

        def on_response_complete(self) -> None:
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

    return HeadDeadlineProtocol


def uvicorn_options(api: ApiSettings) -> dict[str, Any]:
    """Keyword arguments for uvicorn.run from the api settings. uvicorn's access log is off and its logging
    setup left alone: api/request_log.py logs each request once, through api/logs.py's handler."""
    return {
        "http": head_deadline_protocol(api.header_timeout_s),
        "timeout_keep_alive": api.keep_alive_s,
        "limit_concurrency": api.max_connections,
        "h11_max_incomplete_event_size": api.max_header_bytes,
        "timeout_graceful_shutdown": api.shutdown_grace_s,
        "log_level": api.log_level,
        "access_log": False,
        "log_config": None,
    }
