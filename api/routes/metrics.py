"""GET /metrics: Prometheus' text format, for a scraper on the internal network (no key, like /healthz).

Left out of the OpenAPI schema: it is for operators' tooling, not for API clients, and its body is not JSON;
docs/api.md lists what it holds.
"""

from __future__ import annotations

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST

from api.deps import MetricsDep

router = APIRouter(tags=["health"])


@router.get("/metrics", include_in_schema=False)
async def metrics(metrics: MetricsDep) -> Response:
    """The app's metrics in Prometheus' text format."""
    return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)
