"""`newsqa config`: every setting with its environment variable, effective value (NEWSQA_* variables and .env
applied) and description, read from the one Settings class; secrets are masked. `--markdown` writes the table of the
common settings the README shows (tests/test_readme.py checks the README holds exactly that)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from rag.settings import Settings

SECRET = ("api_key", "keys", "client_key")
# the settings the README's table shows, in its order (the rest: `newsqa config`)
COMMON = (
    "data_dir", "llm.provider", "llm.base_url", "llm.model", "llm.logprobs", "answer.fallback",
    "answer.min_confidence", "answer.refusal_confidence", "answer.calibration", "answer.context_sentences",
    "answer.recent_answers", "retrieval.mode", "retrieval.recency_weight", "chroma.host", "embedding.provider", "embedding.variant",
    "embedding.threads", "llm.threads", "conversation.history_turns", "api.rate_per_minute", "api.answers_per_caller",
    "api.body_timeout_s", "api.cors_origins", "api.log_format", "feeds.sources",
)  # fmt: skip


@dataclass(frozen=True)
class Row:
    """One setting: its dotted name, environment variable, effective value and description."""

    name: str
    variable: str
    value: Any
    description: str


def rows(settings: Settings) -> Iterator[Row]:
    """Every leaf setting, section by section, in the order the class declares them."""
    yield from _walk(settings, "")


def _walk(model: BaseModel, prefix: str) -> Iterator[Row]:
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        dotted = f"{prefix}{name}"
        if isinstance(value, BaseModel):
            yield from _walk(value, f"{dotted}.")
            continue
        shown = "***" if name in SECRET and value else value
        variable = "NEWSQA_" + dotted.upper().replace(".", "__")
        yield Row(dotted, variable, shown, " ".join((info.description or "").split()))


def _plain(value: Any) -> str:
    return json.dumps(value, default=str) if isinstance(value, list | dict) else "" if value is None else str(value)


def defaults() -> dict[str, str]:
    """Each setting's default as the class declares it (a default computed at start reads "computed")."""
    out: dict[str, str] = {}

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, info in model.model_fields.items():
            kind = info.annotation
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                walk(kind, f"{prefix}{name}.")
            elif info.default_factory is not None:
                out[f"{prefix}{name}"] = "computed"
            else:
                out[f"{prefix}{name}"] = f"`{_plain(info.default)}`" if _plain(info.default) else "unset"

    walk(Settings, "")
    return out


def markdown() -> str:
    """The README's table: the common settings with their defaults and descriptions."""
    by_name, default = {row.name: row for row in rows(Settings(_env_file=None))}, defaults()
    lines = ["| variable | default | |", "|---|---|---|"]
    for name in COMMON:
        row = by_name[name]
        lines.append(f"| `{row.variable}` | {default[name]} | {row.description.replace('|', '/')} |")
    return "\n".join(lines) + "\n"


def config_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per setting.")] = False,
    as_markdown: Annotated[bool, typer.Option("--markdown", help="The README's table of the common settings.")] = False,
) -> None:
    """Print every setting: its NEWSQA_ variable, its effective value here, and what it does."""
    settings: Settings = ctx.obj
    if as_markdown:
        typer.echo(markdown(), nl=False)
        return
    if as_json:
        for row in rows(settings):
            typer.echo(json.dumps({"variable": row.variable, "value": row.value, "description": row.description}, default=str))
        return
    table = Table("variable", "value", "description", show_lines=False)
    for row in rows(settings):
        table.add_row(row.variable, _plain(row.value), row.description)
    Console().print(table)


def register(app: typer.Typer) -> None:
    app.command("config")(config_command)
