"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from api.deps import ReadinessDep
from api.errors import error_response

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is up", description="Always 200 while the server runs.")
async def healthz() -> dict[str, str]:
    """The process is up (async and constant-time: it never waits for a worker thread busy with a model call)."""
    return {"status": "ok"}


@router.head(
    "/healthz",
    summary="The process is up (no body)",
    description="HEAD for probes that send it: 200 with no body.",
    response_class=Response,
    responses={200: {"description": "The process is up.", "content": {}}},
)
async def healthz_head() -> Response:
    """The process is up (no body)."""
    return Response(status_code=200)


@router.get(
    "/readyz",
    summary="Ready to answer",
    description=(
        "200 when the store is open and the chat model is loaded (or its endpoint reachable); 503 `not_ready` naming"
        " the failing part otherwise, among them a file a setting names (answer.ranker_file, answer.calibration)"
        " that does not load."
    ),
    responses={503: {"description": "not ready"}},
)
async def readyz(readiness: ReadinessDep) -> JSONResponse:
    """Ready to answer."""
    ready, details = await run_in_threadpool(readiness.check)
    if not ready:
        return error_response(503, "not_ready", details["reason"])
    return JSONResponse({"status": "ready", **details})
