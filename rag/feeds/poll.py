"""One poll of every source, parallel_sources at a time: fetch each source (conditional GET, back-off for failing
ones), hand its entries to an Intake (rag/feeds/intake.py), and keep the source's validators, status and back-off in
the state. Each source's poll is reported once (telemetry.Polled: the loop's log line and the metrics)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from rag.errors import NewsqaError
from rag.feeds.connect import Refused
from rag.feeds.entries import entries_of
from rag.feeds.fetch import Fetched, Fetcher, FetchFailed, FetchStopped
from rag.feeds.intake import Intake, Outcome, Shared, Write, newest
from rag.feeds.sources import Source
from rag.feeds.state import SourceState, StateFile
from rag.settings_edge import FeedsSettings
from rag.telemetry import NoObserver, Observer, Polled

log = logging.getLogger("newsqa.feeds")

SourceReport = Polled  # one source's poll: the loop logs it, the metrics count it, `newsqa ingest` reports it

__all__ = ["Outcome", "Poller", "SourceReport", "Write"]


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
        self._shared = Shared(state, write, observer or NoObserver(), batch_articles, on_article, stop)
        self._on_entries = on_entries

    def poll(self, sources: Sequence[Source], force: bool = False) -> list[SourceReport]:
        """Every source once, parallel_sources at a time; force ignores back-off (an explicit `newsqa ingest`)."""
        fetcher = Fetcher(self._settings, self._shared.stopping)
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
        try:
            self._fetch(Intake(self._shared, fetcher, source, st, st.last_poll, report))
        except FetchStopped:  # told to stop mid-fetch: not the source's failure (no back-off, validators kept)
            report.skipped, report.reason = True, "stopped before it was fetched"
        except Refused as exc:  # our own settings refuse it: waiting changes nothing, fixing them does
            report.ok, report.reason = False, str(exc)
            with self._state.lock:
                st.status, st.failures, st.next_allowed = f"failed: {report.reason}", 0, 0.0
        except (FetchFailed, NewsqaError) as exc:
            report.ok, report.reason = False, str(exc)
            self._back_off(st, now, report.reason)  # the remote side failed: give it time
        except Exception as exc:  # one source's defect must not stop the others
            log.exception("polling %s failed", source.name)
            report.ok, report.reason = False, f"internal error ({type(exc).__name__})"
            self._back_off(st, now, report.reason)
        with self._state.lock:
            st.last_poll = now
        self._state.save()
        report.seconds = time.monotonic() - started
        self._shared.observer.observe(report)
        return report

    def _fetch(self, intake: Intake) -> None:
        """The source fetched and its entries taken in; its validators kept only when every entry was taken (a poll
        cut short must not leave a 304 behind)."""
        st = intake.st
        got = intake.fetcher.get(intake.source.url, st.etag, st.last_modified)
        complete = True
        if isinstance(got, Fetched):
            complete = self._take(intake, got)
        with self._state.lock:
            if isinstance(got, Fetched) and complete:
                st.etag, st.last_modified = got.etag, got.last_modified
            st.status, st.failures, st.next_allowed = "ok" if intake.report.failed == 0 else "ok, some pages failed", 0, 0.0

    def _take(self, intake: Intake, got: Fetched) -> bool:
        entries = entries_of(got)
        if entries is None:  # the source is one article page
            self._on_entries(1)
            intake.page(got)
            return True
        entries = newest(intake.source, entries, self._state.max_entries)
        self._on_entries(len(entries))
        return intake.entries(entries)

    def _back_off(self, st: SourceState, now: float, reason: str) -> None:
        with self._state.lock:
            st.failures += 1
            wait = min(self._settings.backoff_s * 2 ** (st.failures - 1), self._settings.backoff_max_s)
            st.status, st.next_allowed = f"failed: {reason}", now + wait
