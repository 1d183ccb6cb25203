"""Filters -> Chroma where clauses and epoch bounds (shared by the dense and keyword retrievers)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from rag.types import Filters

_EPOCH_DAY = date(1970, 1, 1).toordinal()
_DAY_S = 86_400


def _epoch(moment: datetime) -> int:
    """Seconds since the epoch (a naive moment is UTC), by integer arithmetic: every moment Python can hold has
    one, including those whose UTC is outside the calendar ("9999-12-31T23:00:00-05:00"), where converting first
    (datetime.timestamp, or a day plus one) raised OverflowError and the request ended in a 500."""
    offset = moment.utcoffset() or timedelta(0)
    clock = moment.hour * 3600 + moment.minute * 60 + moment.second
    return (moment.toordinal() - _EPOCH_DAY) * _DAY_S + clock - int(offset.total_seconds())


def published_ts(published_at: str | None) -> int | None:
    """Seconds since the epoch (UTC) of a stored ISO date or datetime, for Chroma's numeric range filters."""
    if not published_at:
        return None
    return _epoch(datetime.fromisoformat(published_at))


def _bound(value: date | datetime | None, end_of_day: bool) -> int | None:
    if value is None:
        return None
    if isinstance(value, datetime):  # before the date check: a datetime is a date too
        return _epoch(value)
    start = (value.toordinal() - _EPOCH_DAY) * _DAY_S
    return start + _DAY_S - 1 if end_of_day else start


def filter_bounds(filters: Filters) -> tuple[int | None, int | None]:
    """Inclusive epoch bounds of the explicit filters; a date-only published_before includes that whole day."""
    return _bound(filters.published_after, end_of_day=False), _bound(filters.published_before, end_of_day=True)


def frame_bounds(filters: Filters) -> tuple[int | None, int | None]:
    """Inclusive epoch bounds of the time frame (undated articles pass these)."""
    return _bound(filters.not_before, end_of_day=False), _bound(filters.not_after, end_of_day=True)


def passes(meta: Mapping[str, Any], filters: Filters) -> bool:
    """Whether a chunk (or an article) with this stored metadata passes the filters: the where_clause below, asked
    of one row in memory (a chunk written a moment ago, an article record)."""
    doc_id, ts = str(meta.get("doc_id", "")), meta.get("published_ts")
    if (filters.doc_ids and doc_id not in filters.doc_ids) or doc_id in filters.exclude_doc_ids:
        return False
    if filters.source and meta.get("source") != filters.source:
        return False
    low, high = filter_bounds(filters)
    if (low is not None or high is not None) and ts is None:
        return False  # explicit bounds: undated articles fail them
    start, end = frame_bounds(filters)
    lows, highs = [b for b in (low, start) if b is not None], [b for b in (high, end) if b is not None]
    return ts is None or (all(int(ts) >= b for b in lows) and all(int(ts) <= b for b in highs))


def _range(low: int | None, high: int | None) -> list[dict[str, Any]]:
    parts: list[dict[str, Any]] = []
    if low is not None:
        parts.append({"published_ts": {"$gte": low}})
    if high is not None:
        parts.append({"published_ts": {"$lte": high}})
    return parts


def where_clause(filters: Filters) -> dict[str, Any] | None:
    """The Chroma metadata filter for these Filters (None when there is nothing to filter)."""
    parts: list[dict[str, Any]] = []
    if filters.doc_ids:
        parts.append({"doc_id": {"$in": list(filters.doc_ids)}})
    if filters.exclude_doc_ids:
        parts.append({"doc_id": {"$nin": list(filters.exclude_doc_ids)}})
    if filters.source:
        parts.append({"source": {"$eq": filters.source}})
    parts.extend(_range(*filter_bounds(filters)))
    frame = _range(*frame_bounds(filters))
    if frame:
        parts.append({"$or": [frame[0] if len(frame) == 1 else {"$and": frame}, {"undated": True}]})
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"$and": parts}
