"""Hand-written fakes (classes, not MagicMocks) for tests that are about logic, not models."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterator

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


class ScriptedLLM:
    """Replies from a queue (or a fixed default) and records every message list it was sent."""

    def __init__(self, *replies: str, default: str | None = None, fail: Exception | None = None) -> None:
        self.replies = list(replies)
        self.default = default
        self.fail = fail
        self.calls: list[list[dict[str, str]]] = []

    def enqueue(self, *replies: str) -> None:
        self.replies.extend(replies)

    def complete(self, messages: list[dict[str, str]]) -> str:
        self.calls.append(messages)
        if self.fail is not None:
            raise self.fail
        if self.replies:
            return self.replies.pop(0)
        if self.default is not None:
            return self.default
        raise AssertionError("ScriptedLLM has no reply left")

    def stream(self, messages: list[dict[str, str]]) -> Iterator[str]:
        reply = self.complete(messages)
        for start in range(0, len(reply), 7):  # uneven pieces, as real servers send
            yield reply[start : start + 7]
