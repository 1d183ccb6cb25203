"""Dependencies routes declare explicitly (no service locator): each names the one part it needs.

They are async because they only read app state: a sync dependency would cost a thread-pool hop per request."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.access import Access, Caller, access_of, read_caller, write_caller
from api.metrics import Metrics
from rag.answer.service import QAService
from rag.components import Components
from rag.readiness import Readiness
from rag.write.articles import Articles


async def get_components(request: Request) -> Components:
    components = request.app.state.components
    assert isinstance(components, Components)  # set by the app's lifespan before the first request
    return components


ComponentsDep = Annotated[Components, Depends(get_components)]


async def get_metrics(request: Request) -> Metrics:
    metrics = request.app.state.metrics
    assert isinstance(metrics, Metrics)  # set by create_app
    return metrics


async def get_service(components: ComponentsDep) -> QAService:
    return components.qa


async def get_articles(components: ComponentsDep) -> Articles:
    return components.articles


async def get_readiness(components: ComponentsDep) -> Readiness:
    return components.readiness


ServiceDep = Annotated[QAService, Depends(get_service)]
ReaderDep = Annotated[Caller, Depends(read_caller)]
WriterDep = Annotated[Caller, Depends(write_caller)]
AccessDep = Annotated[Access, Depends(access_of)]
ArticlesDep = Annotated[Articles, Depends(get_articles)]
ReadinessDep = Annotated[Readiness, Depends(get_readiness)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
