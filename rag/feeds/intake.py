"""One source's entries taken in: the pages of entries that are new or that the feed changed fetched, and their
articles written in batches through the write path (the same identity and replacement rules as files: doc_id from
the canonical URL, unchanged content skipped by hash, a changed one replaced whole). A failing page is counted and
left alone after MAX_TRIES until its feed entry changes."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from rag.errors import NewsqaError
from rag.feeds.entries import Entry
from rag.feeds.fetch import Fetched, Fetcher, FetchFailed, FetchStopped, NotModified
from rag.feeds.pages import page_article
from rag.feeds.sources import Source
from rag.feeds.state import Seen, SourceState, StateFile
from rag.telemetry import Fresh, Observer, Polled
from rag.types import Article, Indexed, WriteKind
from rag.write.identity import canonical_url, story_key

log = logging.getLogger("newsqa.feeds")

Write = Callable[[Sequence[Article]], list[Indexed]]
MAX_TRIES = 3  # a page that failed this often is left alone until its feed entry changes
# a write's kind as the loop's log line and metrics count it ("3 new, 1 changed")
COUNTED: dict[str, Literal["new", "changed", "unchanged", "failed"]] = {
    "added": "new", "replaced": "changed", "unchanged": "unchanged", "failed": "failed"
}  # fmt: skip


@dataclass(frozen=True)
class Outcome:
    """One article of a poll: written (added, replaced), unchanged, or failed (with a one-line reason)."""

    source: str
    kind: WriteKind | Literal["failed"]
    where: str
    doc_id: str = ""
    chunks: int = 0
    reason: str = ""


@dataclass(frozen=True)
class Shared:
    """What every source's intake of one poll shares: the state, the write path, who hears of each article and
    fresh article, the batch size, and the stop flag."""

    state: StateFile
    write: Write
    observer: Observer
    batch: int
    on_article: Callable[[Outcome], None]
    stopping: Callable[[], bool]


@dataclass
class Intake:
    """One source's entries, taken in; report counts them. previous is when the source was polled before."""

    shared: Shared
    fetcher: Fetcher
    source: Source
    st: SourceState
    previous: float | None
    report: Polled
    pending: list[tuple[str, Seen, Article]] = field(default_factory=list)

    def entries(self, entries: Sequence[Entry]) -> bool:
        """Take the entries in order; False when stopped before the last one (what was taken is written)."""
        for entry in entries:
            if self.shared.stopping():
                self.flush()
                return False
            self._entry(entry)
        self.flush()
        return True

    def page(self, got: Fetched) -> None:
        """The source is one article page."""
        self.take(canonical_url(self.source.url), Entry(got.url, None, "page"), got)
        self.flush()

    def _entry(self, entry: Entry) -> None:
        key = canonical_url(entry.url)
        with self.shared.state.lock:
            seen = self.st.entries.get(key)
        if seen is not None and seen.stamp == entry.stamp:
            if seen.doc_id is not None:
                self._count(Outcome(self.source.name, "unchanged", entry.url, seen.doc_id))
                return
            if seen.failures >= MAX_TRIES:
                return  # counted when it failed; not fetched again until the feed changes the entry
        stored = seen is not None and seen.doc_id is not None
        try:
            got = self.fetcher.get(
                entry.url, seen.etag if stored and seen else None, seen.last_modified if stored and seen else None
            )
        except FetchFailed as exc:
            self._failed(key, entry, seen, str(exc))
            return
        except FetchStopped:
            return  # the entry is fetched by the next poll; the loop sees the stop flag at the next entry
        self.take(key, entry, got)

    def take(self, key: str, entry: Entry, got: Fetched | NotModified) -> None:
        with self.shared.state.lock:
            seen = self.st.entries.get(key)
        if isinstance(got, NotModified) and seen is not None and seen.doc_id is not None:
            with self.shared.state.lock:
                seen.stamp = entry.stamp
            self._count(Outcome(self.source.name, "unchanged", entry.url, seen.doc_id))
            return
        try:
            if isinstance(got, NotModified):
                raise FetchFailed("304 Not Modified for a page that was never stored")
            article = page_article(got, self.source.outlet, entry.published)
        except (FetchFailed, NewsqaError) as exc:
            self._failed(key, entry, seen, str(exc))
            return
        if seen is not None and seen.content_hash == article.content_hash:
            with self.shared.state.lock:
                seen.stamp, seen.etag, seen.last_modified = entry.stamp, got.etag, got.last_modified
            self._count(Outcome(self.source.name, "unchanged", entry.url, article.doc_id))
            return
        appeared = seen.appeared if seen is not None else appeared_at(entry, self.previous)
        fresh = Seen(stamp=entry.stamp, appeared=appeared, etag=got.etag, last_modified=got.last_modified)
        if any(a.doc_id == article.doc_id for _, _, a in self.pending):  # two entries, one page: the first lands first
            self.flush()
        self.pending.append((key, fresh, article))
        if len(self.pending) >= self.shared.batch:
            self.flush()

    def _failed(self, key: str, entry: Entry, seen: Seen | None, reason: str) -> None:
        with self.shared.state.lock:
            failed = seen or Seen(stamp=entry.stamp, appeared=appeared_at(entry, self.previous))
            if seen is not None and seen.stamp != entry.stamp:
                failed.failures = 0
            failed.stamp, failed.failures, failed.reason = entry.stamp, failed.failures + 1, reason
            self.st.entries[key] = failed
        self._count(Outcome(self.source.name, "failed", entry.url, reason=reason))

    def flush(self) -> None:
        """Write the pending articles, remember them in the state, and count each."""
        if not self.pending:
            return
        results = {r.article.doc_id: r for r in self.shared.write([a for _, _, a in self.pending])}
        done = time.time()
        outcomes = []
        with self.shared.state.lock:
            for key, seen, article in self.pending:
                result = results[article.doc_id]
                seen.doc_id, seen.content_hash, seen.searchable = article.doc_id, article.content_hash, done
                seen.story = story_key(article.text)
                self.st.entries[key] = seen
                outcomes.append((Outcome(self.source.name, result.kind, article.url or key, article.doc_id, result.chunks), seen))
        self.shared.state.save()
        self.pending.clear()
        for outcome, seen in outcomes:
            if outcome.kind != "unchanged":
                self.shared.observer.observe(Fresh(self.source.name, max(0.0, done - seen.appeared)))
            self._count(outcome)

    def _count(self, outcome: Outcome) -> None:
        counted = COUNTED[outcome.kind]
        setattr(self.report, counted, getattr(self.report, counted) + 1)
        self.shared.on_article(outcome)


def newest(source: Source, entries: list[Entry], limit: int) -> list[Entry]:
    """The newest `limit` entries (feeds list newest first; dated ones by date): the state remembers that many per
    source (feeds.max_entries), so a feed of 100,000 entries had 95,000 of them fetched again at every poll."""
    if len(entries) <= limit:
        return entries
    order = sorted(range(len(entries)), key=lambda i: (-(entries[i].published or float("-inf")), i))
    kept = sorted(order[:limit])
    log.warning("%s lists %d entries: only the newest %d are taken", source.name, len(entries), limit)
    return [entries[i] for i in kept]


def appeared_at(entry: Entry, previous: float | None) -> float:
    """When the entry appeared in its feed: its own date, kept between the poll before (it was not listed then)
    and now; on a source's first poll, now (what came before the loop watched is not the loop's delay)."""
    now = time.time()
    if previous is None or entry.published is None:
        return now
    return min(max(entry.published, previous), now)
