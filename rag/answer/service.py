"""QAService: rewrite a follow-up, retrieve, select evidence, then abstain, extract or generate, and cite.
No HTTP here.

There is one answer path: answer_stream() decides and yields events; answer() is that stream collected.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from rag.answer import citations as cite
from rag.answer.cited_reply import CitedReply, sentences_as_they_end
from rag.answer.conversation import Condenser
from rag.answer.events import Cited, Clock, Delta, Done, Stopped, StreamEvent
from rag.answer.evidence import Evidence, EvidenceSelector
from rag.answer.generation import Prompts, build_messages, is_refusal
from rag.answer.retrieval import Retrieval
from rag.errors import LLMUnavailable
from rag.providers.chat import ChatModel
from rag.providers.embedder import TokenCounter
from rag.settings import AnswerSettings
from rag.telemetry import Answered, LLMFailed, NoObserver, Observer
from rag.types import Answer, Filters, Hit, Message, Opening, TimeWindow, Usage

AsOf = date | datetime | None


class Stop(Protocol):
    """A flag the reader of a stream sets when it leaves (threading.Event is one)."""

    def is_set(self) -> bool: ...


__all__ = ["AsOf", "Cited", "Delta", "Done", "QAService", "Sources", "StreamEvent"]


class Sources(Protocol):
    """What answering reads (rag.answer.retrieval.Retriever): ranked chunks, and the stored texts quotes are checked against."""

    def search(self, question: str, k: int | None = None, filters: Filters = Filters(), as_of: AsOf = None) -> Retrieval: ...

    def article_texts(self, doc_ids: Sequence[str]) -> dict[str, str]: ...


@dataclass(frozen=True)
class Ask:
    """One question as asked: its text, how many chunks to read, filters, when, and the conversation before it."""

    text: str
    top_k: int | None = None
    filters: Filters = Filters()
    as_of: AsOf = None
    history: Sequence[Message] = field(default_factory=tuple)


class QAService:
    """answer(question) -> Answer with exact citations; search(question) -> ranked chunks.

    chat is None for extractive answers (the best evidence sentence and its better neighbour, each cited); counter
    counts usage when the model does not report it; observer hears of each answer and each failed model call.
    """

    def __init__(
        self,
        retriever: Sources,
        evidence: EvidenceSelector,
        chat: ChatModel | None,
        prompts: Prompts,
        settings: AnswerSettings,
        condenser: Condenser | None = None,
        counter: TokenCounter | None = None,
        observer: Observer | None = None,
    ) -> None:
        self._retriever = retriever
        self._selector = evidence
        self._chat = chat
        self._prompts = prompts
        self._settings = settings
        self._condenser = condenser
        self._counter = counter
        self._observer = observer or NoObserver()

    def search(self, question: str, k: int | None = None, filters: Filters = Filters(), as_of: AsOf = None) -> list[Hit]:
        """The ranked chunks, without an answer."""
        return self._retriever.search(question, k, filters, as_of).hits

    def evidence(self, question: str, top_k: int | None = None, filters: Filters = Filters(), as_of: AsOf = None) -> Evidence:
        """The numbered source sentences answer() would use (for evaluation and debugging)."""
        return self._selector.select(question, self._retriever.search(question, top_k, filters, as_of))

    def prompt(self, question: str, evidence: Evidence) -> list[Message]:
        """The messages the chat model is sent for this question and evidence."""
        return build_messages(self._prompts, question, evidence.passages, self._settings.titles)

    def answer(self, question: str, top_k: int | None = None, filters: Filters = Filters(), as_of: AsOf = None,
               history: Sequence[Message] = ()) -> Answer:  # fmt: skip
        """The cited answer: answer_stream() collected; asked once more if a cited article changed meanwhile."""
        ask = Ask(question, top_k, filters, as_of, history)
        done = self._collect(ask)
        return (self._collect(ask) if done.stale else done).answer

    def answer_stream(self, question: str, top_k: int | None = None, filters: Filters = Filters(), as_of: AsOf = None,
                      history: Sequence[Message] = (), stop: Stop | None = None) -> Iterator[StreamEvent]:  # fmt: skip
        """Text deltas as they are produced, then each verified citation, then the full answer. Once stop is set
        (the reader left), the stream raises Stopped at the model's next token."""
        return self._stream(Ask(question, top_k, filters, as_of, history), stop)

    def _collect(self, ask: Ask) -> Done:
        for event in self._stream(ask):
            if isinstance(event, Done):
                return event
        raise AssertionError("answer_stream ended without a Done event")  # unreachable by construction

    def _stream(self, ask: Ask, stop: Stop | None = None) -> Iterator[StreamEvent]:
        clock = Clock()
        asked = self._condenser.standalone(ask.text, ask.history) if self._condenser else ask.text.strip()
        clock.lap("condense")
        found = self._retriever.search(asked, ask.top_k, ask.filters, ask.as_of)
        clock.lap("retrieve")
        evidence = self._selector.select(asked, found)
        clock.lap("evidence")
        final = yield from self._decide(asked, evidence, clock, stop)
        final.time_window, final.question = _window(found), asked
        final.usage = final.usage or self._count(asked, final.answer)
        stale = self._drop_stale(final)
        self._observer.observe(Answered(final))
        for citation in final.citations:
            yield Cited(citation)
        yield Done(final, stale)

    def _decide(self, question: str, evidence: Evidence, clock: Clock, stop: Stop | None) -> Generator[StreamEvent, None, Answer]:
        """The one decision: abstain on weak evidence, extract without a model, else let the model decide."""
        if evidence.best < self._settings.min_evidence:
            final = self._abstain(clock)
        elif self._chat is None:
            final = self._extractive(evidence, clock)
        else:
            return (yield from self._generate(self._chat, question, evidence, clock, stop))
        yield Delta(final.answer)
        return final

    def _generate(
        self, chat: ChatModel, question: str, evidence: Evidence, clock: Clock, stop: Stop | None
    ) -> Generator[StreamEvent, None, Answer]:
        """Stream the reply sentence by sentence, each already cited; a reply that opens by saying it does not
        know is not_in_corpus (and the model is not read further). An unsure refusal is asked again (_sentences);
        the reply to that counts only if its first sentence cites a source that supports it."""
        reply, usage, refusal_p = CitedReply(self._selector, evidence), list[Usage](), list[float]()
        sentences = self._sentences(chat, messages := self.prompt(question, evidence), usage, refusal_p, stop)
        try:
            for sentence in sentences:
                if not reply.text and is_refusal(sentence):
                    break
                piece = reply.add(sentence)
                overruled = bool(refusal_p) and refusal_p[0] < self._settings.refusal_confidence
                if overruled and reply.text and not reply.citations:
                    reply.text = ""  # asked again, it claims what no source supports: the refusal stands
                    break
                if piece:
                    yield Delta(piece)
        except LLMUnavailable:
            self._observer.observe(LLMFailed("generate"))
            if self._settings.fallback != "extractive" or reply.text:
                raise
            final = self._extractive(evidence, clock)
            yield Delta(final.answer)
            return final
        finally:
            sentences.close()
        clock.lap("generate", minus=reply.seconds)
        clock.timings["cite_ms"] = round(reply.seconds * 1000, 2)
        spent = usage[-1] if usage else self._count("\n".join(m["content"] for m in messages), reply.text)
        p = refusal_p[0] if refusal_p else None
        if not reply.text:
            final = self._abstain(clock)
            yield Delta(final.answer)
            return Answer(final.answer, final.status, timings=final.timings, usage=spent, refusal_p=p)
        return Answer(reply.text, "answered", reply.citations, reply.unsupported, timings=clock.done(), usage=spent, refusal_p=p)

    def _sentences(
        self, chat: ChatModel, messages: list[Message], usage: list[Usage], refusal_p: list[float], stop: Stop | None
    ) -> Generator[str, None, None]:
        """The reply's sentences. When it opens with a refusal the model was unsure of (its first token below
        refusal_confidence), that reply is dropped and the model asked once more with the token banned: the 1.5B
        model refuses sources that state the answer. The refusal's probability is appended to refusal_p."""
        openings: list[Opening] = []
        deltas = chat.stream(messages)
        try:
            sentences = sentences_as_they_end(_text(deltas, usage, openings, stop))
            first = next(sentences, None)
            if first is not None and is_refusal(first) and openings:
                refusal_p.append(openings[0].probability)
                if openings[0].probability < self._settings.refusal_confidence:
                    _close(deltas)
                    deltas = chat.stream(messages, avoid=openings[0])
                    sentences = sentences_as_they_end(_text(deltas, usage, [], stop))
                    first = next(sentences, None)
            if first is not None:
                yield first
                yield from sentences
        finally:
            _close(deltas)  # a reply not read to its end (a refusal) stops the model instead of letting it go on

    def _abstain(self, clock: Clock) -> Answer:
        return Answer(self._prompts.refusal, "not_in_corpus", timings=clock.done())

    def _extractive(self, evidence: Evidence, clock: Clock) -> Answer:
        if evidence.best < self._settings.extractive_min_evidence:
            return self._abstain(clock)  # no model to judge weak evidence: only clear matches are answers
        text, citations = cite.extractive(evidence.window() if self._settings.extractive_neighbour else [evidence.top])
        clock.lap("cite")
        return Answer(text, "answered", citations, timings=clock.done())

    def _count(self, prompt: str, completion: str) -> Usage | None:
        if self._counter is None:
            return None
        prompt_tokens, completion_tokens = self._counter.count([prompt, completion])
        return Usage(prompt_tokens, completion_tokens)

    def _drop_stale(self, answer: Answer) -> bool:
        """Check every quote against the stored text now; drop those whose article changed. True if any was."""
        if not answer.citations:
            return False
        texts = self._retriever.article_texts([c.doc_id for c in answer.citations])
        answer.citations, dropped = cite.verify_quotes(answer.citations, texts)
        answer.unsupported = sorted({*answer.unsupported, *dropped}, key=lambda s: (s.answer_start, s.answer_end))
        return bool(dropped)


def _text(
    stream: Iterator[str | Usage | Opening], usage: list[Usage], openings: list[Opening], stop: Stop | None
) -> Iterator[str]:
    """The text deltas of a model's stream; the usage and the opening it reports are collected aside. Raises
    Stopped at the first token after stop is set."""
    for item in stream:
        if stop is not None and stop.is_set():
            raise Stopped("the reader left")
        if isinstance(item, Usage):
            usage.append(item)
        elif isinstance(item, Opening):
            openings.append(item)
        else:
            yield item


def _close(stream: Iterator[str | Usage | Opening]) -> None:
    close = getattr(stream, "close", None)
    if callable(close):
        close()


def _window(found: Retrieval) -> TimeWindow | None:
    frame = found.frame
    if frame is None or frame.start is None:
        return None
    return TimeWindow(frame.start.isoformat(), frame.as_of.isoformat(), frame.phrase or "")
