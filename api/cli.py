"""`newsqa serve | ask | search`: the read side's commands."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime
from typing import Annotated

import typer
from rich.console import Console

from rag.components import build_components
from rag.settings import Settings


def _as_of(value: str | None) -> date | datetime | None:
    """--as-of: an ISO 8601 date (the end of that day) or datetime."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not an ISO 8601 date or datetime", param_hint="--as-of") from None


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="When the question is asked (ISO date or datetime; default now): later articles are never used, and "
        "'this week', 'yesterday', 'in May' are counted from it.",
        show_default=False,
    ),
]


def _settings(ctx: typer.Context) -> Settings:
    settings = ctx.obj
    assert isinstance(settings, Settings)
    return settings


def serve(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help="Bind address (default NEWSQA_API__HOST or 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(min=1, max=65535, help="Port (default NEWSQA_API__PORT or 8000).")] = None,
) -> None:
    """Serve the HTTP API with Swagger UI at /docs."""
    import uvicorn

    from api.app import create_app

    settings = _settings(ctx)
    bind_host, bind_port = host or settings.api.host, port or settings.api.port
    Console(stderr=True).print(f"newsqa: Swagger UI at http://{bind_host}:{bind_port}/docs (loading models...)", markup=False)
    uvicorn.run(create_app(settings), host=bind_host, port=bind_port, log_level="info")


def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="The question, in quotes.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full response as JSON.")] = False,
    top_k: Annotated[int | None, typer.Option(min=1, max=50, help="Chunks to read for evidence.")] = None,
    as_of: AsOfOption = None,
) -> None:
    """Answer a question with cited source spans."""
    when = _as_of(as_of)
    with build_components(_settings(ctx)) as components:
        answer = components.qa.answer(question, top_k, as_of=when)
    if as_json:
        typer.echo(json.dumps(asdict(answer), ensure_ascii=False))
        return
    typer.echo(answer.answer)
    for c in answer.citations:
        typer.echo(f'  [{c.n}] {c.doc_id} {c.start}-{c.end}: "{c.quote}"')
    if answer.unsupported:
        typer.echo(f"  ({len(answer.unsupported)} unsupported part(s) of the answer)")


def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="What to look for.")],
    k: Annotated[int, typer.Option(min=1, max=100, help="Chunks to return.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines, one hit each.")] = False,
    as_of: AsOfOption = None,
) -> None:
    """Search the articles (hybrid dense + keyword) without generating an answer."""
    when = _as_of(as_of)
    with build_components(_settings(ctx)) as components:  # search needs no chat model, so none is started
        hits = components.retriever.search(query, k, as_of=when).hits
    for rank, hit in enumerate(hits, start=1):
        if as_json:
            row = {key: value for key, value in asdict(hit).items() if key != "sentence_vectors"}
            typer.echo(json.dumps(row, ensure_ascii=False))
        else:
            snippet = " ".join(hit.text.split())[:160]
            typer.echo(f"{rank}. {hit.doc_id} {hit.start}-{hit.end} score={hit.score:.4f} {hit.title[:60]}\n   {snippet}")


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.command()(ask)
    app.command()(search)
