"""The answers just formed: the same ask again, and "show it anyway" on a withheld answer, are served without the
model; a write, another day or other filters are not."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from rag.answer.evidence import EvidenceSelector
from rag.answer.recent import RecentAnswers, key_of
from rag.answer.service import QAService
from rag.answers import Answer, Ask
from rag.settings import AnswerSettings
from rag.trust.checks import WITHHELD
from rag.types import Filters
from tests.fakes import BagOfWordsEmbedder, FixedConfidence, ScriptedLLM, StaticSources
from tests.helpers import qa_service

TEXT = "Russia and Ukraine held talks in Istanbul. The Russian delegation was led by Vladimir Medinsky."
QUESTION = "Who led the Russian delegation?"
REPLY = "Vladimir Medinsky led it [2]."


def _sources() -> StaticSources:
    return StaticSources({"talks": ("Talks in Istanbul", TEXT)}, BagOfWordsEmbedder())


def _service(llm: ScriptedLLM, sources: StaticSources, confidence: float, min_confidence: float) -> QAService:
    """A service that keeps 8 answers, every answer judged this confident."""
    settings = AnswerSettings(min_confidence=min_confidence)
    selector = EvidenceSelector(BagOfWordsEmbedder(), settings)
    return qa_service(sources, selector, llm, settings, FixedConfidence(confidence), recent=RecentAnswers(8))


def test_the_same_ask_again_is_served_without_the_model_and_says_so() -> None:
    llm, sources = ScriptedLLM(default=REPLY), _sources()
    qa = _service(llm, sources, confidence=0.9, min_confidence=0.5)
    ask = Ask.of(QUESTION, as_of=date(2025, 5, 16))
    first = qa.answer(ask)
    again = qa.answer(Ask.of(QUESTION, as_of=date(2025, 5, 16)))
    assert first.status == again.status == "answered" and len(llm.calls) == 1 and len(sources.searches) == 1
    assert (again.answer, again.citations, again.confidence) == (first.answer, first.citations, first.confidence)
    assert set(again.trace.timings) == {"cached_ms", "total_ms"} and "generate_ms" in first.trace.timings
    streamed = list(qa.answer_stream(ask))
    assert len(llm.calls) == 1 and streamed[0].kind == "delta" and streamed[-1].kind == "done"


def test_show_it_anyway_serves_the_withheld_answer_without_asking_again() -> None:
    llm, sources = ScriptedLLM(default=REPLY), _sources()
    qa = _service(llm, sources, confidence=0.3, min_confidence=0.5)
    ask = Ask.of(QUESTION, as_of=date(2025, 5, 16))
    withheld = qa.answer(ask)
    assert (withheld.answer, withheld.reason, withheld.confidence) == (WITHHELD, "low_confidence", 0.3)
    shown = qa.answer(replace(ask, min_confidence=0.0))
    assert shown.status == "answered" and "Medinsky" in shown.answer and shown.confidence == 0.3
    assert shown.citations and len(llm.calls) == 1
    assert qa.answer(ask).reason == "low_confidence" and len(llm.calls) == 1  # the gate is the ask's, each time


def test_a_write_another_day_other_filters_or_a_conversation_form_the_answer_again() -> None:
    llm, sources = ScriptedLLM(default=REPLY), _sources()
    qa = _service(llm, sources, confidence=0.9, min_confidence=0.0)
    ask = Ask.of(QUESTION, as_of=date(2025, 5, 16))
    qa.answer(ask)
    sources.texts["talks"] = TEXT + " The talks lasted two hours."  # a write: the store's generation changes
    qa.answer(ask)
    assert len(llm.calls) == 2
    qa.answer(Ask.of(QUESTION, as_of=date(2025, 5, 17)))
    qa.answer(Ask.of(QUESTION, as_of=date(2025, 5, 16), filters=Filters(source="example.com")))
    assert len(llm.calls) == 4
    qa.answer(Ask.of(QUESTION, as_of=date(2025, 5, 16), filters=Filters(source="example.com")))
    assert len(llm.calls) == 4


def test_keys_ignore_the_gate_and_the_hour_and_the_oldest_entry_goes_first() -> None:
    morning = Ask.of(QUESTION, as_of=date(2025, 5, 16))
    assert key_of(morning) == key_of(replace(morning, min_confidence=0.0, as_of=morning.as_of.replace(hour=9)))
    assert key_of(morning) != key_of(replace(morning, history=({"role": "user", "content": "Who?"},)))
    recent = RecentAnswers(2)
    first = Answer("Vladimir Medinsky.", "answered")
    for n in range(3):
        recent.put(("q", n), "g1", first)
    assert recent.get(("q", 0), "g1") is None and recent.get(("q", 2), "g1") is first
    assert recent.get(("q", 2), "g2") is None and recent.get(("q", 2), "g1") is None  # a stale entry is dropped
    off = RecentAnswers(0)
    off.put(("q",), "g1", first)
    assert not off.keeps and off.get(("q",), "g1") is None
