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
from rag.errors import NewsqaError
from rag.offline import enforce_offline_env
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
) -> None:
    """Settings come from NEWSQA_* variables and .env; see README.md."""
    overrides = {"data_dir": data_dir} if data_dir else {}
    ctx.obj = Settings(**overrides)  # type: ignore[arg-type]


register_ingest(app)
register_api(app)
register_eval(app)
register_keys(app)


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
