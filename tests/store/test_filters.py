"""Filters -> Chroma where clauses and epoch bounds: decided by type (date = whole day, datetime = exact)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from rag.store.filters import filter_bounds, frame_bounds, published_ts, where_clause
from rag.types import Filters

DAY = int(datetime(2022, 6, 16, tzinfo=UTC).timestamp())


@pytest.mark.parametrize(
    ("filters", "clause"),
    [
        (Filters(), None),
        (Filters(doc_ids=("a", "b")), {"doc_id": {"$in": ["a", "b"]}}),
        (Filters(exclude_doc_ids=("a",)), {"doc_id": {"$nin": ["a"]}}),
        (Filters(source="X"), {"source": {"$eq": "X"}}),
        (
            Filters(source="X", published_after=date(2022, 6, 16)),
            {"$and": [{"source": {"$eq": "X"}}, {"published_ts": {"$gte": DAY}}]},
        ),
        (
            Filters(not_after=datetime(2022, 6, 16, tzinfo=UTC)),
            {"$or": [{"published_ts": {"$lte": DAY}}, {"undated": True}]},  # undated articles pass the time frame
        ),
    ],
)
def test_where_clause(filters: Filters, clause: dict[str, Any] | None) -> None:
    assert where_clause(filters) == clause


def test_bounds_by_type() -> None:
    assert filter_bounds(Filters(published_after=date(2022, 6, 16))) == (DAY, None)
    assert filter_bounds(Filters(published_before=date(2022, 6, 16))) == (None, DAY + 86_399)  # the whole day
    assert filter_bounds(Filters(published_before=datetime(2022, 6, 16, 12))) == (None, DAY + 43_200)  # naive is UTC
    plus2 = timezone(timedelta(hours=2))
    assert filter_bounds(Filters(published_after=datetime(2022, 6, 16, 2, tzinfo=plus2))) == (DAY, None)
    assert frame_bounds(Filters(not_before=datetime(2022, 6, 16, tzinfo=UTC))) == (DAY, None)


def test_published_ts_of_stored_strings() -> None:
    assert published_ts("2022-06-16") == DAY
    assert published_ts("2022-06-16T02:00:00+02:00") == DAY
    assert published_ts(None) is None and published_ts("") is None
