"""One poll of every source: fetch the source (conditional GET), fetch the pages of entries that are new or that
the feed changed, and write their articles in batches through the write path (the same identity and replacement
rules as files: doc_id from the canonical URL, unchanged content skipped by hash, a changed one replaced whole)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Literal

from rag.errors import NewsqaError
from rag.feeds.entries import Entry, entries_of
from rag.feeds.fetch import Fetched, Fetcher, FetchFailed, FetchStopped, NotModified
from rag.feeds.pages import page_article
from rag.feeds.sources import Source
from rag.feeds.state import Seen, SourceState, StateFile
from rag.settings import FeedsSettings
from rag.telemetry import Fresh, NoObserver, Observer, Polled
from rag.types import Article, Indexed
from rag.write.identity import canonical_url, story_key

log = logging.getLogger("newsqa.feeds")

Write = Callable[[Sequence[Article]], list[Indexed]]
MAX_TRIES = 3  # a page that failed this often is left alone until its feed entry changes
_KINDS: dict[str, Literal["new", "changed", "unchanged"]] = {"added": "new", "replaced": "changed", "unchanged": "unchanged"}


@dataclass(frozen=True)
class Outcome:
    """One article of a poll: new, changed, unchanged or failed (with a one-line reason)."""

    source: str
    kind: Literal["new", "changed", "unchanged", "failed"]
    where: str
    doc_id: str = ""
    chunks: int = 0
    reason: str = ""


@dataclass
class SourceReport:
    """One source's poll: article counts, seconds, and the source's own failure (ok=False) or back-off."""

    source: str
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    seconds: float = 0.0
    ok: bool = True
    reason: str = ""
    skipped: bool = False


@dataclass
class _Batch:
    items: list[tuple[str, Seen, Article]] = field(default_factory=list)


class Poller:
    """Polls sources; on_article hears each article, on_entries how many a source listed (a progress total)."""

    def __init__(
        self,
        settings: FeedsSettings,
        state: StateFile,
        write: Write,
        observer: Observer | None = None,
        batch_articles: int = 16,
        on_article: Callable[[Outcome], None] = lambda _: None,
        on_entries: Callable[[int], None] = lambda _: None,
        stop: Callable[[], bool] = lambda: False,
    ) -> None:
        self._settings = settings
        self._state = state
        self._write = write
        self._observer = observer or NoObserver()
        self._batch = batch_articles
        self._on_article = on_article
        self._on_entries = on_entries
        self._stopping = stop

    def poll(self, sources: Sequence[Source], force: bool = False) -> list[SourceReport]:
        """Every source once, parallel_sources at a time; force ignores back-off (an explicit `newsqa ingest`)."""
        fetcher = Fetcher(self._settings, self._stopping)
        try:
            with ThreadPoolExecutor(self._settings.parallel_sources, thread_name_prefix="feeds") as pool:
                return list(pool.map(lambda s: self._source(fetcher, s, force), sources))
        finally:
            fetcher.close()

    def _source(self, fetcher: Fetcher, source: Source, force: bool) -> SourceReport:
        st, now, started = self._state.source(source.name), time.time(), time.monotonic()
        report = SourceReport(source.name)
        if not force and st.next_allowed > now:
            report.skipped, report.reason = True, f"backing off ({st.failures} failures) for {st.next_allowed - now:.0f} s"
            return report
        previous = st.last_poll
        try:
            got = fetcher.get(source.url, st.etag, st.last_modified)
            complete = self._fetched(fetcher, source, st, got, previous, report) if isinstance(got, Fetched) else True
            with self._state.lock:
                if isinstance(got, Fetched) and complete:  # only now: a poll cut short must not leave a 304 behind
                    st.etag, st.last_modified = got.etag, got.last_modified
                st.status, st.failures, st.next_allowed = "ok" if report.failed == 0 else "ok, some pages failed", 0, 0.0
        except FetchStopped:  # told to stop mid-fetch: not the source's failure (no back-off, validators kept)
            report.skipped, report.reason = True, "stopped before it was fetched"
        except (FetchFailed, NewsqaError) as exc:
            report.ok, report.reason = False, str(exc)
        except Exception as exc:  # one source's defect must not stop the others
            log.exception("polling %s failed", source.name)
            report.ok, report.reason = False, f"internal error ({type(exc).__name__})"
        if not report.ok:
            self._back_off(st, now, report.reason)
        with self._state.lock:
            st.last_poll = now
        self._state.save()
        report.seconds = time.monotonic() - started
        self._observer.observe(
            Polled(source.name, report.new, report.changed, report.unchanged, report.failed, report.seconds, report.ok)
        )
        return report

    def _back_off(self, st: SourceState, now: float, reason: str) -> None:
        with self._state.lock:
            st.failures += 1
            wait = min(self._settings.backoff_s * 2 ** (st.failures - 1), self._settings.backoff_max_s)
            st.status, st.next_allowed = f"failed: {reason}", now + wait

    def _fetched(
        self, fetcher: Fetcher, source: Source, st: SourceState, got: Fetched, previous: float | None, report: SourceReport
    ) -> bool:
        """Take the source's entries; False when stopped before the last one."""
        entries = entries_of(got)
        batch = _Batch()
        if entries is None:  # the source is one article page
            self._on_entries(1)
            self._take(source, st, canonical_url(source.url), Entry(got.url, None, "page"), got, previous, batch, report)
        else:
            entries = self._newest(source, entries, self._state.max_entries)
            self._on_entries(len(entries))
            for entry in entries:
                if self._stopping():
                    self._flush(source, st, batch, report)
                    return False
                self._entry(fetcher, source, st, entry, previous, batch, report)
        self._flush(source, st, batch, report)
        return True

    @staticmethod
    def _newest(source: Source, entries: list[Entry], limit: int) -> list[Entry]:
        """The newest `limit` entries (feeds list newest first; dated ones by date): the state remembers that many
        per source (feeds.max_entries), so a feed of 100,000 entries had 95,000 of them fetched again every poll."""
        if len(entries) <= limit:
            return entries
        order = sorted(range(len(entries)), key=lambda i: (-(entries[i].published or float("-inf")), i))
        kept = sorted(order[:limit])
        log.warning("%s lists %d entries: only the newest %d are taken", source.name, len(entries), limit)
        return [entries[i] for i in kept]

    def _entry(
        self,
        fetcher: Fetcher,
        source: Source,
        st: SourceState,
        entry: Entry,
        previous: float | None,
        batch: _Batch,
        report: SourceReport,
    ) -> None:
        key = canonical_url(entry.url)
        with self._state.lock:
            seen = st.entries.get(key)
        if seen is not None and seen.stamp == entry.stamp:
            if seen.doc_id is not None:
                self._count(report, Outcome(source.name, "unchanged", entry.url, seen.doc_id))
                return
            if seen.failures >= MAX_TRIES:
                return  # counted when it failed; not fetched again until the feed changes the entry
        stored = seen is not None and seen.doc_id is not None
        try:
            got = fetcher.get(entry.url, seen.etag if stored and seen else None, seen.last_modified if stored and seen else None)
        except FetchFailed as exc:
            self._failed(source, st, key, entry, seen, previous, str(exc), report)
            return
        except FetchStopped:
            return  # the entry is fetched by the next poll; the loop sees the stop flag at the next entry
        self._take(source, st, key, entry, got, previous, batch, report)

    def _take(
        self,
        source: Source,
        st: SourceState,
        key: str,
        entry: Entry,
        got: Fetched | NotModified,
        previous: float | None,
        batch: _Batch,
        report: SourceReport,
    ) -> None:
        with self._state.lock:
            seen = st.entries.get(key)
        if isinstance(got, NotModified) and seen is not None and seen.doc_id is not None:
            with self._state.lock:
                seen.stamp = entry.stamp
            self._count(report, Outcome(source.name, "unchanged", entry.url, seen.doc_id))
            return
        try:
            if isinstance(got, NotModified):
                raise FetchFailed("304 Not Modified for a page that was never stored")
            article = page_article(got, source.outlet, entry.published)
        except (FetchFailed, NewsqaError) as exc:
            self._failed(source, st, key, entry, seen, previous, str(exc), report)
            return
        appeared = seen.appeared if seen is not None else _appeared(entry, previous)
        if seen is not None and seen.content_hash == article.content_hash:
            with self._state.lock:
                seen.stamp, seen.etag, seen.last_modified = entry.stamp, got.etag, got.last_modified
            self._count(report, Outcome(source.name, "unchanged", entry.url, article.doc_id))
            return
        fresh = Seen(stamp=entry.stamp, appeared=appeared, etag=got.etag, last_modified=got.last_modified)
        if any(a.doc_id == article.doc_id for _, _, a in batch.items):  # two entries, one page: the first lands first
            self._flush(source, st, batch, report)
        batch.items.append((key, fresh, article))
        if len(batch.items) >= self._batch:
            self._flush(source, st, batch, report)

    def _failed(
        self,
        source: Source,
        st: SourceState,
        key: str,
        entry: Entry,
        seen: Seen | None,
        previous: float | None,
        reason: str,
        report: SourceReport,
    ) -> None:
        with self._state.lock:
            failed = seen or Seen(stamp=entry.stamp, appeared=_appeared(entry, previous))
            if seen is not None and seen.stamp != entry.stamp:
                failed.failures = 0
            failed.stamp, failed.failures, failed.reason = entry.stamp, failed.failures + 1, reason
            st.entries[key] = failed
        self._count(report, Outcome(source.name, "failed", entry.url, reason=reason))

    def _flush(self, source: Source, st: SourceState, batch: _Batch, report: SourceReport) -> None:
        if not batch.items:
            return
        results = {r.article.doc_id: r for r in self._write([a for _, _, a in batch.items])}
        done = time.time()
        outcomes = []
        with self._state.lock:
            for key, seen, article in batch.items:
                result = results[article.doc_id]
                seen.doc_id, seen.content_hash, seen.searchable = article.doc_id, article.content_hash, done
                seen.story = story_key(article.text)
                st.entries[key] = seen
                outcomes.append(
                    (Outcome(source.name, _KINDS[result.kind], article.url or key, article.doc_id, result.chunks), seen)
                )
        self._state.save()
        batch.items.clear()
        for outcome, seen in outcomes:
            if outcome.kind != "unchanged":
                self._observer.observe(Fresh(source.name, max(0.0, done - seen.appeared)))
            self._count(report, outcome)

    def _count(self, report: SourceReport, outcome: Outcome) -> None:
        setattr(report, outcome.kind, getattr(report, outcome.kind) + 1)
        self._on_article(outcome)


def _appeared(entry: Entry, previous: float | None) -> float:
    """When the entry appeared in its feed: its own date, kept between the poll before (it was not listed then)
    and now; on a source's first poll, now (what came before the loop watched is not the loop's delay)."""
    now = time.time()
    if previous is None or entry.published is None:
        return now
    return min(max(entry.published, previous), now)
