"""Filters -> Chroma where clauses and epoch bounds (shared by the dense and keyword retrievers)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from rag.types import Filters


def published_ts(published_at: str | None) -> int | None:
    """Seconds since the epoch (UTC) of an ISO date, for Chroma's numeric range filters."""
    if not published_at:
        return None
    parsed = datetime.fromisoformat(published_at)
    return int((parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).timestamp())


def filter_bounds(filters: Filters) -> tuple[int | None, int | None]:
    """Inclusive epoch bounds; a date-only published_before includes that whole day."""
    low = published_ts(filters.published_after) if filters.published_after else None
    high = published_ts(filters.published_before) if filters.published_before else None
    if high is not None and filters.published_before and len(filters.published_before.strip()) == 10:
        high += 86_399
    return low, high


def where_clause(filters: Filters) -> dict[str, Any] | None:
    """The Chroma metadata filter for these Filters (None when there is nothing to filter)."""
    low, high = filter_bounds(filters)
    parts: list[dict[str, Any]] = []
    if filters.doc_ids:
        parts.append({"doc_id": {"$in": list(filters.doc_ids)}})
    if filters.exclude_doc_ids:
        parts.append({"doc_id": {"$nin": list(filters.exclude_doc_ids)}})
    if filters.source:
        parts.append({"source": {"$eq": filters.source}})
    if low is not None:
        parts.append({"published_ts": {"$gte": low}})
    if high is not None:
        parts.append({"published_ts": {"$lte": high}})
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"$and": parts}
