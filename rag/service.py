"""QAService: retrieve, select evidence sentences, then abstain, extract or generate, and cite. No HTTP here.

There is one answer path: answer_stream() decides and yields events; answer() is that stream collected.
"""

from __future__ import annotations

import time
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar, Literal, Protocol

from rag import citations as cite
from rag.errors import LLMUnavailable
from rag.evidence import Evidence, EvidenceSelector
from rag.generation import Prompts, build_messages, is_refusal
from rag.providers.chat import ChatModel
from rag.retrieval import Retrieval
from rag.settings import AnswerSettings
from rag.types import Answer, Citation, Filters, Hit, Message, TimeWindow

AsOf = date | datetime | None


def _window(found: Retrieval) -> TimeWindow | None:
    frame = found.frame
    if frame is None or frame.start is None:
        return None
    return TimeWindow(frame.start.isoformat(), frame.as_of.isoformat(), frame.phrase or "")


@dataclass(frozen=True)
class Delta:
    """A piece of answer text, in order."""

    text: str
    kind: ClassVar[Literal["delta"]] = "delta"


@dataclass(frozen=True)
class Cited:
    """One verified citation of the answer (sent after the text)."""

    citation: Citation
    kind: ClassVar[Literal["citation"]] = "citation"


@dataclass(frozen=True)
class Done:
    """The complete answer; always the last event. stale: a cited article changed while it was answered."""

    answer: Answer
    stale: bool = False
    kind: ClassVar[Literal["done"]] = "done"


StreamEvent = Delta | Cited | Done


class Sources(Protocol):
    """What answering reads (rag.retrieval.Retriever): ranked chunks, and the stored texts quotes are checked against."""

    def search(
        self, question: str, k: int | None = None, filters: Filters = Filters(), as_of: date | datetime | None = None
    ) -> Retrieval: ...

    def article_texts(self, doc_ids: Sequence[str]) -> dict[str, str]: ...


class _Clock:
    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        self.timings: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[f"{name}_ms"] = round((now - self.last) * 1000, 2)
        self.last = now

    def done(self) -> dict[str, float]:
        self.timings["total_ms"] = round((time.perf_counter() - self.started) * 1000, 2)
        return self.timings


class QAService:
    """answer(question) -> Answer with exact citations; search(question) -> ranked chunks.

    chat is None for extractive answers (the best evidence sentence, cited).
    """

    def __init__(
        self, retriever: Sources, evidence: EvidenceSelector, chat: ChatModel | None, prompts: Prompts, settings: AnswerSettings
    ) -> None:
        self._retriever = retriever
        self._selector = evidence
        self._chat = chat
        self._prompts = prompts
        self._settings = settings

    def search(self, question: str, k: int | None = None, filters: Filters = Filters(), as_of: AsOf = None) -> list[Hit]:
        """The ranked chunks, without an answer."""
        return self._retriever.search(question, k, filters, as_of).hits

    def evidence(self, question: str, top_k: int | None = None, filters: Filters = Filters(), as_of: AsOf = None) -> Evidence:
        """The numbered source sentences answer() would use (for evaluation and debugging)."""
        return self._selector.select(question, self._retriever.search(question, top_k, filters, as_of))

    def prompt(self, question: str, evidence: Evidence) -> list[Message]:
        """The messages the chat model is sent for this question and evidence."""
        return build_messages(self._prompts, question, evidence.passages, self._settings.titles)

    def answer(self, question: str, top_k: int | None = None, filters: Filters = Filters(), as_of: AsOf = None) -> Answer:
        """The cited answer: answer_stream() collected; asked once more if a cited article changed meanwhile."""
        done = self._collect(question, top_k, filters, as_of)
        if done.stale:
            done = self._collect(question, top_k, filters, as_of)
        return done.answer

    def _collect(self, question: str, top_k: int | None, filters: Filters, as_of: AsOf) -> Done:
        for event in self.answer_stream(question, top_k, filters, as_of):
            if isinstance(event, Done):
                return event
        raise AssertionError("answer_stream ended without a Done event")  # unreachable by construction

    def answer_stream(
        self, question: str, top_k: int | None = None, filters: Filters = Filters(), as_of: AsOf = None
    ) -> Iterator[StreamEvent]:
        """Text deltas as they are produced, then each verified citation, then the full answer."""
        clock = _Clock()
        found = self._retriever.search(question, top_k, filters, as_of)
        clock.lap("retrieve")
        evidence = self._selector.select(question, found)
        clock.lap("evidence")
        final = yield from self._decide(question, evidence, clock)
        final.time_window = _window(found)
        stale = self._drop_stale(final)
        for citation in final.citations:
            yield Cited(citation)
        yield Done(final, stale)

    def _decide(self, question: str, evidence: Evidence, clock: _Clock) -> Generator[StreamEvent, None, Answer]:
        """The one decision: abstain on weak evidence, extract without a model, else let the model decide."""
        if evidence.best < self._settings.min_evidence:
            final = self._abstain(clock)
        elif self._chat is None:
            final = self._extractive(evidence, clock)
        else:
            return (yield from self._generate(self._chat, question, evidence, clock))
        yield Delta(final.answer)
        return final

    def _generate(
        self, chat: ChatModel, question: str, evidence: Evidence, clock: _Clock
    ) -> Generator[StreamEvent, None, Answer]:
        parts: list[str] = []
        try:
            for delta in chat.stream(self.prompt(question, evidence)):
                parts.append(delta)
                yield Delta(delta)
        except LLMUnavailable:
            if self._settings.fallback != "extractive" or parts:
                raise
            final = self._extractive(evidence, clock)
            yield Delta(final.answer)
            return final
        clock.lap("generate")
        return self._cited("".join(parts), evidence, clock)

    def _abstain(self, clock: _Clock) -> Answer:
        return Answer(self._prompts.refusal, "not_in_corpus", timings=clock.done())

    def _extractive(self, evidence: Evidence, clock: _Clock) -> Answer:
        if evidence.best < self._settings.extractive_min_evidence:
            return self._abstain(clock)  # no model to judge weak evidence: only clear matches are answers
        text, citations = cite.extractive(evidence.top)
        clock.lap("cite")
        return Answer(text, "answered", citations, timings=clock.done())

    def _cited(self, reply: str, evidence: Evidence, clock: _Clock) -> Answer:
        if is_refusal(reply):
            return self._abstain(clock)
        claims = cite.split_claims(reply)
        cosines = self._selector.cosines([c.text for c in claims], evidence)
        text, citations, unsupported = cite.attribute(reply, claims, evidence.passages, cosines)
        clock.lap("cite")
        return Answer(text, "answered", citations, unsupported, timings=clock.done())

    def _drop_stale(self, answer: Answer) -> bool:
        """Check every quote against the stored text now; drop those whose article changed. True if any was."""
        if not answer.citations:
            return False
        texts = self._retriever.article_texts([c.doc_id for c in answer.citations])
        answer.citations, dropped = cite.verify_quotes(answer.citations, texts)
        answer.unsupported = sorted({*answer.unsupported, *dropped}, key=lambda s: (s.answer_start, s.answer_end))
        return bool(dropped)
