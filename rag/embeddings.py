"""The Embedder contract and the factory that picks a provider from settings."""

from __future__ import annotations

from typing import Protocol

from rag.settings import Settings


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors, one per text, in order."""

    def embed(self, texts: list[str]) -> list[list[float]]: ...


def build_embedder(settings: Settings) -> Embedder:
    """The embedder settings.embedding asks for; heavy imports happen only for the chosen provider."""
    if settings.embedding.provider == "openai":
        from rag.openai_compat import OpenAIEmbedder

        return OpenAIEmbedder(settings.embedding)
    from rag.local_embedder import LocalMiniLM

    return LocalMiniLM.from_settings(settings)
