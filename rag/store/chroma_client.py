"""Opening Chroma: the embedded PersistentClient or the HttpClient of a Chroma server, and a guard that turns a
lost server into StoreUnavailable. The only chromadb import: the store (chroma.py) works through what this hands it.
"""

from __future__ import annotations

from typing import Any

import chromadb
import httpx
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaClientSettings

from rag.errors import StoreUnavailable
from rag.settings import Settings

# what Chroma raises when a query restricted to ids names one it does not hold
QueryFailed = chromadb.errors.InternalError


def open_client(settings: Settings) -> ClientAPI:
    """Embedded PersistentClient under data_dir, or HttpClient when chroma.host is set; telemetry off."""
    client_settings = ChromaClientSettings(anonymized_telemetry=False)
    try:
        if settings.chroma.host:
            return chromadb.HttpClient(
                host=settings.chroma.host, port=settings.chroma.port, ssl=settings.chroma.ssl, settings=client_settings
            )
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.data_dir / "chroma"), settings=client_settings)
    except Exception as exc:  # chromadb raises bare ValueError/ConnectionError subclasses
        where = f"{settings.chroma.host}:{settings.chroma.port}" if settings.chroma.host else str(settings.data_dir)
        raise StoreUnavailable(f"cannot open Chroma at {where}: {type(exc).__name__}") from exc


class _Guarded:
    """A collection whose calls turn a lost Chroma server into StoreUnavailable (503), not an internal error.

    chromadb's HttpClient lets httpx's transport errors (refused, reset, timed out) through as they are.
    """

    def __init__(self, collection: Collection, where: str) -> None:
        self._collection, self._where = collection, where

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._collection, name)
        if not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                return attr(*args, **kwargs)
            except httpx.TransportError as exc:
                raise StoreUnavailable(f"the Chroma server at {self._where} cannot be reached ({type(exc).__name__})") from exc

        return call


def collections(client: ClientAPI, name: str, where: str) -> tuple[Collection, Collection, Collection, int]:
    """The chunks, articles and meta collections (cosine HNSW, no embedding function: Chroma's default one
    downloads a model at run time), guarded when remote, and the client's largest batch."""

    def collection(suffix: str) -> Collection:
        made = client.get_or_create_collection(
            f"{name}_{suffix}", configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
        )
        return made if where == "embedded" else _Guarded(made, where)  # type: ignore[return-value]

    try:
        return collection("chunks"), collection("articles"), collection("meta"), client.get_max_batch_size()
    except httpx.TransportError as exc:
        raise StoreUnavailable(f"the Chroma server at {where} cannot be reached ({type(exc).__name__})") from exc
