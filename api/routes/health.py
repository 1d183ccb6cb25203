"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import LLMReadyDep, ServiceDep
from api.errors import error_response

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is up", description="Always 200 while the server runs.")
def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="Ready to answer",
    description="200 when the store is open and the chat model is loaded (or its endpoint reachable); 503 otherwise.",
    responses={503: {"description": "not ready"}},
)
def readyz(service: ServiceDep, llm_ready: LLMReadyDep) -> JSONResponse:
    """Ready to answer."""
    try:
        articles = service.store.count_articles()
    except Exception:  # any store failure means not ready; the reason is not the client's business
        return error_response(503, "not_ready", "the vector store cannot be read")
    if not llm_ready():
        return error_response(503, "not_ready", "the chat model is not reachable")
    return JSONResponse({"status": "ready", "articles": articles, "llm": service.settings.llm.provider})
