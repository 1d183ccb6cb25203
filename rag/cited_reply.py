"""A model's reply turned into cited sentences while it streams, so the streamed text is the final answer.

Sentences are released as soon as the next one starts (or the reply ends) and each is attributed on its own
(rag/citations.py); the answer is those rendered sentences joined by spaces, which is exactly what
citations.attribute() makes of the whole reply, so streaming and non-streaming answers are the same text.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import replace

from rag import citations as cite
from rag.evidence import Evidence, EvidenceSelector
from rag.sentences import sentence_spans
from rag.types import AnswerSpan, Citation


def sentences_as_they_end(deltas: Iterable[str]) -> Iterator[str]:
    """Whole sentences from a stream of text pieces: each one once the following sentence has begun."""
    pending = ""
    for delta in deltas:
        pending += delta
        spans = sentence_spans(pending)
        if len(spans) > 1:
            for start, end in spans[:-1]:
                yield pending[start:end]
            pending = pending[spans[-1][0] :]
    if pending.strip():
        yield from (pending[s:e] for s, e in sentence_spans(pending))


class CitedReply:
    """Accumulates attributed sentences; add() returns the text to stream for each."""

    def __init__(self, selector: EvidenceSelector, evidence: Evidence) -> None:
        self._selector = selector
        self._evidence = evidence
        self._vectors = selector.passage_vectors(evidence)
        self.text = ""
        self.citations: list[Citation] = []
        self.unsupported: list[AnswerSpan] = []
        self.seconds = 0.0  # spent attributing, reported as cite_ms

    def add(self, sentence: str) -> str:
        """Attribute one sentence; the piece of answer text it adds (with its leading space)."""
        started = time.perf_counter()
        try:
            return self._add(sentence)
        finally:
            self.seconds += time.perf_counter() - started

    def _add(self, sentence: str) -> str:
        claims = cite.split_claims(sentence)
        cosines = self._selector.claim_cosines([c.text for c in claims], self._vectors)
        rendered, citations, unsupported = cite.attribute(sentence, claims, self._evidence.passages, cosines)
        if not rendered:
            return ""
        base = len(self.text) + (1 if self.text else 0)
        piece = f" {rendered}" if self.text else rendered
        self.text += piece
        self.citations += [replace(c, answer_start=c.answer_start + base, answer_end=c.answer_end + base) for c in citations]
        self.unsupported += [AnswerSpan(s.answer_start + base, s.answer_end + base) for s in unsupported]
        return piece
