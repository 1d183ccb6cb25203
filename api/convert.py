"""Between API schemas and core types."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict

from api.schemas import (
    ArticleInfoOut,
    AskResponse,
    FiltersIn,
    HitOut,
    TimeWindowOut,
    TraceHitOut,
    TraceOut,
    TraceSentenceOut,
    Trust,
)
from rag.types import Answer, ArticleInfo, Filters, Hit, TimeFrame, Trace


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
    return Trust(
        confidence=answer.confidence,
        corroboration=answer.corroboration,
        reason=answer.reason,
        nearest_published_at=answer.nearest_published_at,
    )


def trace_out(trace: Trace) -> TraceOut:
    fields = ("chunk_id", "doc_id", "title", "published_at", "start", "end", "score", "dense_score", "keyword_score")
    hits = [TraceHitOut.model_validate({f: getattr(h, f) for f in fields}) for h in trace.hits]
    evidence = [
        TraceSentenceOut(n=p.n, doc_id=p.doc_id, start=p.start, end=p.end, quote=p.quote, score=p.score) for p in trace.evidence
    ]
    return TraceOut(
        question=trace.question,
        as_of=trace.as_of,
        time_window=window_out(trace.window),
        hits=hits,
        evidence=evidence,
        best_evidence=trace.best_evidence,
        refusal_p=trace.refusal_p,
        asked_again=trace.asked_again,
        signals=trace.signals,
        answered_by=trace.answered_by,
    )


def hit_out(hit: Hit) -> HitOut:
    return HitOut.model_validate(asdict(hit))


def info_out(info: ArticleInfo) -> ArticleInfoOut:
    return ArticleInfoOut.model_validate({**asdict(info), "authors": list(info.authors)})
