"""The app factory. Nothing is built at import: the lifespan builds the components unless they are given."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline

from api import errors, middleware
from api.access import Access
from api.routes import ask, chat, documents, health, search
from rag.components import Components, build_components
from rag.settings import Settings

DESCRIPTION = """Question answering over news articles. Every answer comes with **exact citations**: the article,
the character offsets and the quoted sentence, where `quote == article_text[start:end]` always holds, so every
claim can be checked. Questions the articles do not answer get `status: "not_in_corpus"`.

Try **POST /v1/ask** first: *Try it out*, then *Execute* sends the example question about the seed article."""


def _start(settings: Settings) -> Components:
    components = build_components(settings)
    try:
        _ = components.qa, components.readiness  # load the models now: the first request should not wait for them
    except BaseException:
        components.close()
        raise
    return components


def create_app(settings: Settings | None = None, components: Components | None = None) -> FastAPI:
    """Build the API. Tests pass ready components; `newsqa serve` passes settings and lets the lifespan build."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = components is None
        app.state.components = await run_in_threadpool(_start, settings or Settings()) if owned else components
        app.state.access = Access(app.state.components.keys, app.state.components.settings.api)
        try:
            yield
        finally:
            if owned:
                app.state.components.close()

    api = (settings or (components.settings if components else Settings())).api
    app = FastAPIOffline(  # Swagger UI's files ship in the wheel: /docs works with no network
        title="newsqa",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        swagger_ui_parameters={"displayRequestDuration": True, "defaultModelsExpandDepth": 0},
    )
    errors.install(app)
    if api.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=api.cors_origins, allow_methods=["*"], allow_headers=["*"])
    middleware.install(app, api.max_body_bytes, api.allowed_hosts)
    for module in (ask, search, documents, chat, health):
        app.include_router(module.router)
    return app
