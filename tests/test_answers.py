"""The plain answer types: the window a trace's evidence was drawn from, read off its sentences' article dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from rag.answers import EvidenceDates, Passage, Trace
from rag.types import published_moment


def _given(n: int, published_at: str | None) -> Passage:
    return Passage(doc_id=f"d{n}", title="t", url=None, published_at=published_at, start=0, end=1, quote="x", n=n, score=0.0)


def test_an_article_date_reads_as_an_aware_moment_and_an_unreadable_one_as_none() -> None:
    assert published_moment("2025-05-16") == datetime(2025, 5, 16, tzinfo=UTC)
    assert published_moment("2025-05-16T10:00:00") == datetime(2025, 5, 16, 10, tzinfo=UTC)
    east = published_moment("2025-05-16T10:00:00+02:00")
    assert east == datetime(2025, 5, 16, 8, tzinfo=UTC) and east.utcoffset() == timedelta(hours=2)
    west = datetime(2025, 5, 16, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert published_moment("2025-05-16T23:30:00-05:00") == west
    assert published_moment("last Friday") is None and published_moment(None) is None and published_moment("") is None


def test_the_evidence_dates_are_its_oldest_and_newest_articles_by_moment_not_by_spelling() -> None:
    trace = Trace(
        evidence=[
            _given(1, "2025-05-16T23:30:00-05:00"),  # 05-17 04:30 UTC: newer than the next, though it sorts first as text
            _given(2, "2025-05-17T01:00:00+00:00"),
            _given(3, None),
            _given(4, "not a date"),
            _given(5, "2024-12-31"),
        ]
    )
    assert trace.evidence_dates == EvidenceDates("2024-12-31", "2025-05-16T23:30:00-05:00")
    assert Trace(evidence=[_given(1, None)]).evidence_dates is None and Trace().evidence_dates is None
