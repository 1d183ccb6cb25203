"""/mcp in the app: the MCP server (api/mcp.py) whose tools call this same app's /v1 in-process, behind the same
keys: every /mcp request needs a key that may read where keys exist (401 in the error shape otherwise), and each
tool's /v1 call is charged and admitted as that caller's own request would be."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from mcp.server.fastmcp import FastMCP
from mcp.server.fastmcp.server import StreamableHTTPASGIApp
from starlette.requests import Request
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from api.access import AccessDenied, access_of, bearer
from api.errors import access_response
from api.logs import note_caller
from api.mcp import Upstream, build_mcp


class KeyGuard:
    """The key checked on every /mcp request before the MCP server reads it."""

    def __init__(self, inner: ASGIApp) -> None:
        self._inner = inner

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        try:
            caller = access_of(request).identify(request, await bearer(request), "read")
        except AccessDenied as exc:
            await access_response(exc)(scope, receive, send)
            return
        note_caller(caller.name)
        await self._inner(scope, receive, send)


def mount_mcp(app: FastAPI) -> tuple[FastMCP, httpx.AsyncClient]:
    """The MCP server at /mcp, and the in-process client its tools call /v1 with (close it at shutdown); its
    session manager must run in the app's lifespan."""
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1", timeout=None)
    mcp = build_mcp(Upstream(client))
    mcp.streamable_http_app()  # builds the session manager the route below hands requests to
    handler = KeyGuard(StreamableHTTPASGIApp(mcp.session_manager))
    app.router.routes.append(Route("/mcp", endpoint=handler, methods=["GET", "POST", "DELETE"], include_in_schema=False))
    return mcp, client
