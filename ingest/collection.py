"""Where the write commands write: the store itself, or a running server's API when `newsqa serve` owns the data dir."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Protocol

import typer
from rich.console import Console

from ingest.job import Writer
from ingest.remote import RemoteArticles, RemoteWriter
from rag.components import build_components
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
def open_collection(settings: Settings) -> Iterator[tuple[Writer, Collection]]:
    """The server's API when a running `newsqa serve` owns the data dir, else the store itself (held while used)."""
    url = server_for(settings)
    if url is not None:
        api = RemoteAPI(url, settings.api.client_key)
        err.print(f"newsqa serve at {url} owns {settings.data_dir}: working through its API", markup=False)
        yield RemoteWriter(api), RemoteArticles(api)
        return
    with (
        nullcontext() if settings.chroma.host else claim_for_command(settings.data_dir),
        build_components(settings) as components,
    ):
        yield components.indexer, components.articles


def settings_of(ctx: typer.Context) -> Settings:
    settings = ctx.obj
    assert isinstance(settings, Settings)  # set by the root callback in newsqa/cli.py
    return settings
