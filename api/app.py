"""The app factory. Nothing is built at import: the lifespan builds the components unless they are given."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline

from api import errors, middleware, request_log
from api.access import Access
from api.docs_headers import DocsHeaders
from api.mcp_mount import mount_mcp
from api.metrics import Metrics
from api.routes import ask, chat, documents, health, metrics, reader, search
from api.schemas import errors as error_responses
from rag.components import Components, build_components
from rag.settings import Settings
from rag.telemetry import Observer

DESCRIPTION = """Question answering over news articles. Every answer comes with **exact citations**: the article,
the character offsets and the quoted sentence, where `quote == article_text[start:end]` always holds, so every
claim can be checked. Questions the articles do not answer get `status: "not_in_corpus"`.

Try **POST /v1/ask** first: *Try it out*, then *Execute* sends the example question about the seed article."""


def _start(settings: Settings, observer: Observer) -> Components:
    components = build_components(settings)
    components.observers.add(observer)  # before the warm-up, so the keyword index's first build is counted
    try:
        _ = components.qa, components.readiness  # load the models now: the first request should not wait for them
    except BaseException:
        components.close()
        raise
    return components


def create_app(settings: Settings | None = None, components: Components | None = None) -> FastAPI:
    """Build the API. Tests pass ready components; `newsqa serve` passes settings and lets the lifespan build."""
    observed = Metrics()  # this app's own registry: apps in one process never collide

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with mcp.session_manager.run():
            try:
                async with serving(app):
                    yield
            finally:
                await mcp_client.aclose()

    @asynccontextmanager
    async def serving(app: FastAPI) -> AsyncIterator[None]:
        owned = components is None
        if components is not None:
            components.observers.add(observed)
        app.state.components = await run_in_threadpool(_start, settings or Settings(), observed) if owned else components
        app.state.access = Access(app.state.components.keys, app.state.components.settings.api)
        feeds = app.state.components.feeds  # NEWSQA_FEEDS__SOURCES: poll in a background thread while serving
        if feeds is not None:
            feeds.start()
        try:
            yield
        finally:
            if feeds is not None:
                await run_in_threadpool(feeds.stop)
            app.state.components.observers.remove(observed)
            if owned:
                app.state.components.close()

    api = (settings or (components.settings if components else Settings())).api
    app = FastAPIOffline(  # Swagger UI's files ship in the wheel: /docs works with no network
        title="newsqa",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        swagger_ui_parameters={"displayRequestDuration": True, "defaultModelsExpandDepth": 0},
        responses=error_responses(431),  # any request's head can be too large (api/server.py answers before routing)
    )
    app.state.metrics = observed
    errors.install(app)
    if api.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=api.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=[request_log.HEADER],
        )
    app.add_middleware(DocsHeaders)
    middleware.install(app, api.max_body_bytes, api.allowed_hosts, api.body_timeout_s)
    request_log.install(app, observed)  # added last: it wraps the edge guard, so its answers carry an id too
    for module in (ask, search, documents, chat, health, metrics, reader):
        app.include_router(module.router)
    mcp, mcp_client = mount_mcp(app)  # /mcp: agents and chat apps, over the same /v1 and keys
    return app
