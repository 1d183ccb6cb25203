"""Live news from the command line: `newsqa ingest URL|--sources FILE` (once), `newsqa watch` (the poll loop as its
own process) and `newsqa sources` (each source's last poll). The loop itself is rag/feeds, shared with serve."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ingest.collection import open_collection, settings_of
from ingest.job import Event, EventSink, IngestReport, Writer
from rag.errors import InvalidRequest
from rag.feeds.loop import FeedLoop
from rag.feeds.poll import Outcome, Poller, Write
from rag.feeds.sources import Source, read_sources, source_for
from rag.feeds.state import StateFile, load_state, loop_lock, state_path
from rag.settings import Settings

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86_400}


def is_url(item: str) -> bool:
    """An argument of `newsqa ingest` that names a URL (any scheme: a wrong one gets its reason, not 'no such file')."""
    return re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*://", item) is not None


def writes_through(writer: Writer) -> Write:
    """The ingest job's writer (the local indexer or a server's API) as the poller's write function."""
    return lambda articles: writer.write(writer.prepare(writer.plan(articles)))


def url_sources(urls: Sequence[str], sources_file: Path | None, report: IngestReport, on_event: EventSink) -> list[Source]:
    """The sources named on the command line; a bad one is a failed input with its reason."""
    sources = read_sources(sources_file) if sources_file is not None else []
    for url in urls:
        try:
            sources.append(source_for(url))
        except InvalidRequest as exc:
            reason = str(exc)
            report.failed.append({"path": url, "reason": reason})
            on_event(Event("failed", url, reason=reason))
    return sources


def ingest_sources(
    settings: Settings,
    writer: Writer,
    sources: list[Source],
    report: IngestReport,
    on_event: EventSink,
    expect: Callable[[int], None] = lambda _: None,
) -> None:
    """Fetch each source once (back-off ignored: the user asked) and write what is new or changed."""

    def on_article(outcome: Outcome) -> None:
        kind = outcome.kind
        report.articles += 1
        report.added += kind == "added"
        report.replaced += kind == "replaced"
        report.unchanged += kind == "unchanged"
        report.chunks_added += outcome.chunks
        if kind == "failed":
            report.failed.append({"path": outcome.where, "reason": outcome.reason})
        on_event(Event(kind, outcome.where, outcome.doc_id, outcome.chunks, outcome.reason))

    with loop_lock(settings.data_dir):
        state = StateFile(state_path(settings.data_dir), settings.feeds.max_entries)
        poller = Poller(settings.feeds, state, writes_through(writer), None, settings.ingest.batch_articles, on_article, expect)
        for source_report, source in zip(poller.poll(sources, force=True), sources, strict=True):
            if not source_report.ok:
                report.failed.append({"path": source.url, "reason": source_report.reason})
                on_event(Event("failed", source.url, reason=source_report.reason))


def duration(text: str) -> float:
    """'15m', '1h', '90s', '2d' or plain seconds."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text.lower())
    if match is None or float(match.group(1)) <= 0:
        raise typer.BadParameter(f"{text!r} is not a duration like 90s, 15m, 1h or 2d", param_hint="--every")
    return float(match.group(1)) * _UNITS[match.group(2) or "s"]


@contextmanager
def _poll_writer(settings: Settings) -> Iterator[Write]:
    # per poll: between polls the data dir is free, so a `newsqa serve` started meanwhile owns it and the next
    # poll goes through its API
    with open_collection(settings) as (writer, _):
        yield writes_through(writer)


SourcesOption = Annotated[
    Path | None,
    typer.Option(
        "--sources", help="Sources file: one URL a line, or .toml/.yaml with name, url, outlet (default NEWSQA_FEEDS__SOURCES)."
    ),
]


def watch(
    ctx: typer.Context,
    sources: SourcesOption = None,
    every: Annotated[
        str | None, typer.Option(help="Time between poll starts: 90s, 15m, 1h (default NEWSQA_FEEDS__EVERY_S).")
    ] = None,
    once: Annotated[bool, typer.Option("--once", help="Poll once and exit (for cron or a test).")] = False,
) -> None:
    """Poll feeds, sitemaps and pages on a schedule and ingest what is new or changed; one log line per source and poll.

    Conditional GET, robots.txt, one request at a time per host, back-off for failing sources; state in
    DATA_DIR/feeds/state.json, so a restart fetches nothing it already has. Ctrl-C or SIGTERM stops it between pages.
    """
    settings = settings_of(ctx)
    path = sources or settings.feeds.sources
    if path is None:
        raise typer.BadParameter("name a sources file (--sources FILE or NEWSQA_FEEDS__SOURCES)", param_hint="--sources")
    read_sources(path)  # a bad file fails now, on one line, not at the first poll
    loop = FeedLoop(settings, path, lambda: _poll_writer(settings), every_s=duration(every) if every else None)
    _stop_on_sigterm(loop)
    try:
        reports = loop.run(polls=1 if once else None)
    except KeyboardInterrupt:
        loop.stop()
        return
    if once and (reports is None or (reports and all(not r.ok for r in reports))):  # cron must hear of it
        what = "the poll failed" if reports is None else f"every source failed ({len(reports)})"
        typer.echo(f"newsqa watch: {what}; the lines above say why", err=True)
        raise typer.Exit(1)


def _stop_on_sigterm(loop: FeedLoop) -> None:
    import signal

    signal.signal(signal.SIGTERM, lambda *_: loop.stop(timeout_s=0))


def sources(
    ctx: typer.Context,
    sources_file: SourcesOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per source instead of a table.")] = False,
) -> None:
    """List each source's last poll, status, stored articles, failures and next try (from the loop's state)."""
    settings = settings_of(ctx)
    state = load_state(state_path(settings.data_dir))
    path = sources_file or settings.feeds.sources
    named = [(s.name, s.url) for s in read_sources(path)] if path is not None else [(n, "") for n in state.sources]
    rows = []
    for name, url in named:
        st = state.sources.get(name)
        rows.append(
            {
                "name": name,
                "url": url,
                "last_poll": _iso(st.last_poll) if st else None,
                "status": st.status if st else "never polled",
                "articles": st.articles if st else 0,
                "failures": st.failures if st else 0,
                "next_try": _iso(st.next_allowed) if st and st.next_allowed > time.time() else None,
            }
        )
    if as_json:
        for row in rows:
            typer.echo(json.dumps(row))
        return
    # names whole (what a sources file and the metrics use); a long status wraps rather than being cut
    table = Table(title=f"{len(rows)} sources")
    table.add_column("source", no_wrap=True, min_width=max((len(str(r["name"])) for r in rows), default=6))
    table.add_column("last poll")
    table.add_column("status", overflow="fold")
    table.add_column("articles", justify="right")
    table.add_column("next try")
    for row in rows:
        table.add_row(
            str(row["name"]),
            str(row["last_poll"] or "never")[:19],
            str(row["status"]),
            str(row["articles"]),
            str(row["next_try"] or "")[:19],
        )
    Console().print(table)


def _iso(epoch: float | None) -> str | None:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds") if epoch else None


def register(app: typer.Typer) -> None:
    app.command()(watch)
    app.command()(sources)
