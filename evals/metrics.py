"""Pure metric functions, tested on tiny hand-made cases."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence


def dedupe(doc_ids: Sequence[str]) -> list[str]:
    """Article ranking from a chunk ranking: first occurrence wins."""
    return list(dict.fromkeys(doc_ids))


def hits_at(ranked_docs: Sequence[str], gold: set[str], k: int) -> float:
    """1.0 when any of the first k distinct articles is gold."""
    return 1.0 if gold & set(dedupe(ranked_docs)[:k]) else 0.0


def reciprocal_rank(ranked_docs: Sequence[str], gold: set[str], k: int = 10) -> float:
    """1/rank of the first gold article among the first k distinct articles, else 0."""
    for rank, doc in enumerate(dedupe(ranked_docs)[:k], start=1):
        if doc in gold:
            return 1.0 / rank
    return 0.0


def normalise(text: str) -> str:
    """Case-, quote-, accent- and whitespace-insensitive form for answer matching."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[\"'“”‘’`«»]", "", text.lower())
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def answer_matches(answer: str, gold: str) -> bool:
    """The answer contains the gold answer text (both normalised)."""
    needle = normalise(gold)
    return bool(needle) and f" {needle} " in f" {normalise(answer)} "


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[index]


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0
