"""`newsqa mcp`: the MCP tools over stdio, for desktop chat clients and agents that start their tools as a
subprocess. Through the running server when one owns the data dir (with NEWSQA_API__CLIENT_KEY as its key), else
the app in this process over the data dir (which this command then holds, as any command does)."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

import anyio
import httpx

from api.mcp import Upstream, build_mcp
from rag.settings import Settings
from rag.store.owner import claim_for_command, server_for


def serve_stdio(settings: Settings) -> None:
    """Speak MCP on stdin/stdout until the client closes them; logs go to stderr."""
    url = server_for(settings)
    if url is not None:
        anyio.run(_through_server, url, settings.api.client_key)
        return
    owner: AbstractContextManager[object] = nullcontext() if settings.chroma.host else claim_for_command(settings.data_dir)
    with owner:
        anyio.run(_in_process, settings)


async def _through_server(url: str, key: str | None) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=None) as client:
        await build_mcp(Upstream(client, key)).run_stdio_async()


async def _in_process(settings: Settings) -> None:
    from api.app import create_app  # the whole app: its /v1 is what the tools call

    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1", timeout=None) as client:
            await build_mcp(Upstream(client, settings.api.client_key)).run_stdio_async()
