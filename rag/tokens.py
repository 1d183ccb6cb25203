"""Word-piece counting with the embedder's own tokenizer, so chunk sizes match what the model sees."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from tokenizers import Tokenizer

from rag.local_embedder import model_dir

TokenCounter = Callable[[list[str]], list[int]]


@cache
def _tokenizer() -> Tokenizer:
    tok = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


def count_word_pieces(texts: list[str]) -> list[int]:
    """Word pieces per text (no special tokens, no truncation)."""
    if not texts:
        return []
    return [len(e.ids) for e in _tokenizer().encode_batch(texts, add_special_tokens=False)]


def word_piece_offsets(text: str) -> list[tuple[int, int]]:
    """Character span of each word piece of text."""
    return [tuple(o) for o in _tokenizer().encode(text, add_special_tokens=False).offsets]  # type: ignore[misc]
