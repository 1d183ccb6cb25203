"""The root `newsqa` command. Settings are built here, once per invocation, never at import."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console

from api.cli import register as register_api
from api.keys_cli import register as register_keys
from evals.cli import register as register_eval
from ingest.cli import register as register_ingest
from ingest.feeds import register as register_feeds
from newsqa.config import register as register_config
from rag.errors import NewsqaError
from rag.providers.offline import enforce_offline_env
from rag.settings import Settings

app = typer.Typer(
    name="newsqa",
    help="Question answering over news articles with exact, checkable citations.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def root(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None, typer.Option(help="Data folder (Chroma and model cache); default NEWSQA_DATA_DIR or ./data.")
    ] = None,
    api_key: Annotated[
        str | None,
        typer.Option(
            "--api-key",
            help="The key for a running server that needs one (ask, search, ingest, list go through it while it owns "
            "the data dir); default NEWSQA_API__CLIENT_KEY.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Settings come from NEWSQA_* variables and .env; see README.md."""
    overrides = {"data_dir": data_dir} if data_dir else {}
    settings = Settings(**overrides)  # type: ignore[arg-type]
    if api_key:
        settings = settings.model_copy(update={"api": settings.api.model_copy(update={"client_key": api_key})})
    ctx.obj = settings


@app.command()
def prepare(ctx: typer.Context) -> None:
    """Build the embedder's ONNX graph and join and verify the chat model now, into the models dir.

    Container images run this at build time so the first start builds nothing; `newsqa serve` does it otherwise.
    """
    settings = ctx.obj
    assert isinstance(settings, Settings)
    from rag.components import build_components

    with build_components(settings) as components:
        dims = len(components.embedder.embed(["warm-up"])[0])
    typer.echo(f"embedder ready ({settings.embedding.provider}, {dims} dimensions) in {settings.model_cache_dir}")
    if settings.llm.provider == "local":
        from rag.providers.model_file import model_path

        typer.echo(f"chat model verified: {model_path(settings.model_cache_dir, settings.llm.model_path)}")


@app.command("model-server")
def model_server(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Bind address.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port.")] = 8080,
) -> None:
    """Serve the bundled chat model as an OpenAI-compatible llama.cpp server (for provider=openai elsewhere).

    It has no authentication: keep it on a private network (compose's `llm` profile does).
    """
    import signal
    import threading

    settings = ctx.obj
    assert isinstance(settings, Settings)
    from rag.providers.local_llm import ALIAS, LocalLlamaServer

    llm = settings.llm
    server = LocalLlamaServer(llm.model_path, settings.model_cache_dir, llm.threads, llm.context, llm.max_tokens, host, port)
    typer.echo(f"model {ALIAS!r} at http://{host}:{port}/v1 (OpenAI-compatible); Ctrl-C or SIGTERM stops it")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


register_ingest(app)
register_feeds(app)
register_api(app)
register_eval(app)
register_keys(app)
register_config(app)


def main() -> None:
    """Console entry point: offline environment, then one-line errors instead of tracebacks."""
    enforce_offline_env()
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("newsqa: %(message)s"))
    ours = logging.getLogger("newsqa")
    ours.addHandler(handler)
    ours.setLevel(logging.INFO)
    ours.propagate = False
    try:
        app()
    except NewsqaError as exc:
        Console(stderr=True, soft_wrap=True).print(f"newsqa: error: {exc}", markup=False)
        raise SystemExit(2) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        Console(stderr=True, soft_wrap=True).print(f"newsqa: error: bad setting {where}: {first['msg']}", markup=False)
        raise SystemExit(2) from None
