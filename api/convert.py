"""Between API schemas and core types."""

from __future__ import annotations

from dataclasses import asdict

from api.schemas import AskResponse, DocumentInfo, FiltersIn, HitOut
from rag.types import Answer, ArticleInfo, Filters, Hit


def to_filters(filters: FiltersIn | None) -> Filters:
    if filters is None:
        return Filters()
    return Filters(
        doc_ids=tuple(filters.doc_ids),
        source=filters.source,
        published_after=filters.published_after.isoformat() if filters.published_after else None,
        published_before=filters.published_before.isoformat() if filters.published_before else None,
    )


def answer_out(answer: Answer) -> AskResponse:
    return AskResponse.model_validate(asdict(answer))


def hit_out(hit: Hit) -> HitOut:
    return HitOut.model_validate(asdict(hit))


def info_out(info: ArticleInfo) -> DocumentInfo:
    return DocumentInfo.model_validate({**asdict(info), "authors": list(info.authors)})
