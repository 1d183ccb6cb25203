"""The article collection at /v1/documents (the name RAG APIs use for it): list, read, add, delete."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Response

from api.access import KeyFirstRoute
from api.article_schemas import ArticleBatchIn, ArticleBatchResult, ArticleIn, ArticleOut, ArticlePage, ArticleWriteResult
from api.convert import to_filters
from api.deps import ArticlesDep, ReaderDep, WriterDep
from api.schemas import BODY, ID_PATTERN, FiltersIn, IsoMoment, errors
from rag.write.identity import RESERVED_IDS

router = APIRouter(tags=["documents"], route_class=KeyFirstRoute)
DocId = Annotated[
    str,
    Path(
        min_length=1,
        max_length=128,
        description="The article's doc_id.",
        examples=["russia-ukraine-talks-2025-05-17"],
        json_schema_extra={"pattern": ID_PATTERN},
    ),
]


def _article(doc_id: str) -> str:
    """The id, unless it names another route (/v1/documents/batch): that path is POST's only (405, Allow: POST)."""
    if doc_id in RESERVED_IDS:
        raise HTTPException(405)
    return doc_id


@router.get(
    "/v1/documents",
    response_model=ArticlePage,
    summary="List articles",
    description="A page of stored articles (metadata only): in the store's order, or `order=newest` (by publication "
    "date, undated last); `source`, `published_after` and `published_before` narrow it (`total` counts what passes).",
    responses=errors(401, 422, 429),
)
def list_documents(
    articles: ArticlesDep,
    _: ReaderDep,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Articles to skip.")] = 0,
    limit: Annotated[int, Query(ge=1, le=500, description="Page size.")] = 50,
    order: Annotated[Literal["stored", "newest"], Query(description="The store's order, or newest first.")] = "stored",
    source: Annotated[str | None, Query(max_length=200, description="Only articles from this source.")] = None,
    published_after: Annotated[IsoMoment | None, Query(description="Published on or after (ISO 8601).")] = None,
    published_before: Annotated[IsoMoment | None, Query(description="Published on or before (ISO 8601).")] = None,
) -> ArticlePage:
    """List articles."""
    wanted = to_filters(FiltersIn(source=source, published_after=published_after, published_before=published_before))
    total, infos = articles.listing(wanted, order == "newest", offset, limit)
    return ArticlePage(total=total, offset=offset, limit=limit, items=list(infos))


@router.get(
    "/v1/documents/{doc_id}",
    response_model=ArticleOut,
    summary="Read one article",
    description="Metadata and the full stored text that every citation offset points into.",
    responses=errors(401, 404, 405, 429),
)
def get_document(doc_id: DocId, articles: ArticlesDep, _: ReaderDep) -> ArticleOut:
    """Read one article."""
    info, text = articles.get(_article(doc_id))
    return ArticleOut(**vars(info), text=text)


@router.post(
    "/v1/documents",
    response_model=ArticleWriteResult,
    status_code=201,
    summary="Add or replace one article",
    description="Chunks, embeds and stores the article (201 added; 200 replaced or unchanged). Identity: `id`, else "
    "the normalised `url`, else a content hash; a changed article replaces all its chunks at once.",
    responses={
        200: {"model": ArticleWriteResult, "description": "replaced or unchanged"},
        **errors(401, 403, *BODY, 422, 429, 503),
    },
)
def add_document(body: ArticleIn, articles: ArticlesDep, _: WriterDep, response: Response) -> ArticleWriteResult:
    """Add or replace one article."""
    result = articles.add(body.model_dump())
    if result.kind != "added":
        response.status_code = 200
    return ArticleWriteResult(doc_id=result.article.doc_id, status=result.kind, chunks=result.chunks)


@router.post(
    "/v1/documents/batch",
    response_model=ArticleBatchResult,
    summary="Add or replace up to 100 articles",
    description="Like POST /v1/documents for each article, in one indexing pass (faster per article). All or nothing "
    "on invalid input: a 422 names the first bad article (`articles[n]: ...`) and nothing is written. "
    "`newsqa ingest` uses this when a running server owns the data dir.",
    responses=errors(401, 403, *BODY, 422, 429, 503),
)
def add_documents(body: ArticleBatchIn, articles: ArticlesDep, _: WriterDep) -> ArticleBatchResult:
    """Add or replace up to 100 articles."""
    results = articles.add_many([a.model_dump() for a in body.articles])
    return ArticleBatchResult(
        results=[ArticleWriteResult(doc_id=r.article.doc_id, status=r.kind, chunks=r.chunks) for r in results]
    )


@router.delete(
    "/v1/documents/{doc_id}",
    status_code=204,
    summary="Delete one article",
    description="Removes the article and all its chunks.",
    responses=errors(401, 403, 404, 405, 429),
)
def delete_document(doc_id: DocId, articles: ArticlesDep, _: WriterDep) -> Response:
    """Delete one article."""
    articles.delete(_article(doc_id))
    return Response(status_code=204)
