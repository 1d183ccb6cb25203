"""`newsqa ingest | delete | list`: the write side's commands."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Protocol

import typer
from rich.console import Console
from rich.table import Table

from ingest.job import Event, IngestJob, IngestReport, Writer
from ingest.progress import ingest_progress
from ingest.remote import RemoteArticles, RemoteWriter
from rag.components import build_components
from rag.errors import ArticleNotFound
from rag.settings import Settings
from rag.store.owner import claim_for_command, server_for
from rag.store.remote import RemoteAPI
from rag.types import ArticleInfo

err = Console(stderr=True, highlight=False, soft_wrap=True)  # one line per message, never wrapped


class Collection(Protocol):
    """What list/delete/ingest need of the article collection: local (rag.write.articles) or a server's (remote)."""

    def count(self) -> int: ...

    def page(self, offset: int, limit: int) -> tuple[int, list[ArticleInfo]]: ...

    def delete(self, doc_id: str) -> None: ...


@contextmanager
def _collection(settings: Settings) -> Iterator[tuple[Writer, Collection]]:
    """The server's API when a running `newsqa serve` owns the data dir, else the store itself (held while used)."""
    url = server_for(settings)
    if url is not None:
        api = RemoteAPI(url, settings.api.client_key)
        err.print(f"newsqa serve at {url} owns {settings.data_dir}: working through its API", markup=False)
        yield RemoteWriter(api), RemoteArticles(api)
        return
    with nullcontext() if settings.chroma.host else claim_for_command(settings.data_dir):
        components = build_components(settings)
        yield components.indexer, components.articles


def _settings(ctx: typer.Context) -> Settings:
    settings = ctx.obj
    assert isinstance(settings, Settings)  # set by the root callback in newsqa/cli.py
    return settings


def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders: .txt .md .html .json .jsonl, each optionally .gz.", show_default=False)
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print only a JSON summary on stdout.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="One line per article on stderr.")] = False,
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Do nothing when the store already holds articles (seeding a new volume).")
    ] = False,
) -> None:
    """Chunk, embed and store articles. Unchanged articles are skipped; changed ones are replaced whole.

    Exit status 1 when any input was skipped (each is reported with its reason), 0 otherwise.
    """
    settings = _settings(ctx)
    with _collection(settings) as (writer, articles):
        if if_empty and (stored := articles.count()):
            err.print(f"the store already holds {stored} articles: nothing ingested (--if-empty)", markup=False)
            return
        report = _run(IngestJob(writer, settings.ingest.batch_articles), paths, as_json, verbose)
        stored = articles.count()
    summary = asdict(report)
    if as_json:
        typer.echo(json.dumps(summary))
    else:
        typer.echo(
            f"{report.articles} articles: {report.added} added, {report.replaced} replaced, {report.unchanged} unchanged, "
            f"{len(report.failed)} failed; {report.chunks_added} chunks added; {stored} articles in the store"
        )
    raise typer.Exit(1 if report.failed else 0)


def _run(job: IngestJob, paths: list[Path], as_json: bool, verbose: bool) -> IngestReport:

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

        return job.run(paths, on_event=on_event)


def delete(ctx: typer.Context, doc_id: Annotated[str, typer.Argument(help="The article's doc_id (see `newsqa list`).")]) -> None:
    """Delete one article and all its chunks."""
    try:
        with _collection(_settings(ctx)) as (_, articles):
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
    with _collection(_settings(ctx)) as (_, articles):
        total, infos = articles.page(offset, limit)
    if as_json:
        for info in infos:
            typer.echo(json.dumps(asdict(info)))
        return
    table = Table("doc_id", "published", "chunks", "title", title=f"{total} articles")
    for info in infos:
        table.add_row(info.doc_id, (info.published_at or "")[:10], str(info.n_chunks), info.title[:80])
    Console().print(table)


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(delete)
    app.command("list")(list_articles)
