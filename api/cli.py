"""`newsqa serve | ask | search`: the read side's commands."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict
from datetime import date, datetime
from typing import Annotated, Any

import typer
from rich.console import Console

from api.answer_schemas import AskResponse
from api.convert import answer_out, hit_out
from api.reasons import plain_reason
from rag.answer.events import Done, Progress, StreamEvent
from rag.answers import Answer, Ask
from rag.components import Components, build_components
from rag.errors import InvalidRequest, NewsqaError
from rag.settings import Settings
from rag.store.owner import claim_for_command, claim_for_server, server_for
from rag.store.remote import RemoteAPI


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
    insecure_no_auth: Annotated[
        bool, typer.Option("--insecure-no-auth", help="Serve other machines without API keys (anyone who reaches it can write).")
    ] = False,
) -> None:
    """Serve the HTTP API with Swagger UI at /docs (the data dir's only owner while it runs)."""
    import uvicorn

    from api.app import create_app
    from api.logs import configure_logging
    from api.server import uvicorn_options

    settings = _settings(ctx)
    bind_host, bind_port = host or settings.api.host, port or settings.api.port
    components = build_components(settings)  # nothing loaded yet: the app builds its own when it starts
    _check_exposure(components, bind_host, insecure_no_auth)
    components.check_setting_files()  # a bad ranker or calibrator file: one line, before uvicorn
    local = "127.0.0.1" if bind_host in {"0.0.0.0", "::"} else bind_host
    owner = nullcontext() if settings.chroma.host else claim_for_server(settings.data_dir, f"http://{local}:{bind_port}")
    configure_logging(settings.api)
    with owner:
        Console(stderr=True, soft_wrap=True).print(
            f"newsqa: Swagger UI at http://{local}:{bind_port}/docs (loading models...)", markup=False
        )
        uvicorn.run(create_app(settings), host=bind_host, port=bind_port, **uvicorn_options(settings.api))


def _check_exposure(components: Components, host: str, insecure: bool) -> None:
    """Without keys the API is open to whoever reaches it: loopback only, unless the user says so."""
    if components.keys.required():
        return
    loopback = host in {"127.0.0.1", "localhost", "::1"}
    if not loopback and not insecure:
        raise InvalidRequest(
            f"refusing to serve {host} without API keys: create one (`newsqa keys create --name NAME --scope write`) "
            "or pass --insecure-no-auth"
        )
    note = "serving loopback only" if loopback else "serving other machines WITHOUT authentication"
    Console(stderr=True, soft_wrap=True).print(f"newsqa: no API keys, {note}; `newsqa keys create` adds one", markup=False)


def _remote(settings: Settings) -> RemoteAPI | None:
    url = server_for(settings)
    return None if url is None else RemoteAPI(url, settings.api.client_key)


def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="The question, in quotes.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full response as JSON.")] = False,
    top_k: Annotated[int | None, typer.Option(min=1, max=50, help="Chunks to read for evidence.")] = None,
    as_of: AsOfOption = None,
    min_confidence: Annotated[
        float | None,
        typer.Option(min=0.0, max=1.0, help="Withhold an answer less likely right than this (0: the answer however unsure)."),
    ] = None,
) -> None:
    """Answer a question with cited source spans (through the running server if one owns the data dir)."""
    settings, when = _settings(ctx), _as_of(as_of)
    api = _remote(settings)
    if api is not None:
        body = {"question": question, "top_k": top_k, "as_of": as_of, "min_confidence": min_confidence}
        answer = _waited(api.events("/v1/ask", body))
    else:
        with _command_lock(settings), build_components(settings) as components:
            asked = Ask.of(question, as_of=when, top_k=top_k, min_confidence=min_confidence)
            answer = _waited(_named(components.qa.answer_stream(asked), lambda: components.qa.answer(asked)))
    if as_json:
        typer.echo(json.dumps(answer, ensure_ascii=False))
        return
    _print_answer(AskResponse.model_validate(answer))


def _named(events: Iterator[StreamEvent], again: Callable[[], Answer]) -> Iterator[tuple[str, Any]]:
    """The answer stream's events as the server's stream names them (a stale answer asked again, as answer() does)."""
    for event in events:
        if isinstance(event, Progress):
            yield "progress", asdict(event)
        elif isinstance(event, Done):
            yield "done", answer_out(again() if event.stale else event.answer).model_dump(mode="json")


def _waited(events: Iterator[tuple[str, Any]]) -> Any:
    """The done event's answer; meanwhile where it stands on stderr (a spinner on a terminal, nothing otherwise)."""
    with Console(stderr=True).status("Searching the articles…") as status:
        for name, data in events:
            if name == "progress":
                status.update(str(data["message"]))
            elif name == "done":
                return data
    raise NewsqaError("the answer stream ended before the answer was complete")


def _print_answer(answer: AskResponse) -> None:
    typer.echo(answer.answer)
    if answer.status == "not_in_corpus":
        typer.echo(plain_reason(answer))
        return
    for c in answer.citations:
        dated = f"{(c.published_at or '')[:10]} " if answer.kind == "briefing" and c.published_at else ""
        typer.echo(f'  [{c.n}] {dated}{c.doc_id} {c.start}-{c.end}: "{c.quote}"')
    if answer.unsupported:
        typer.echo(f"  ({len(answer.unsupported)} unsupported part(s) of the answer)")
    if answer.confidence is not None:
        typer.echo(f"  confidence {answer.confidence:.2f}")
    for other in answer.corroboration:
        typer.echo(f'  also reported by {other.outlet or other.doc_id} ({(other.published_at or "")[:10]}): "{other.quote}"')


def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="What to look for.")],
    k: Annotated[int, typer.Option(min=1, max=100, help="Chunks to return.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines, one hit each.")] = False,
    as_of: AsOfOption = None,
) -> None:
    """Search the articles (hybrid dense + keyword) without generating an answer."""
    settings, when = _settings(ctx), _as_of(as_of)
    api = _remote(settings)
    if api is not None:
        hits = api.call("GET", "/v1/search", query={"q": query, "k": k, **({"as_of": as_of} if as_of else {})})["hits"]
    else:
        with _command_lock(settings), build_components(settings) as components:  # no chat model is started
            found = components.qa.search(Ask.of(query, as_of=when, top_k=k)).hits
        hits = [hit_out(h).model_dump(mode="json") for h in found]
    for rank, hit in enumerate(hits, start=1):
        if as_json:
            typer.echo(json.dumps(hit, ensure_ascii=False))
        else:
            snippet = " ".join(hit["text"].split())[:160]
            typer.echo(
                f"{rank}. {hit['doc_id']} {hit['start']}-{hit['end']} score={hit['score']:.4f} {hit['title'][:60]}\n   {snippet}"
            )


def _command_lock(settings: Settings) -> AbstractContextManager[object]:
    return nullcontext() if settings.chroma.host else claim_for_command(settings.data_dir)


def mcp(ctx: typer.Context) -> None:
    """Serve the MCP tools (ask, search, get_article, list_recent) over stdio, for chat apps and agents that start
    their tools as a command; through the running server when one owns the data dir. Over HTTP, a running
    `newsqa serve` offers the same at /mcp."""
    from api.mcp_stdio import serve_stdio  # the MCP SDK only for this command

    serve_stdio(_settings(ctx))


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.command()(mcp)
    app.command()(ask)
    app.command()(search)
