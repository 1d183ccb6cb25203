"""Between API schemas and core types."""

from __future__ import annotations

from dataclasses import asdict

from api.schemas import ArticleInfoOut, AskResponse, FiltersIn, HitOut
from rag.types import Answer, ArticleInfo, Filters, Hit


def to_filters(filters: FiltersIn | None) -> Filters:
    if filters is None:
        return Filters()
    return Filters(
        doc_ids=tuple(filters.doc_ids),
        source=filters.source,
        published_after=filters.published_after,
        published_before=filters.published_before,
    )


def answer_out(answer: Answer) -> AskResponse:
    return AskResponse.model_validate(asdict(answer))


def hit_out(hit: Hit) -> HitOut:
    return HitOut.model_validate(asdict(hit))


def info_out(info: ArticleInfo) -> ArticleInfoOut:
    return ArticleInfoOut.model_validate({**asdict(info), "authors": list(info.authors)})
