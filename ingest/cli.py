"""`newsqa ingest | delete | list`: the write side's commands."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ingest.collection import err, open_collection, settings_of
from ingest.feeds import SourcesOption, ingest_sources, is_url, url_sources
from ingest.job import Event, IngestJob, IngestReport, Writer
from ingest.progress import ingest_progress
from rag.errors import ArticleNotFound
from rag.settings import Settings


def ingest(
    ctx: typer.Context,
    items: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files or folders (.txt .md .html .json .jsonl, each optionally .gz), or http(s) URLs: an RSS, Atom or "
            "JSON Feed (each entry's page is fetched), a news sitemap, or one article page.",
            show_default=False,
        ),
    ] = None,
    sources: SourcesOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print only a JSON summary on stdout.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="One line per article on stderr.")] = False,
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Do nothing when the store already holds articles (seeding a new volume).")
    ] = False,
) -> None:
    """Chunk, embed and store articles. Unchanged articles are skipped; changed ones are replaced whole.

    Files, folders, or web pages and feeds, fetched with the feed loop's rules (see `newsqa watch --help`).

    Exit status 1 when any input was skipped (each is reported with its reason), 0 otherwise.
    """
    settings = settings_of(ctx)
    given = items or []
    if not given and sources is None:
        raise typer.BadParameter("name files, folders or URLs, or --sources FILE", param_hint="ITEMS")
    with open_collection(settings) as (writer, articles):
        if if_empty and (stored := articles.count()):
            err.print(f"the store already holds {stored} articles: nothing ingested (--if-empty)", markup=False)
            return
        urls = [i for i in given if is_url(i)]
        paths = [Path(i) for i in given if not is_url(i)]
        report = _run(settings, writer, paths, urls, sources, as_json, verbose)
        stored = articles.count()
    summary = asdict(report)
    if as_json:
        typer.echo(json.dumps(summary))
    else:
        typer.echo(
            f"{report.articles} articles: {report.added} added, {report.replaced} replaced, {report.unchanged} unchanged, "
            f"{len(report.failed)} failed; {report.chunks_added} chunks added; {stored} articles in the store"
        )
        _warn(report, given)
    raise typer.Exit(1 if report.failed else 0)


def _warn(report: IngestReport, given: list[str]) -> None:
    """What a newcomer would not notice: nothing found where they pointed, articles nothing can place in time."""
    if not report.articles and not report.failed:
        err.print(
            f"newsqa: no articles found in {', '.join(given) or 'the sources'} (files ending .txt .md .html .json .jsonl, "
            "optionally .gz)",
            markup=False,
        )
    if report.undated:
        err.print(
            f"newsqa: {len(report.undated)} article(s) have no publication date (e.g. {report.undated[0]}): questions about "
            "'this week' cannot find them. Put a date line under a .txt/.md title (2026-12-02 or December 2, 2026) or "
            "published_at in .json (README: Add your own news)",
            markup=False,
        )


def _run(
    settings: Settings, writer: Writer, paths: list[Path], urls: list[str], sources: Path | None, as_json: bool, verbose: bool
) -> IngestReport:

    def report_line(event: Event) -> None:
        if event.kind == "failed" and not as_json:
            err.print(f"skipped {event.where}: {event.reason}", markup=False)
        elif verbose and not as_json:
            err.print(f"{event.kind} {event.doc_id} ({event.chunks} chunks) from {event.where}", markup=False)

    show_bar = not as_json and not verbose and sys.stderr.isatty()
    with ingest_progress(paths, enabled=show_bar, console=err) as bar:

        def on_event(event: Event) -> None:
            report_line(event)
            bar(event)

        report = IngestJob(writer, settings.ingest.batch_articles).run(paths, on_event=on_event) if paths else IngestReport()
        if urls or sources is not None:
            web = url_sources(urls, sources, report, report_line)
            ingest_sources(settings, writer, web, report, on_event, bar.expect)
        return report


def delete(ctx: typer.Context, doc_id: Annotated[str, typer.Argument(help="The article's doc_id (see `newsqa list`).")]) -> None:
    """Delete one article and all its chunks."""
    try:
        with open_collection(settings_of(ctx)) as (_, articles):
            articles.delete(doc_id)
    except ArticleNotFound as exc:
        err.print(f"newsqa: {exc}", markup=False)
        raise typer.Exit(1) from None
    typer.echo(f"deleted {doc_id}")


def list_articles(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="Articles to show.")] = 50,
    offset: Annotated[int, typer.Option(min=0, help="Articles to skip.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
) -> None:
    """List stored articles: doc_id, date, chunks, title."""
    with open_collection(settings_of(ctx)) as (_, articles):
        total, infos = articles.page(offset, limit)
    if as_json:
        for info in infos:
            typer.echo(json.dumps(asdict(info)))
        return
    # the id is what `newsqa delete` takes: never cut or wrapped, whatever the terminal's width (the title gives way)
    table = Table(title=f"{total} articles")
    table.add_column("doc_id", no_wrap=True, min_width=max((len(i.doc_id) for i in infos), default=6))
    table.add_column("published", no_wrap=True)
    table.add_column("chunks", justify="right")
    table.add_column("title", overflow="fold")
    for info in infos:
        table.add_row(info.doc_id, (info.published_at or "")[:10], str(info.n_chunks), info.title[:80])
    Console().print(table)


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(delete)
    app.command("list")(list_articles)
