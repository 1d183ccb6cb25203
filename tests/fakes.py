"""Hand-written fakes (classes, not MagicMocks) for tests that are about logic, not models."""

from __future__ import annotations

import hashlib
import math
import re

_WORD = re.compile(r"[a-z0-9]+")


class BagOfWordsEmbedder:
    """Deterministic: each word adds 1 to a hashed dimension; vectors are L2-normalised.

    Texts sharing words get similar vectors, so tests can assert a ranking. It records every call.
    """

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.calls: list[list[str]] = []

    def embed(self, texts: list[str]) -> list[list[float]]:
        self.calls.append(list(texts))
        return [self._vector(t) for t in texts]

    @property
    def texts_embedded(self) -> int:
        return sum(len(c) for c in self.calls)

    def _vector(self, text: str) -> list[float]:
        vec = [0.0] * self.dim
        for word in _WORD.findall(text.lower()):
            vec[int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
        norm = math.sqrt(sum(v * v for v in vec)) or 1.0
        return [v / norm for v in vec]


def word_count(texts: list[str]) -> list[int]:
    """A token counter for chunking tests that must not depend on the real tokenizer."""
    return [len(t.split()) for t in texts]
