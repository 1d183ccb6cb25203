"""The app factory. Nothing is built at import: the lifespan builds the runtime unless a service is given."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi_offline import FastAPIOffline

from api import errors
from api.routes import ask, chat, documents, health, search
from rag.runtime import Runtime, build_runtime
from rag.service import QAService
from rag.settings import Settings

DESCRIPTION = """Question answering over news articles. Every answer comes with **exact citations**: the article,
the character offsets and the quoted sentence, where `quote == article_text[start:end]` always holds, so every
claim can be checked. Questions the articles do not answer get `status: "not_in_corpus"`.

Try **POST /v1/ask** first: *Try it out*, then *Execute* sends the example question about the seed article."""


def create_app(settings: Settings | None = None, service: QAService | None = None) -> FastAPI:
    """Build the API. Tests pass a ready service; `newsqa serve` passes settings and lets the lifespan build."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime: Runtime | None = None
        if service is None:
            runtime = await run_in_threadpool(build_runtime, settings or Settings())
            app.state.service, app.state.llm_ready = runtime.service, runtime.llm_ready
        else:
            app.state.service, app.state.llm_ready = service, lambda: True
        try:
            yield
        finally:
            if runtime is not None:
                runtime.close()

    app = FastAPIOffline(  # Swagger UI's files ship in the wheel: /docs works with no network
        title="newsqa",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        swagger_ui_parameters={"displayRequestDuration": True, "defaultModelsExpandDepth": 0},
    )
    errors.install(app)
    for module in (ask, search, documents, chat, health):
        app.include_router(module.router)
    return app
