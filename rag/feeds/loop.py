"""The poll loop: poll every source, sleep until the next start, again; for `newsqa watch` (its own process) and
`newsqa serve` (a background thread started and stopped by the app's lifespan, never on a request's path).

The sources file is read at every poll, so an edited file takes effect at the next poll without a restart; an
unreadable one is logged and the last good list is polled.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, ExitStack
from pathlib import Path

from rag.errors import NewsqaError
from rag.feeds.poll import Poller, SourceReport, Write
from rag.feeds.sources import Source, read_sources
from rag.feeds.state import StateFile, loop_lock, state_path
from rag.settings import Settings
from rag.telemetry import Observer

log = logging.getLogger("newsqa.feeds")

OpenWriter = Callable[[], AbstractContextManager[Write]]  # held for one poll (a local store, or a server's API)


def poll_line(report: SourceReport) -> str:
    """The one log line per source and poll."""
    if report.skipped:
        return f"{report.source}: skipped, {report.reason}"
    counts = f"{report.new} new, {report.changed} changed, {report.unchanged} unchanged, {report.failed} failed"
    failure = "" if report.ok else f"; source failed: {report.reason}"
    return f"{report.source}: {counts} in {report.seconds:.1f} s{failure}"


def lower_priority(nice: int) -> None:
    """Run this thread, and the threads it starts from now on (the poll's workers, an embedder's thread pool built
    on its first write), at niceness `nice` (Linux keeps niceness per thread; elsewhere nothing changes)."""
    if nice <= 0 or not sys.platform.startswith("linux"):
        return
    me = threading.get_native_id()
    try:
        os.setpriority(os.PRIO_PROCESS, me, max(nice, os.getpriority(os.PRIO_PROCESS, me)))
    except OSError as exc:  # never fatal: the loop just competes with the requests at normal priority
        log.warning("feeds.nice=%d not applied: %s", nice, exc)


class FeedLoop:
    """Polls sources_file every every_s seconds until stopped; holds the data dir's feed loop lock while it runs."""

    def __init__(
        self,
        settings: Settings,
        sources_file: Path,
        open_writer: OpenWriter,
        observer: Observer | None = None,
        every_s: float | None = None,
    ) -> None:
        self._settings = settings
        self._file = sources_file
        self._open_writer = open_writer
        self._observer = observer
        self._every = every_s or settings.feeds.every_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._sources: Sequence[Source] = ()
        self._held = ExitStack()

    def poll_once(self, state: StateFile) -> list[SourceReport]:
        """One poll of every source (the file re-read first), each source logged on one line."""
        try:
            self._sources = read_sources(self._file)
        except NewsqaError as exc:
            log.error("%s; polling the last good list (%d sources)", exc, len(self._sources))
        with self._open_writer() as write:
            poller = Poller(
                self._settings.feeds, state, write, self._observer, self._settings.ingest.batch_articles, stop=self._stop.is_set
            )
            reports = poller.poll(self._sources)
        for report in reports:
            log.info("%s", poll_line(report))
        return reports

    def run(self, polls: int | None = None) -> list[SourceReport] | None:
        """Poll until stop() (or `polls` times), holding the data dir's feed loop lock; the last poll's reports
        (None when it failed as a whole: the store or the server was down)."""
        with loop_lock(self._settings.data_dir):
            return self._loop(polls)

    def start(self) -> None:
        """Run in a daemon thread (inside `newsqa serve`); the lock is taken here, so a second loop fails at once."""
        self._held.enter_context(loop_lock(self._settings.data_dir))
        self._thread = threading.Thread(target=self._loop_logged, name="feeds-loop", daemon=True)
        self._thread.start()

    def _loop(self, polls: int | None = None) -> list[SourceReport] | None:
        lower_priority(self._settings.feeds.nice)
        state = StateFile(state_path(self._settings.data_dir), self._settings.feeds.max_entries)
        done, last = 0, None
        while not self._stop.is_set() and (polls is None or done < polls):
            started = time.monotonic()
            try:
                last = self.poll_once(state)
            except NewsqaError as exc:  # the store or the server is down: try again next time
                log.error("poll failed: %s", exc)
                last = None
            done += 1
            if polls is None or done < polls:
                self._stop.wait(max(0.0, self._every - (time.monotonic() - started)))
        return last

    def _loop_logged(self) -> None:
        try:
            self._loop()
        except Exception:
            log.exception("the feed loop stopped")

    def stop(self, timeout_s: float = 30.0) -> None:
        """Ask the loop to stop and wait: a poll in flight stops after the page it is on and writes what it has;
        an interrupted source keeps its old validators, so the next poll finishes it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
        self._held.close()
