"""The claim check (pure): a claim that adds values to its question (a number, a name, a weekday:
rag/text/values.py) is cited only to quotes that state every one. Support alone (shared words, a close embedding)
lets the sentence that restates the question pass for the one that answers it: "The Glacier Point visitor centre
cost $6.2 million [1]", where [1] says the centre opened and [2] gives the cost, is cited to [2] as well. Strict, a
claim no given sentence states loses its markers (unsupported); otherwise it keeps those support gave it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rag.answers import Passage
from rag.text.values import claim_values, held, name_words
from rag.text.words import support, word_overlap


@dataclass(frozen=True)
class Thresholds:
    """Support (and shared words) needed to keep a model's marker, and more to attribute a claim post hoc."""

    marked: float = 0.30
    marked_overlap: float = 0.34
    post_hoc: float = 0.45
    post_hoc_overlap: float = 0.34


def supports(claim: str, passage: Passage, cosine: float, min_support: float, min_overlap: float) -> bool:
    """The passage supports the claim: enough shared words, and enough support (cosine and overlap)."""
    return word_overlap(claim, passage.quote) >= min_overlap and support(claim, passage, cosine) >= min_support


@dataclass(frozen=True)
class Stating:
    """The claim check: the question (what a claim adds to it is what its quotes must state) and the names the
    passages hold mid-sentence (so a name opening a claim counts as one)."""

    question: str
    passages: Sequence[Passage]
    known: frozenset[str]
    th: Thresholds
    strict: bool = True

    @classmethod
    def of(cls, question: str | None, passages: Sequence[Passage], th: Thresholds, strict: bool = True) -> Stating | None:
        if question is None:
            return None
        return cls(question, passages, frozenset().union(*(name_words(p.quote) for p in passages)), th, strict)

    def check(self, text: str, numbers: list[int], cosines: Sequence[float]) -> list[int]:
        """The passage numbers that state the claim: those given (each supports it) when together they state every
        value the claim adds; else those and the best-supported passage that states the values they lack (a claim
        often restates the question, which the cited sentence supports, and adds the value another sentence
        states); else none (unsupported) when strict, or those given when not (the markers support alone kept:
        a right answer in other words than its source's is not lost). Without a supporting passage given, the one
        added must support it too.

        Not strict (recite), the check only adds to what support cited: a claim support left uncited stays so (the
        sentence then falls back to post-hoc attribution as without the check), and the passage added must support
        the claim as well as state its values, so a sentence that only shares a number is never cited."""
        values = claim_values(text, self.question, self.known)
        if not values or (not self.strict and not numbers):
            return numbers
        index = {p.n: j for j, p in enumerate(self.passages)}
        missing = values - set().union(*(held(values, self.passages[index[n]].quote) for n in numbers if n in index))
        if not missing:
            return numbers
        holders = [
            j
            for j, p in enumerate(self.passages)
            if held(missing, p.quote) == missing and self._may_add(text, numbers, p, cosines[j])
        ]
        best = max(holders, key=lambda j: support(text, self.passages[j], cosines[j]), default=None)
        if best is None:
            return [] if self.strict else numbers
        return [*numbers, self.passages[best].n]

    def _may_add(self, text: str, numbers: list[int], passage: Passage, cosine: float) -> bool:
        """Strict: a sentence stating the values may join the sentences cited; with none cited, it must support the
        claim as a marker's would. Not strict: it must support the claim as much as a sentence attributed without any
        marker (post hoc), so one that only shares the number ("Parking fees rose by $6.2 million") is never added."""
        if not self.strict:
            return supports(text, passage, cosine, self.th.post_hoc, self.th.post_hoc_overlap)
        return bool(numbers) or supports(text, passage, cosine, self.th.marked, self.th.marked_overlap)
