"""The article collection: list, read, add, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from api.convert import info_out
from api.deps import ServiceDep
from api.schemas import DocumentIn, DocumentOut, DocumentPage, DocumentWriteResult, errors

router = APIRouter(tags=["documents"])
DocId = Annotated[
    str, Path(min_length=1, max_length=128, description="The article's doc_id.", examples=["russia-ukraine-talks-2025-05-17"])
]


@router.get(
    "/v1/documents",
    response_model=DocumentPage,
    summary="List articles",
    description="A page of stored articles (metadata only).",
)
def list_documents(
    service: ServiceDep,
    offset: Annotated[int, Query(ge=0, description="Articles to skip.")] = 0,
    limit: Annotated[int, Query(ge=1, le=500, description="Page size.")] = 50,
) -> DocumentPage:
    """List articles."""
    total, infos = service.documents.page(offset, limit)
    return DocumentPage(total=total, offset=offset, limit=limit, items=[info_out(i) for i in infos])


@router.get(
    "/v1/documents/{doc_id}",
    response_model=DocumentOut,
    summary="Read one article",
    description="Metadata and the full stored text that every citation offset points into.",
    responses=errors(404),
)
def get_document(doc_id: DocId, service: ServiceDep) -> DocumentOut:
    """Read one article."""
    info, text = service.documents.get(doc_id)
    return DocumentOut(**info_out(info).model_dump(), text=text)


@router.post(
    "/v1/documents",
    response_model=DocumentWriteResult,
    status_code=201,
    summary="Add or replace one article",
    description="Chunks, embeds and stores the article (201 added; 200 replaced or unchanged). Identity: `id`, else "
    "the normalised `url`, else a content hash; a changed article replaces all its chunks at once.",
    responses={200: {"model": DocumentWriteResult, "description": "replaced or unchanged"}, **errors(422, 503)},
)
def add_document(body: DocumentIn, service: ServiceDep, response: Response) -> DocumentWriteResult:
    """Add or replace one article."""
    result = service.documents.add(body.model_dump())
    if result.kind != "added":
        response.status_code = 200
    return DocumentWriteResult(doc_id=result.article.doc_id, status=result.kind, chunks=result.chunks)


@router.delete(
    "/v1/documents/{doc_id}",
    status_code=204,
    summary="Delete one article",
    description="Removes the article and all its chunks.",
    responses=errors(404),
)
def delete_document(doc_id: DocId, service: ServiceDep) -> Response:
    """Delete one article."""
    service.documents.delete(doc_id)
    return Response(status_code=204)
