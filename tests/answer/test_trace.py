"""Every answer carries its trace, and a changed article costs a model call only when a quoted sentence is gone."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import pytest

from rag.answer.events import Done, Stopped
from rag.answer.evidence import EvidenceSelector
from rag.answer.reply import ModelReply
from rag.answer.service import QAService
from rag.answers import Ask
from rag.settings import AnswerSettings
from rag.types import Usage
from tests.fakes import BagOfWordsEmbedder, FixedConfidence, ScriptedLLM, SlowLLM, StaticSources, WordCounter
from tests.helpers import qa_service

TEXT = (
    "Russia and Ukraine held talks in Istanbul. "
    "The Russian delegation was led by Vladimir Medinsky. "
    "Both sides agreed to exchange 1,000 prisoners each."
)
QUESTION = "Who led the Russian delegation?"
REPLY = "Vladimir Medinsky led the delegation [2]."


class ChangingSources(StaticSources):
    """Sources whose article is replaced between retrieval and the quote check (another writer's update)."""

    def __init__(self, replacement: str) -> None:
        super().__init__({"talks": ("Talks in Istanbul", TEXT)}, BagOfWordsEmbedder())
        self.replacement = replacement

    def article_texts(self, doc_ids: Sequence[str]) -> dict[str, str]:
        texts = super().article_texts(doc_ids)
        self.texts["talks"] = self.replacement  # the next retrieval sees the new version
        return {d: self.replacement for d in texts}


def _service(sources: StaticSources, llm: ScriptedLLM) -> QAService:
    settings = AnswerSettings()
    selector = EvidenceSelector(BagOfWordsEmbedder(), settings)
    return qa_service(sources, selector, llm, settings, FixedConfidence(), counter=WordCounter())


def test_the_answer_carries_what_produced_it() -> None:
    llm = ScriptedLLM(REPLY)
    sources = StaticSources({"talks": ("Talks in Istanbul", TEXT)}, BagOfWordsEmbedder())
    ask = Ask.of(QUESTION)
    answer = _service(sources, llm).answer(ask)
    trace = answer.trace
    assert trace.question == QUESTION and trace.as_of == ask.as_of and trace.window is None
    assert [h.doc_id for h in trace.hits] == ["talks"] and trace.hits[0].score > 0
    prompt = llm.calls[0][-1]["content"]
    assert trace.evidence and all(p.quote in prompt for p in trace.evidence)  # exactly what the model was shown
    assert {c.quote for c in answer.citations} <= {p.quote for p in trace.evidence}
    assert trace.best_evidence > 0 and trace.usage is not None and trace.usage.completion_tokens > 0
    assert trace.refusal_p is None and not trace.asked_again
    assert {"retrieve_ms", "evidence_ms", "generate_ms", "total_ms"} <= set(trace.timings)


def test_a_citation_follows_its_sentence_into_the_new_version_without_a_second_model_call() -> None:
    moved = "Updated: talks resumed on Friday. " + TEXT  # the same sentences, 34 characters later
    sources, llm = ChangingSources(moved), ScriptedLLM(REPLY, REPLY)
    answer = _service(sources, llm).answer(Ask.of(QUESTION))
    (citation,) = answer.citations
    assert moved[citation.start : citation.end] == citation.quote and "Medinsky" in citation.quote
    assert answer.unsupported == [] and len(llm.calls) == 1


def test_a_quoted_sentence_that_is_gone_is_asked_again() -> None:
    gone = "Russia and Ukraine held talks in Istanbul. Both sides agreed to exchange 1,000 prisoners each."
    sources, llm = ChangingSources(gone), ScriptedLLM(REPLY, "Russia and Ukraine held talks in Istanbul [1].")
    service = _service(sources, llm)
    done = list(_service(ChangingSources(gone), ScriptedLLM(REPLY)).answer_stream(Ask.of(QUESTION)))[-1]
    assert isinstance(done, Done) and done.stale and done.answer.citations == [] and done.answer.unsupported
    answer = service.answer(Ask.of(QUESTION))  # the whole pipeline once more, over the new version
    assert len(sources.searches) == 2 and all(gone[c.start : c.end] == c.quote for c in answer.citations)
    assert all("Medinsky" not in c.quote for c in answer.citations)


def test_a_model_reply_keeps_its_usage_and_stops_at_the_next_token_once_told() -> None:
    class Reporting(ScriptedLLM):
        def stream(self, messages, avoid=None):  # type: ignore[no-untyped-def]
            yield from super().stream(messages, avoid)
            yield Usage(12, 5)

    reply = ModelReply(Reporting("Medinsky led it. It met in Istanbul."), [], refusal_confidence=0.6)
    assert list(reply.sentences()) == ["Medinsky led it.", "It met in Istanbul."]
    assert reply.usage == Usage(12, 5) and reply.refusal_p is None and not reply.asked_again
    stop, slow = threading.Event(), SlowLLM(words=100, pause_s=0.0)
    stopping = ModelReply(slow, [], refusal_confidence=0.6, stop=stop)
    sentences = stopping.sentences()
    assert next(sentences).startswith("Vladimir Medinsky")
    stop.set()
    with pytest.raises(Stopped):
        next(sentences)
    stopping.close()
    assert slow.produced < 100 and slow.open_streams == 0
