"""QAService: rewrite a follow-up, retrieve, select evidence, then abstain, extract or generate, and cite.
No HTTP here.

There is one answer path: answer_stream() decides and yields events; answer() is that stream collected. Every
answer carries its trace (rag.types.Trace): the chunks retrieved, the sentences the model was given, the tokens,
the refusal probability and the timings, so whoever scores an answer scores what produced it.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Protocol, TypeVar

from rag.answer import citations as cite
from rag.answer.checks import Checks
from rag.answer.cited_reply import CitedReply
from rag.answer.confidence import Estimator
from rag.answer.conversation import Condenser
from rag.answer.events import Cited, Clock, Delta, Done, StreamEvent
from rag.answer.evidence import Evidence, EvidenceSelector
from rag.answer.generation import Prompts, build_messages, is_refusal
from rag.answer.reply import ModelReply, Stop
from rag.answer.retrieval import Retrieval
from rag.errors import LLMUnavailable
from rag.providers.chat import ChatModel
from rag.providers.embedder import TokenCounter
from rag.settings import AnswerSettings
from rag.telemetry import Answered, LLMFailed, NoObserver, Observer
from rag.types import AbstainReason, Answer, AnsweredBy, Ask, Message, TimeWindow, Trace, Usage

R = TypeVar("R")

__all__ = ["QAService", "Sources", "Stop"]


class Sources(Protocol):
    """What answering reads (rag.answer.retrieval.Retriever): ranked chunks, and the stored texts quotes are
    checked against."""

    def search(self, ask: Ask) -> Retrieval: ...

    def article_texts(self, doc_ids: Sequence[str]) -> dict[str, str]: ...

    def latest_before(self, ask: Ask, moment: datetime) -> str | None: ...


class QAService:
    """answer(ask) -> Answer with exact citations and its trace; search(ask) -> ranked chunks.

    chat is None for extractive answers (the best evidence sentence and its better neighbour, each cited); the
    calibrator turns an answer's signals into its confidence; counter counts usage when the model does not report
    it; observer hears of each answer and each failed model call.
    """

    def __init__(
        self,
        retriever: Sources,
        evidence: EvidenceSelector,
        chat: ChatModel | None,
        prompts: Prompts,
        settings: AnswerSettings,
        calibrator: Estimator | None,
        condenser: Condenser | None = None,
        counter: TokenCounter | None = None,
        observer: Observer | None = None,
        fallback_calibrator: Estimator | None = None,
    ) -> None:
        self._retriever = retriever
        self._checks = Checks(retriever, calibrator, settings.min_confidence, prompts.refusal, fallback_calibrator)
        self._selector = evidence
        self._chat = chat
        self._prompts = prompts
        self._settings = settings
        self._condenser = condenser
        self._counter = counter
        self._observer = observer or NoObserver()

    def search(self, ask: Ask) -> Retrieval:
        """The ranked chunks (with the question's vector and time frame), without an answer."""
        return self._retriever.search(ask)

    def evidence(self, ask: Ask) -> Evidence:
        """The numbered source sentences an answer to ask would be given (the multiple-choice eval reads them)."""
        return self._selector.select(ask.question, self._retriever.search(ask))

    def prompt(self, question: str, evidence: Evidence) -> list[Message]:
        """The messages the chat model is sent for this question and evidence."""
        return build_messages(self._prompts, question, evidence.passages, self._settings.titles)

    def answer(self, ask: Ask) -> Answer:
        """The cited answer: answer_stream() collected. A citation whose article changed meanwhile follows its
        sentence into the new text; only when a quoted sentence is gone is the question asked once more."""
        done = self._collect(ask)
        return (self._collect(ask) if done.stale else done).answer

    def answer_stream(self, ask: Ask, stop: Stop | None = None) -> Iterator[StreamEvent]:
        """Text deltas as they are produced, then each verified citation, then the full answer. Once stop is set
        (the reader left), the stream raises Stopped at the model's next token."""
        return self._stream(ask, stop)

    def _collect(self, ask: Ask) -> Done:
        for event in self._stream(ask, None):
            if isinstance(event, Done):
                return event
        raise AssertionError("answer_stream ended without a Done event")  # unreachable by construction

    def _stream(self, ask: Ask, stop: Stop | None) -> Iterator[StreamEvent]:
        clock = Clock()
        asked = self._condenser.standalone(ask.question, ask.history) if self._condenser else ask.question.strip()
        clock.lap("condense")
        found = self._retriever.search(replace(ask, question=asked))
        clock.lap("retrieve")
        evidence = self._selector.select(asked, found)
        clock.lap("evidence")
        held = self._checks.holds_back(ask)
        decided = self._decide(asked, evidence, clock, stop)
        final = _silently(decided) if held else (yield from decided)
        trace = final.trace
        trace.question, trace.as_of, trace.window = asked, ask.as_of, _window(found)
        trace.hits, trace.evidence, trace.best_evidence = found.hits, evidence.passages, evidence.best
        trace.usage = trace.usage or self._count(asked, final.answer)
        final, stale = self._checks.check(ask, found, evidence, final)
        # checking quotes, corroboration and confidence, after the answer was formed (its own stage, inside total)
        timings, spent = final.trace.timings, clock.since() * 1000
        timings["check_ms"], timings["total_ms"] = round(spent, 2), round(timings.get("total_ms", 0.0) + spent, 2)
        if held or final.trace.answered_by == "fallback":  # a fallback's text is sent once judged too
            yield Delta(final.answer)
        self._observer.observe(Answered(final))
        for citation in final.citations:
            yield Cited(citation)
        yield Done(final, stale)

    def _decide(self, question: str, evidence: Evidence, clock: Clock, stop: Stop | None) -> Generator[StreamEvent, None, Answer]:
        """The one decision: abstain on weak evidence, extract without a model, else let the model decide."""
        if evidence.best < self._settings.min_evidence:
            final = self._abstain(clock, Trace(), "off_topic")
        elif self._chat is None:
            final = self._extractive(evidence, clock, "extractive")
        else:
            return (yield from self._generate(self._chat, question, evidence, clock, stop))
        yield Delta(final.answer)
        return final

    def _generate(
        self, chat: ChatModel, question: str, evidence: Evidence, clock: Clock, stop: Stop | None
    ) -> Generator[StreamEvent, None, Answer]:
        """Stream the reply sentence by sentence, each already cited; a reply that opens by saying it does not
        know is not_in_corpus (and the model is not read further). An unsure refusal is asked again (ModelReply);
        the reply to that counts only if its first sentence cites a source that supports it."""
        messages = self.prompt(question, evidence)
        model = ModelReply(chat, messages, self._settings.refusal_confidence, stop)
        cited = CitedReply(self._selector, evidence)
        try:
            overruled = yield from _cited_sentences(model, cited)
        except LLMUnavailable:
            self._observer.observe(LLMFailed("generate"))
            if self._settings.fallback != "extractive" or cited.text:
                raise
            return self._extractive(evidence, clock, "fallback")  # judged by its own calibrator, then sent
        finally:
            model.close()
        clock.lap("generate", minus=cited.seconds)
        clock.timings["cite_ms"] = round(cited.seconds * 1000, 2)
        spent = model.usage or self._count("\n".join(m["content"] for m in messages), cited.text)
        trace = Trace(
            usage=spent,
            refusal_p=model.refusal_p,
            asked_again=model.asked_again,
            signals=_model_signals(model),
            answered_by="model",
        )
        if overruled or not cited.text:
            final = self._abstain(clock, trace, "not_stated")
            yield Delta(final.answer)
            return final
        trace.timings = clock.done()
        return Answer(cited.text, "answered", cited.citations, cited.unsupported, trace)

    def _abstain(self, clock: Clock, trace: Trace, reason: AbstainReason) -> Answer:
        trace.timings = clock.done()
        return Answer(self._prompts.refusal, "not_in_corpus", trace=trace, reason=reason)

    def _extractive(self, evidence: Evidence, clock: Clock, by: AnsweredBy) -> Answer:
        if evidence.best < self._settings.extractive_min_evidence:
            # no model to judge weak evidence: only clear matches are answers
            return self._abstain(clock, Trace(answered_by=by), "not_stated")
        text, citations = cite.extractive(evidence.window() if self._settings.extractive_neighbour else [evidence.top])
        clock.lap("cite")
        return Answer(text, "answered", citations, trace=Trace(timings=clock.done(), answered_by=by))

    def _count(self, prompt: str, completion: str) -> Usage | None:
        if self._counter is None:
            return None
        prompt_tokens, completion_tokens = self._counter.count([prompt, completion])
        return Usage(prompt_tokens, completion_tokens)


def _cited_sentences(model: ModelReply, cited: CitedReply) -> Generator[StreamEvent, None, bool]:
    """The reply's sentences as deltas, each cited as it ends; stops at a reply that opens by refusing. True when
    the reply to a question asked again claims what no source supports: then the refusal stands."""
    for sentence in model.sentences():
        if not cited.text and is_refusal(sentence):
            return False
        piece = cited.add(sentence)
        if model.asked_again and cited.text and not cited.citations:
            return True
        if piece:
            yield Delta(piece)
    return False


def _silently(events: Generator[StreamEvent, None, R]) -> R:
    """Run a decision to its end without passing its deltas on (the answer is shown whole once judged)."""
    while True:
        try:
            next(events)
        except StopIteration as done:
            value: R = done.value
            return value


def _model_signals(model: ModelReply) -> dict[str, float]:
    """What the model reported about its reply, as confidence signals (none when it reports no logprobs)."""
    out = {"asked_again": float(model.asked_again)}
    if model.refusal_mass is not None:
        out["refusal_mass"] = model.refusal_mass
    if model.logprobs is not None:
        out["answer_logprob"], out["min_logprob"] = model.logprobs.mean, model.logprobs.minimum
    return out


def _window(found: Retrieval) -> TimeWindow | None:
    frame = found.frame
    if frame is None or frame.start is None:
        return None
    return TimeWindow(frame.start.isoformat(), frame.as_of.isoformat(), frame.phrase or "")
