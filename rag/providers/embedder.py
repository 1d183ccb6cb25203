"""The Embedder and TokenCounter contracts, and the factories that pick a provider from settings.

A provider's token counter counts in the units its model truncates at, so chunk sizes mean the same thing
to the chunker and to the model.
"""

from __future__ import annotations

import re
from typing import Protocol, runtime_checkable

from rag.settings import Settings
from rag.types import CharRange


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors, one per text, in order."""

    def embed(self, texts: list[str]) -> list[list[float]]: ...


class TokenCounter(Protocol):
    """Counts tokens as the embedder sees them; spans() locates them, to cut an over-long sentence."""

    def count(self, texts: list[str]) -> list[int]: ...

    def spans(self, text: str) -> list[CharRange]: ...


_PIECE = re.compile(r"\w+|[^\w\s]")


class ApproximateCounter:
    """Words and punctuation marks as tokens: for remote embedders whose tokenizer is not known here.

    BPE tokenizers cut English news into ~1.3 tokens a word; this counts ~1.15, so chunk sizes for
    provider=openai are approximate (they stay far below any server's input limit).
    """

    def count(self, texts: list[str]) -> list[int]:
        return [len(_PIECE.findall(t)) for t in texts]

    def spans(self, text: str) -> list[CharRange]:
        return [m.span() for m in _PIECE.finditer(text)]


def build_embedder(settings: Settings) -> Embedder:
    """The embedder settings.embedding asks for; heavy imports happen only for the chosen provider."""
    if settings.embedding.provider == "openai":
        from rag.providers.openai_compat import OpenAIEmbedder

        return OpenAIEmbedder(settings.embedding)
    from rag.providers.minilm import LocalMiniLM

    return LocalMiniLM.from_settings(settings)


def build_token_counter(settings: Settings) -> TokenCounter:
    """The chosen embedder's own token counter (MiniLM's word pieces for the local provider)."""
    if settings.embedding.provider == "openai":
        return ApproximateCounter()
    from rag.providers.wordpiece import WordPieceCounter

    return WordPieceCounter.load()


@runtime_checkable
class SpanEmbedder(Protocol):
    """An embedder that can also pool a vector per character span from the same forward pass (MiniLM can)."""

    def embed_spans(
        self, texts: list[str], spans: list[list[CharRange]]
    ) -> tuple[list[list[float]], list[list[list[float]]]]: ...


def embed_with_spans(
    embedder: Embedder, texts: list[str], spans: list[list[CharRange]]
) -> tuple[list[list[float]], list[list[list[float]]]]:
    """Vectors for the texts and for each span of them: pooled in one pass where the embedder can, else each
    span's text is embedded on its own (a remote embedder pays for the sentences a second time)."""
    if isinstance(embedder, SpanEmbedder):
        return embedder.embed_spans(texts, spans)
    flat = [text[s:e] for text, ranges in zip(texts, spans, strict=True) for s, e in ranges]
    vectors, flat_vectors = embedder.embed(texts), embedder.embed(flat)
    out, at = [], 0
    for ranges in spans:
        out.append(flat_vectors[at : at + len(ranges)])
        at += len(ranges)
    return vectors, out
