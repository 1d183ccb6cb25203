"""The wire models are the core types, or read off them: a field a wire model shows exists on its core type, and
every Literal the wire speaks is the core's own (a new abstention reason or status needs no second spelling)."""

from __future__ import annotations

import dataclasses
import typing

import pytest
from pydantic import BaseModel

from api.answer_schemas import AskResponse, EvidenceDatesOut, HitOut, TraceHitOut, TraceOut, TraceSentenceOut, Trust
from api.article_schemas import ArticleInfoOut, ArticleOut, ArticleWriteResult
from api.openai_schemas import Completion
from rag.answers import AbstainReason, AnsweredBy, AnswerStatus, EvidenceDates, Passage, Trace
from rag.types import ArticleInfo, Hit, WriteKind


def _attributes(core: type) -> set[str]:
    return {f.name for f in dataclasses.fields(core)} | {n for n, v in vars(core).items() if isinstance(v, property)}


@pytest.mark.parametrize(
    ("wire", "core", "written_at_the_edge"),
    [
        (TraceHitOut, Hit, set()),
        (HitOut, Hit, set()),
        (TraceSentenceOut, Passage, set()),
        (EvidenceDatesOut, EvidenceDates, set()),
        (TraceOut, Trace, {"time_window"}),  # the trace's window, as ISO strings
    ],
)
def test_a_wire_model_shows_only_what_its_core_type_holds(
    wire: type[BaseModel], core: type, written_at_the_edge: set[str]
) -> None:
    assert set(wire.model_fields) - written_at_the_edge <= _attributes(core)


def test_articles_on_the_wire_are_the_core_type() -> None:
    assert ArticleInfoOut is ArticleInfo and issubclass(ArticleOut, ArticleInfo)


def _literal(model: type[BaseModel], field: str) -> object:
    annotation = model.model_fields[field].annotation
    if typing.get_origin(annotation) is typing.Literal:
        return annotation
    (literal,) = [a for a in typing.get_args(annotation) if a is not type(None)]  # X | None
    return literal


def test_every_literal_on_the_wire_is_the_cores() -> None:
    assert _literal(Trust, "reason") == AbstainReason
    assert _literal(AskResponse, "status") == AnswerStatus and _literal(Completion, "status") == AnswerStatus
    assert _literal(TraceOut, "answered_by") == AnsweredBy
    assert _literal(ArticleWriteResult, "status") == WriteKind
