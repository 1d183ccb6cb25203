"""QAService: rewrite a follow-up, frame the question, retrieve, select evidence, then abstain or write the answer,
and check it. No HTTP here.

There is one answer path: answer_stream() decides and yields events; answer() is that stream collected. Every
answer carries its trace (rag.types.Trace): the question as answered, the chunks retrieved, the sentences the model
was given, the tokens, the refusal probability and the timings, so whoever scores an answer scores what produced it.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol, TypeVar

from rag.answer.briefing import Briefer
from rag.answer.conversation import Condenser
from rag.answer.events import Cited, Clock, Delta, Done, Progress, StreamEvent
from rag.answer.evidence import Evidence, EvidenceSelector
from rag.answer.recent import RecentAnswers, key_of
from rag.answer.reply import Stop
from rag.answer.writing import Writer
from rag.answers import Answer, Ask, Question, Trace
from rag.search.retrieval import Retrieval
from rag.settings import AnswerSettings
from rag.telemetry import Answered, NoObserver, Observer
from rag.text.question_kind import question_kind
from rag.trust.checks import Checks
from rag.types import Message

R = TypeVar("R")

__all__ = ["QAService", "Reading", "Sources", "Stop"]


class Sources(Protocol):
    """What answering reads (rag.search.retrieval.Retriever): the question framed, its ranked chunks, and the stored
    texts quotes are checked against."""

    def question(self, ask: Ask, text: str | None = None) -> Question: ...

    def search(self, question: Question) -> Retrieval: ...

    def article_texts(self, doc_ids: Sequence[str]) -> dict[str, str]: ...

    def latest_before(self, question: Question, moment: datetime) -> str | None: ...

    def generation(self) -> str: ...


@dataclass(frozen=True)
class Reading:
    """How a question is read before it is searched: the condenser rewrites a follow-up to stand alone (None: taken
    as asked); the briefer answers an open question with a briefing (None: every question is a factoid)."""

    condenser: Condenser | None = None
    briefer: Briefer | None = None


class QAService:
    """answer(ask) -> Answer with exact citations and its trace; search(ask) -> ranked chunks.

    reading rewrites a follow-up to stand alone and briefs on open questions (rag.answer.briefing); the writer forms the answer
    from the evidence (the chat model, or the sentences themselves); checks verify, corroborate and judge it;
    recent keeps the answers just formed (None: none kept); observer hears of each answer.
    """

    def __init__(
        self,
        sources: Sources,
        selector: EvidenceSelector,
        writer: Writer,
        checks: Checks,
        settings: AnswerSettings,
        reading: Reading | None = None,
        observer: Observer | None = None,
        recent: RecentAnswers | None = None,
    ) -> None:
        self._sources = sources
        self._selector = selector
        self._writer = writer
        self._checks = checks
        self._settings = settings
        self._readers = reading or Reading()
        self._observer = observer or NoObserver()
        self._recent = recent if recent is not None else RecentAnswers(0)

    def search(self, ask: Ask) -> Retrieval:
        """The ranked chunks (with the question's vector), without an answer."""
        return self._sources.search(self._sources.question(ask))

    def evidence(self, ask: Ask) -> Evidence:
        """The numbered source sentences an answer to ask would be given (the multiple-choice eval reads them)."""
        question = self._sources.question(self._reading(ask))
        return self._selector.select(question.text, self._sources.search(question), question.as_of)

    def prompt(self, question: str, evidence: Evidence) -> list[Message]:
        """The messages the chat model is sent for this question and evidence."""
        return self._writer.prompt(question, evidence)

    def answer(self, ask: Ask) -> Answer:
        """The cited answer: answer_stream() collected. A citation whose article changed meanwhile follows its
        sentence into the new text; only when a quoted sentence is gone is the question asked once more."""
        done = self._collect(ask)
        return (self._collect(ask) if done.stale else done).answer

    def answer_stream(self, ask: Ask, stop: Stop | None = None) -> Iterator[StreamEvent]:
        """Progress while the answer is formed, text deltas as they are produced (a held answer's once judged),
        then each verified citation, then the full answer. Once stop is set
        (the reader left), the stream raises Stopped at the model's next token."""
        return self._stream(ask, stop)

    def _reading(self, ask: Ask) -> Ask:
        """The ask with the chunks its evidence is chosen from: its own top_k, else answer.read_chunks (more chunks
        give more candidate sentences; the prompt's budget stays the same)."""
        return ask if ask.top_k else replace(ask, top_k=self._settings.read_chunks)

    def _collect(self, ask: Ask) -> Done:
        for event in self._stream(ask, None):
            if isinstance(event, Done):
                return event
        raise AssertionError("answer_stream ended without a Done event")  # unreachable by construction

    def _stream(self, ask: Ask, stop: Stop | None) -> Iterator[StreamEvent]:
        clock = Clock()
        key, generation = key_of(ask), self._generation()
        kept = self._recent.get(key, generation) if generation is not None else None
        if kept is not None:
            yield from self._served(kept, ask, clock)
            return
        yield Progress("searching", "Searching the articles…")
        condenser, briefer = self._readers.condenser, self._readers.briefer
        standalone = condenser.standalone(ask.question, ask.history) if condenser else None
        question = self._sources.question(self._reading(ask), standalone)
        clock.lap("condense")
        kind = question_kind(question.text) if briefer else "factoid"
        if briefer is not None and kind != "factoid":
            yield Progress("reading", "Reading the stories in the window…")
            brief = briefer.brief(briefer.framed(question, kind), kind, clock)
            if generation is not None:
                self._recent.put(key, generation, brief)
            yield from self._sent(brief, whole=True)
            return
        found = self._sources.search(question)
        clock.lap("retrieve")
        evidence = self._selector.select(question.text, found, question.as_of)
        clock.lap("evidence")
        yield _reading(found)
        held = self._checks.holds_back(ask)
        decided = self._decide(question.text, evidence, clock, stop)
        formed = yield from (_silently(decided) if held else decided)
        if formed.status == "answered":
            yield Progress("checking", "Checking each quote against its article…")
        usage = formed.trace.usage or self._writer.usage(question.text, formed.answer)
        trace = replace(formed.trace, asked=question, hits=found.hits, evidence=evidence.passages, best_evidence=evidence.best)
        judged, stale = self._checks.check(
            question, found.hits, evidence.passages, replace(formed, trace=replace(trace, usage=usage))
        )
        judged = _with_check_time(judged, clock.since() * 1000)  # its own stage, inside total
        if generation is not None and not stale and judged.trace.answered_by != "fallback":  # a fallback: model down
            self._recent.put(key, generation, judged)
        final = self._checks.gate(judged, ask)
        whole = held or final.trace.answered_by == "fallback"  # a fallback's text is sent once judged too
        yield from self._sent(final, whole, stale)

    def _generation(self) -> str | None:
        """The store's write generation, read only when answers are kept (a lookup in the store)."""
        return self._sources.generation() if self._recent.keeps else None

    def _served(self, kept: Answer, ask: Ask, clock: Clock) -> Iterator[StreamEvent]:
        """An answer formed moments ago for the same ask, gated by this ask's threshold, sent whole; its timings
        are this serving's (cached_ms), its usage what forming it cost."""
        final = self._checks.gate(kept, ask)
        spent = round(clock.since() * 1000, 2)
        final = replace(final, trace=replace(final.trace, timings={"cached_ms": spent, "total_ms": spent}))
        yield from self._sent(final, whole=True, cached=True)

    def _sent(self, final: Answer, whole: bool, stale: bool = False, cached: bool = False) -> Iterator[StreamEvent]:
        """The end of every stream: the text whole when it was not streamed, the answer reported, its citations,
        then Done."""
        if whole:
            yield Delta(final.answer)
        self._observer.observe(Answered(final, cached=cached))
        for citation in final.citations:
            yield Cited(citation)
        yield Done(final, stale)

    def _decide(self, question: str, evidence: Evidence, clock: Clock, stop: Stop | None) -> Generator[StreamEvent, None, Answer]:
        """The one decision: abstain on weak evidence, else let the writer form the answer."""
        if evidence.best < self._settings.min_evidence:
            final = self._writer.abstain(clock, Trace(), "off_topic")
            yield Delta(final.answer)
            return final
        return (yield from self._writer.write(question, evidence, clock, stop))


def _reading(found: Retrieval) -> Progress:
    articles = len({h.doc_id for h in found.hits})
    passages = f"{len(found.hits)} passage{'s' if len(found.hits) != 1 else ''}"
    return Progress("reading", f"Reading {passages} from {articles} article{'s' if articles != 1 else ''}…")


def _with_check_time(answer: Answer, spent_ms: float) -> Answer:
    timings = dict(answer.trace.timings)
    timings["check_ms"], timings["total_ms"] = round(spent_ms, 2), round(timings.get("total_ms", 0.0) + spent_ms, 2)
    return replace(answer, trace=replace(answer.trace, timings=timings))


def _silently(events: Generator[StreamEvent, None, R]) -> Generator[StreamEvent, None, R]:
    """Run a decision to its end passing on only its progress, not its text (the answer is shown whole once
    judged)."""
    while True:
        try:
            event = next(events)
        except StopIteration as done:
            value: R = done.value
            return value
        if isinstance(event, Progress):
            yield event
