"""Between the core types and the wire: the wire models read what they show off the core objects (from_attributes),
so no field list is copied here; the window is written as ISO strings only here."""

from __future__ import annotations

from collections.abc import Sequence

from api.answer_schemas import AskResponse, HitOut, TimeWindowOut, TraceOut, Trust
from api.schemas import FiltersIn
from rag.answers import Answer, TimeFrame, Trace
from rag.types import Filters, Hit


def to_filters(filters: FiltersIn | None) -> Filters:
    if filters is None:
        return Filters()
    return Filters(
        doc_ids=tuple(filters.doc_ids),
        source=filters.source,
        published_after=filters.published_after,
        published_before=filters.published_before,
    )


def window_out(frame: TimeFrame | None) -> TimeWindowOut | None:
    """The window a question's time words named, as the API writes it (ISO 8601 strings)."""
    if frame is None or frame.start is None:
        return None
    return TimeWindowOut(start=frame.start.isoformat(), end=frame.as_of.isoformat(), phrase=frame.phrase or "")


def answer_out(answer: Answer, include: Sequence[str] = ()) -> AskResponse:
    """The response: the answer, its timings, window and tokens from its trace, and the trace itself if asked."""
    trace = answer.trace
    return AskResponse(
        answer=answer.answer,
        status=answer.status,
        kind=answer.kind,
        citations=answer.citations,
        unsupported=answer.unsupported,
        timings=trace.timings,
        time_window=window_out(trace.window),
        question=trace.question,
        usage=trace.usage,
        trace=trace_out(trace) if "trace" in include else None,
        **trust_out(answer).model_dump(),
    )


def trust_out(answer: Answer) -> Trust:
    """What a reader weighs the answer by, the same on every route."""
    return Trust.model_validate(answer, from_attributes=True)


def trace_out(trace: Trace) -> TraceOut:
    return TraceOut.model_validate(trace).model_copy(update={"time_window": window_out(trace.window)})


def hit_out(hit: Hit) -> HitOut:
    return HitOut.model_validate(hit)
