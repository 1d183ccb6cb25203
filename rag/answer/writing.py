"""Forming an answer from its evidence: the chat model's reply, cited sentence by sentence as it streams (a reply
that opens by saying it does not know is an abstention), or without a model the evidence sentences themselves
(provider=extractive), and the same sentences when the model is down (answer.fallback=extractive)."""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import replace

from rag.answer.cited_reply import CitedReply
from rag.answer.events import Clock, Delta, Progress, StreamEvent
from rag.answer.evidence import Evidence, EvidenceSelector
from rag.answer.prompts import Prompts, build_messages, is_refusal
from rag.answer.reply import ModelReply, Stop
from rag.answer.verification import verdict
from rag.answers import AbstainReason, Answer, AnsweredBy, Trace
from rag.errors import LLMUnavailable
from rag.providers.chat import ChatModel
from rag.providers.embedder import TokenCounter
from rag.settings import AnswerSettings
from rag.telemetry import LLMFailed, NoObserver, Observer
from rag.trust import citations as cite
from rag.types import Message, Usage


class Writer:
    """write(...) forms the answer; prompt(...) is what the model is sent; usage(...) counts tokens the model did not
    report. chat is None for extractive answers (the best evidence sentence and its better neighbour, each cited)."""

    def __init__(
        self,
        chat: ChatModel | None,
        prompts: Prompts,
        selector: EvidenceSelector,
        settings: AnswerSettings,
        counter: TokenCounter | None = None,
        observer: Observer | None = None,
    ) -> None:
        self._chat = chat
        self._prompts = prompts
        self._selector = selector
        self._settings = settings
        self._counter = counter
        self._observer = observer or NoObserver()

    @property
    def verifies(self) -> bool:
        """Whether each model answer is checked once more against its quotes (answer.verify, resolved)."""
        return self._chat is not None and bool(self._settings.verify)

    def prompt(self, question: str, evidence: Evidence) -> list[Message]:
        """The messages the chat model is sent for this question and evidence."""
        return build_messages(self._prompts, question, evidence.passages, self._settings.titles)

    def abstain(self, clock: Clock, trace: Trace, reason: AbstainReason) -> Answer:
        """The refusal, with why."""
        return Answer(self._prompts.refusal, "not_in_corpus", trace=replace(trace, timings=clock.done()), reason=reason)

    def write(self, question: str, evidence: Evidence, clock: Clock, stop: Stop | None) -> Generator[StreamEvent, None, Answer]:
        """The answer's text as deltas (a model's sentence by sentence; an extractive one whole), then the Answer."""
        if self._chat is not None:
            return (yield from self._generate(self._chat, question, evidence, clock, stop))
        yield Progress("writing", "Choosing the sentences to quote…")
        final = self.extractive(evidence, clock, "extractive")
        yield Delta(final.answer)
        return final

    def extractive(self, evidence: Evidence, clock: Clock, by: AnsweredBy) -> Answer:
        """The best evidence sentence (and its better neighbour), each cited; only clear matches without a model."""
        if evidence.best < self._settings.extractive_min_evidence:
            return self.abstain(clock, Trace(answered_by=by), "not_stated")
        text, citations = cite.extractive(evidence.window() if self._settings.extractive_neighbour else [evidence.top])
        clock.lap("cite")
        return Answer(text, "answered", citations, trace=Trace(timings=clock.done(), answered_by=by))

    def usage(self, prompt: str, completion: str) -> Usage | None:
        """Tokens counted with the embedder's tokenizer (when the model reports none)."""
        if self._counter is None:
            return None
        prompt_tokens, completion_tokens = self._counter.count([prompt, completion])
        return Usage(prompt_tokens, completion_tokens)

    def _generate(
        self, chat: ChatModel, question: str, evidence: Evidence, clock: Clock, stop: Stop | None
    ) -> Generator[StreamEvent, None, Answer]:
        """Stream the reply sentence by sentence, each already cited; a reply that opens by saying it does not
        know is not_in_corpus (and the model is not read further). An unsure refusal is asked again (ModelReply);
        the reply to that counts only if its first sentence cites a source that supports it."""
        messages = self.prompt(question, evidence)
        model = ModelReply(chat, messages, self._settings.refusal_confidence, stop)
        check = self._settings.claim_check
        cited = CitedReply(self._selector, evidence, None if check == "off" else question, strict=check == "strict")
        try:
            model.begin()  # the model is up and has read the prompt: only now is the answer being written
            yield Progress("writing", "Writing the answer…")
            overruled = yield from _cited_sentences(model, cited)
        except LLMUnavailable:
            self._observer.observe(LLMFailed("generate"))
            if self._settings.fallback != "extractive" or cited.text:
                raise
            return self.extractive(evidence, clock, "fallback")  # judged by its own calibrator, then sent
        finally:
            model.close()
        clock.lap("generate", minus=cited.seconds)
        clock.timings["cite_ms"] = round(cited.seconds * 1000, 2)
        spent = model.usage or self.usage("\n".join(m["content"] for m in messages), cited.text)
        trace = Trace(usage=spent, refusal_p=model.refusal_p, asked_again=model.asked_again, signals=_model_signals(model))
        trace = replace(trace, answered_by="model", reply=" ".join(cited.written))
        if overruled or not cited.text or (check == "strict" and not cited.citations):  # nothing shown states it
            final = self.abstain(clock, trace, "not_stated")
            yield Delta(final.answer)
            return final
        if self.verifies:
            trace = replace(trace, signals=trace.signals | self._verified(chat, cited))
            clock.lap("verify")
        return Answer(cited.text, "answered", cited.citations, cited.unsupported, replace(trace, timings=clock.done()))

    def _verified(self, chat: ChatModel, cited: CitedReply) -> dict[str, float]:
        """The model's yes/no verdict on the answer against the quotes it cites, as a signal (none when it fails or
        answers neither: the calibrator then reads it as average)."""
        try:
            found = verdict(chat, self._prompts, cited.text, [c.quote for c in cited.citations])
        except LLMUnavailable:
            self._observer.observe(LLMFailed("verify"))
            return {}
        return {} if found is None else {"verified": found}


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


def _model_signals(model: ModelReply) -> dict[str, float]:
    """What the model reported about its reply, as confidence signals (none when it reports no logprobs)."""
    out = {"asked_again": float(model.asked_again)}
    if model.refusal_mass is not None:
        out["refusal_mass"] = model.refusal_mass
    if model.logprobs is not None:
        out["answer_logprob"], out["min_logprob"] = model.logprobs.mean, model.logprobs.minimum
    return out
