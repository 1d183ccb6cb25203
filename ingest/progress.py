"""A rich progress bar for ingest: articles done of the estimated total, articles/s and chunks/s, ETA.

For URLs the total grows as each feed is read (expect()), so the ETA firms up as the feeds come in."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from ingest.job import Event
from ingest.loaders import discover, estimate_count


class Bar:
    """Call it with each article's event; expect(n) adds n articles to the total. Without a bar, both do nothing."""

    def __init__(self, progress: Progress | None = None, task: TaskID | None = None) -> None:
        self._progress, self._task = progress, task
        self._started = time.monotonic()
        self._chunks = 0

    def expect(self, articles: int) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, total=(self._progress.tasks[0].total or 0) + articles)

    def __call__(self, event: Event) -> None:
        if self._progress is None or self._task is None:
            return
        self._chunks += event.chunks
        elapsed = max(time.monotonic() - self._started, 1e-6)
        done = self._progress.tasks[0].completed + 1
        rate = f"{done / elapsed:.1f} articles/s, {self._chunks / elapsed:.0f} chunks/s"
        self._progress.update(self._task, advance=1, rate=rate)


@contextmanager
def article_progress(total: int, enabled: bool, console: Console) -> Iterator[Bar]:
    """A bar over `total` articles (more may be expected later); a no-op when disabled."""
    if not enabled:
        yield Bar()
        return
    columns = (
        TextColumn("ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("articles"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        yield Bar(progress, progress.add_task("ingest", total=total, rate=""))


@contextmanager
def ingest_progress(paths: list[Path], enabled: bool, console: Console) -> Iterator[Bar]:
    """The bar for files (disabled: not a terminal, --json, --verbose), its total estimated from the paths."""
    total = sum(estimate_count(p) for p in discover(paths) if isinstance(p, Path)) if enabled else 0
    with article_progress(total, enabled, console) as bar:
        yield bar
