"""GET /v1/search: ranked chunks, no generation."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Query

from api.access import KeyFirstRoute
from api.answer_schemas import SearchResponse
from api.convert import hit_out, to_filters
from api.deps import ReaderDep, ServiceDep
from api.schemas import AS_OF_DESCRIPTION, SEED_QUESTION, DocIdText, FiltersIn, IsoMoment, Text, errors
from rag.answers import Ask

router = APIRouter(tags=["search"], route_class=KeyFirstRoute)
log = logging.getLogger("newsqa.api")


@router.get(
    "/v1/search",
    response_model=SearchResponse,
    summary="Search the articles (hybrid dense + keyword)",
    description="Ranked chunks with their article, exact offsets (`text` is the article text at `[start:end]`) "
    "and the dense, keyword and fused scores.",
    responses=errors(401, 422, 429, 503),
)
def search(
    service: ServiceDep,
    _: ReaderDep,
    q: Annotated[Text, Query(min_length=1, max_length=2000, description="Query text.", examples=[SEED_QUESTION])],
    k: Annotated[int, Query(ge=1, le=100, description="Chunks to return.")] = 5,
    doc_id: Annotated[
        list[DocIdText] | None, Query(max_length=1000, description="Only these articles (repeatable, up to 1,000).")
    ] = None,
    source: Annotated[str | None, Query(max_length=200, description="Only this source.")] = None,
    published_after: Annotated[IsoMoment | None, Query(description="Published on or after (ISO 8601).")] = None,
    published_before: Annotated[IsoMoment | None, Query(description="Published on or before (ISO 8601).")] = None,
    as_of: Annotated[IsoMoment | None, Query(description=AS_OF_DESCRIPTION)] = None,
) -> SearchResponse:
    """Search the articles (hybrid dense + keyword)."""
    log.debug("query: %s", q)  # only at debug, like questions
    filters = FiltersIn(doc_ids=doc_id or [], source=source, published_after=published_after, published_before=published_before)
    hits = service.search(Ask.of(q, as_of=as_of, filters=to_filters(filters), top_k=k)).hits
    return SearchResponse(query=q, hits=[hit_out(h) for h in hits])
