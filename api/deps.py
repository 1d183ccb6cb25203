"""Dependencies routes declare explicitly (no service locator)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request

from rag.service import QAService


def get_service(request: Request) -> QAService:
    service = request.app.state.service
    assert isinstance(service, QAService)
    return service


def get_llm_ready(request: Request) -> Callable[[], bool]:
    ready: Callable[[], bool] = request.app.state.llm_ready
    return ready


ServiceDep = Annotated[QAService, Depends(get_service)]
LLMReadyDep = Annotated[Callable[[], bool], Depends(get_llm_ready)]
