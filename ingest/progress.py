"""A rich progress bar for ingest: articles done of the estimated total, articles/s and chunks/s, ETA."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from ingest.job import Event
from ingest.loaders import discover, estimate_count


@contextmanager
def ingest_progress(paths: list[Path], enabled: bool, console: Console) -> Iterator[Callable[[Event], None]]:
    """Yields the per-event callback; a no-op when disabled (not a terminal, --json, --verbose)."""
    if not enabled:
        yield lambda _event: None
        return
    total = sum(estimate_count(p) for p in discover(paths) if isinstance(p, Path))
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
    started = time.monotonic()
    chunks = 0
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("ingest", total=total, rate="")

        def on_event(event: Event) -> None:
            nonlocal chunks
            chunks += event.chunks
            elapsed = max(time.monotonic() - started, 1e-6)
            done = progress.tasks[0].completed + 1
            progress.update(task, advance=1, rate=f"{done / elapsed:.1f} articles/s, {chunks / elapsed:.0f} chunks/s")

        yield on_event
