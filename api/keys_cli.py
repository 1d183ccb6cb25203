"""`newsqa keys create | list | revoke`: the API keys a server asks for (stored as sha256 hashes only)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.table import Table

from rag.components import build_components
from rag.settings import Settings
from rag.store.keys import add_to_env_file

keys_app = typer.Typer(help="API keys: once any exists, every route but health and docs needs one.", no_args_is_help=True)


def _settings(ctx: typer.Context) -> Settings:
    settings = ctx.obj
    assert isinstance(settings, Settings)  # set by the root callback in newsqa/cli.py
    return settings


@keys_app.command()
def create(
    ctx: typer.Context,
    name: Annotated[str, typer.Option(help="Who the key is for, e.g. bot-a (unique).")],
    scope: Annotated[
        Literal["read", "write"], typer.Option(help="read: ask, search, list; write: also add and delete.")
    ] = "read",
) -> None:
    """Create a key and print it once (only its sha256 is kept; a running server accepts it at once)."""
    key = build_components(_settings(ctx)).keys.create(name, scope)
    Console(stderr=True, soft_wrap=True).print(f"key {name!r} ({scope}); shown once, keep it now:", markup=False)
    typer.echo(key)


@keys_app.command("env")
def env_file(
    name: Annotated[str, typer.Option(help="Who the key is for (unique in the file).")],
    file: Annotated[Path, typer.Option(help="The env file a container reads (created 0600 if missing).")],
    scope: Annotated[
        Literal["read", "write"], typer.Option(help="read: ask, search, list; write: also add and delete.")
    ] = "read",
) -> None:
    """Create a key for containers: its hash joins NEWSQA_API__KEYS in an env file; the key is printed once."""
    key = add_to_env_file(file, name, scope)
    Console(stderr=True, soft_wrap=True).print(f"key {name!r} ({scope}) added to {file}; shown once, keep it now:", markup=False)
    typer.echo(key)


@keys_app.command("list")
def list_keys(ctx: typer.Context) -> None:
    """List keys by name and scope (never the keys themselves)."""
    table = Table("name", "scope", "sha256 (first 12)")
    for key in build_components(_settings(ctx)).keys.entries():
        table.add_row(key.name, key.scope, key.sha256[:12])
    Console().print(table)


@keys_app.command()
def revoke(ctx: typer.Context, name: Annotated[str, typer.Argument(help="The key's name.")]) -> None:
    """Revoke a key (a running server refuses it at once)."""
    if not build_components(_settings(ctx)).keys.revoke(name):
        Console(stderr=True, soft_wrap=True).print(f"newsqa: no key named {name!r} in the keys file", markup=False)
        raise typer.Exit(1)
    typer.echo(f"revoked {name}")


def register(app: typer.Typer) -> None:
    app.add_typer(keys_app, name="keys")
