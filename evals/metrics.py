"""Pure metric functions, tested on tiny hand-made cases."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence

from rag.text.values import claim_values, held, name_words
from rag.text.words import content_tokens
from rag.trust.markers import strip_markers


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


def values_stated(answer: str, question: str, quotes: Sequence[str], sources: Sequence[str]) -> bool:
    """Every value the answer adds to the question (numbers, names, dates: rag/text/values.py) stands in one of its
    cited quotes; sources: the sentences given, whose mid-sentence names make a name opening the answer count."""
    known = set().union(*(name_words(s) for s in sources))
    values = claim_values(strip_markers(answer), question, known)
    return held(values, " ".join(quotes)) == values


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[index]


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _stems(text: str, exclude: frozenset[str] | set[str] = frozenset()) -> set[str]:
    from Stemmer import Stemmer  # PyStemmer: Snowball, the stems the keyword index uses too (in tantivy)

    words = content_tokens(normalise(text)) - exclude
    return {s for s in Stemmer("english").stemWords(sorted(words))} - exclude


def _match(a: str, b: str) -> bool:
    # "europ" (Europe) matches "european": one stem a prefix of the other, both at least 4 letters long
    return a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)))


def resolve_choice(answer: str, choices: Sequence[str], question: str = "") -> int | None:
    """The choice a free-text answer names: the one whose content words (stemmed, minus the question's) the
    answer covers best; None when none is covered or two tie (an ambiguous answer counts as wrong)."""
    asked = _stems(question)
    said = _stems(re.sub(r"\[\d+\]", " ", answer), asked)
    scores = []
    for choice in choices:
        wanted = _stems(choice, asked) or _stems(choice)
        hit = sum(1 for w in wanted if any(_match(w, s) for s in said))
        scores.append(hit / len(wanted) if wanted else 0.0)
    best = max(scores, default=0.0)
    if best <= 0 or scores.count(best) > 1:
        return None
    return scores.index(best)


def contains_answer(context: str, gold: str) -> bool:
    """Evidence recall for one question: the gold answer text appears in what the model was given."""
    return answer_matches(context, gold)
