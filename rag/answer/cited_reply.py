"""A model's reply turned into cited sentences while it streams, so the streamed text is the final answer.

Sentences are released as soon as the next one starts (or the reply ends) and each is attributed on its own
(rag/trust/citations.py); the answer is those rendered sentences joined by spaces, which is exactly what
citations.attribute() makes of the whole reply, so streaming and non-streaming answers are the same text.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import replace

from rag.answer.evidence import Evidence, EvidenceSelector
from rag.answers import AnswerSpan, Citation
from rag.trust import citations as cite
from rag.trust import markers as mark
from rag.write.sentences import sentence_spans

_CLOSE = re.compile(f"[{re.escape(mark.CLOSERS)}]")


def sentences_as_they_end(deltas: Iterable[str]) -> Iterator[str]:
    """Whole sentences from a stream of text pieces: each one once the following sentence has begun.

    A marker written after a sentence's closing punctuation ("... this week. [2]": 37 of 80 replies of the 1.5B model
    re-asked on dev) is moved into that sentence ("... this week [2].") when it has none of its own; left
    where it was, it would open the next sentence or stand alone and cite nothing. A sentence followed by markers
    alone, or by a bracket still open, is held until the next sentence's text begins (or the reply ends)."""
    pending = ""
    for delta in deltas:
        pending += delta
        spans = sentence_spans(pending)
        while len(spans) > 1 and not _undecided(pending[spans[0][1] :]):
            sentence, pending = _trailing_markers(pending[spans[0][0] : spans[0][1]], pending[spans[0][1] :])
            yield sentence
            spans = sentence_spans(pending)
    while spans := sentence_spans(pending):
        sentence, pending = _trailing_markers(pending[spans[0][0] : spans[0][1]], pending[spans[0][1] :])
        yield sentence


def _undecided(rest: str) -> bool:
    """The text after a sentence is markers and nothing else yet, or a bracket still open: more may be on its way."""
    rest = mark.leading_markers(rest)[1].lstrip()
    return not rest or (rest[:1] in mark.OPENERS and not _CLOSE.search(rest))


def _trailing_markers(sentence: str, rest: str) -> tuple[str, str]:
    """("Biden met her this week.", " [2] Next") -> ("Biden met her this week [2].", " Next"). A marker that does
    not support the sentence is dropped later (citations.attribute), like any other."""
    if mark.MARKER.search(sentence):
        return sentence, rest
    markers, after = mark.leading_markers(rest)
    if not markers:
        return sentence, rest
    return mark.markers_inside(sentence.rstrip(), markers), after


class CitedReply:
    """Accumulates attributed sentences; add() returns the text to stream for each. With the question, each
    sentence's claims are held to it (a sentence given that states what they add to it is cited too; strict, a claim
    none states is unsupported; None: support alone decides), and sources are numbered across the sentences in
    order of first use."""

    def __init__(self, selector: EvidenceSelector, evidence: Evidence, question: str | None, strict: bool = True) -> None:
        self._selector = selector
        self._evidence = evidence
        self._question = question
        self._strict = strict
        self._numbering: dict[int, int] = {}
        self._vectors = selector.passage_vectors(evidence)
        self.text = ""
        self.written: list[str] = []  # the model's sentences as it wrote them
        self.citations: list[Citation] = []
        self.unsupported: list[AnswerSpan] = []
        self.seconds = 0.0  # spent attributing, reported as cite_ms

    def add(self, sentence: str) -> str:
        """Attribute one sentence; the piece of answer text it adds (with its leading space)."""
        started = time.perf_counter()
        self.written.append(sentence)
        try:
            return self._add(sentence)
        finally:
            self.seconds += time.perf_counter() - started

    def _add(self, sentence: str) -> str:
        claims = cite.split_claims(sentence)
        cosines = self._selector.claim_cosines([c.text for c in claims], self._vectors)
        passages = self._evidence.passages
        rendered, citations, unsupported = cite.attribute(
            sentence, claims, passages, cosines, self._question, self._numbering, strict=self._strict
        )
        if not rendered:
            return ""
        base = len(self.text) + (1 if self.text else 0)
        piece = f" {rendered}" if self.text else rendered
        self.text += piece
        self.citations += [replace(c, answer_start=c.answer_start + base, answer_end=c.answer_end + base) for c in citations]
        self.unsupported += [AnswerSpan(s.answer_start + base, s.answer_end + base) for s in unsupported]
        return piece
