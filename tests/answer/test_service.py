"""QAService's one decision (abstain, extract, generate, fall back) with a scripted model and in-memory sources."""

from __future__ import annotations

import pytest

from rag.answer.events import Cited, Delta, Done, Progress
from rag.answer.evidence import EvidenceSelector
from rag.answer.service import QAService
from rag.answers import Ask
from rag.errors import LLMUnavailable
from rag.settings import AnswerSettings
from tests.fakes import BagOfWordsEmbedder, FixedConfidence, ScriptedLLM, StaticSources
from tests.helpers import qa_service

TEXT = (
    "Russia and Ukraine held talks in Istanbul. "
    "The Russian delegation was led by Vladimir Medinsky. "
    "Both sides agreed to exchange 1,000 prisoners each."
)
QUESTION = "Who led the Russian delegation?"


def _service(chat: ScriptedLLM | None, **answer: object) -> tuple[QAService, StaticSources]:
    embedder = BagOfWordsEmbedder()
    sources = StaticSources({"talks": ("Talks in Istanbul", TEXT)}, embedder)
    # the gate off unless a test sets it: with it on, a stream is held until judged (tests/trust/test_trust.py)
    settings = AnswerSettings.model_validate({"min_confidence": 0.0} | answer)
    return qa_service(sources, EvidenceSelector(embedder, settings), chat, settings, FixedConfidence()), sources


def test_weak_evidence_abstains_without_asking_the_model() -> None:
    llm = ScriptedLLM(default="Canberra [1].")
    service, _ = _service(llm)
    answer = service.answer(Ask.of("What is the capital of Australia?"))
    assert answer.status == "not_in_corpus" and answer.citations == [] and llm.calls == []


def test_without_a_model_the_best_sentence_and_its_neighbour_are_the_answer() -> None:
    service, sources = _service(None)
    answer = service.answer(Ask.of(QUESTION))
    assert answer.status == "answered" and "Medinsky" in answer.answer
    assert len(answer.citations) == 2 and answer.answer.endswith(f"[{answer.citations[-1].n}].")
    for c in answer.citations:
        assert sources.texts[c.doc_id][c.start : c.end] == c.quote
        assert answer.answer[c.answer_start : c.answer_end] == c.quote.rstrip(".")
    assert [c.start for c in answer.citations] == sorted(c.start for c in answer.citations)  # in text order
    (alone,) = _service(None, extractive_neighbour=False)[0].answer(Ask.of(QUESTION)).citations
    assert alone.quote == "The Russian delegation was led by Vladimir Medinsky."


def test_evidence_is_chosen_from_answer_read_chunks_unless_the_ask_names_its_own_top_k() -> None:
    service, sources = _service(None, read_chunks=12)
    service.answer(Ask.of(QUESTION))
    service.answer(Ask.of(QUESTION, top_k=3))
    service.evidence(Ask.of(QUESTION))
    service.search(Ask.of(QUESTION))  # a plain search returns retrieval.top_k: the service leaves it to the retriever
    assert sources.reads == [12, 3, 12, None]


def test_a_generated_answer_is_cited_and_a_refusal_is_not_in_corpus() -> None:
    service, sources = _service(ScriptedLLM("Vladimir Medinsky led it [1].", "I don't know."))
    answer = service.answer(Ask.of(QUESTION))
    (c,) = answer.citations
    assert answer.status == "answered" and "Medinsky" in c.quote and f"[{c.n}]" in answer.answer
    assert sources.texts[c.doc_id][c.start : c.end] == c.quote
    refused = service.answer(Ask.of(QUESTION))
    assert refused.status == "not_in_corpus" and refused.citations == []


def test_a_model_that_is_down_raises_or_falls_back() -> None:
    down = LLMUnavailable("the chat model endpoint cannot be reached")
    service, _ = _service(ScriptedLLM(fail=down))
    with pytest.raises(LLMUnavailable):
        service.answer(Ask.of(QUESTION))
    service, _ = _service(ScriptedLLM(fail=down), fallback="extractive")
    fallback = service.answer(Ask.of(QUESTION))
    assert fallback.status == "answered" and "Medinsky" in fallback.answer


def test_the_reply_is_cited_sentence_by_sentence_as_it_streams() -> None:
    reply = "Vladimir Medinsky led the delegation [2]. Both sides agreed to exchange 1,000 prisoners each [1]."
    service, _ = _service(ScriptedLLM(reply))
    deltas = [e.text for e in service.answer_stream(Ask.of(QUESTION)) if isinstance(e, Delta)]
    assert len(deltas) == 2 and deltas[1].startswith(" Both sides")  # one piece per sentence, already cited
    refusing, _ = _service(ScriptedLLM("I don't know. But Medinsky might have [1]."))
    events = [e for e in refusing.answer_stream(Ask.of(QUESTION)) if not isinstance(e, Progress)]
    assert [e.kind for e in events] == ["delta", "done"] and isinstance(events[-1], Done)
    first, last = events[0], events[-1]
    assert isinstance(first, Delta) and isinstance(last, Done)
    assert last.answer.status == "not_in_corpus" and first.text == last.answer.answer


def test_the_stream_collected_is_the_answer() -> None:
    reply = "Vladimir Medinsky led the delegation [2]."
    streamed, _ = _service(ScriptedLLM(reply))
    every = list(streamed.answer_stream(Ask.of(QUESTION)))
    assert [e.stage for e in every if isinstance(e, Progress)] == ["searching", "reading", "writing", "checking"]
    events = [e for e in every if not isinstance(e, Progress)]
    kinds = [e.kind for e in events]
    assert kinds == sorted(kinds, key=["delta", "citation", "done"].index) and kinds.count("done") == 1
    done = events[-1]
    assert isinstance(done, Done) and "".join(e.text for e in events if isinstance(e, Delta)) == done.answer.answer
    assert isinstance(done, Done) and [e.citation for e in events if isinstance(e, Cited)] == done.answer.citations
    collected, _ = _service(ScriptedLLM(reply))
    answer = collected.answer(Ask.of(QUESTION))
    assert (answer.answer, answer.status, answer.citations) == (done.answer.answer, done.answer.status, done.answer.citations)


REFUSED = "I don't know."


def test_an_unsure_refusal_is_asked_again_and_its_cited_answer_streams_alone() -> None:
    llm = ScriptedLLM(REFUSED, "Vladimir Medinsky led it [1].", opening_p=0.3)
    service, _ = _service(llm)
    events = list(service.answer_stream(Ask.of(QUESTION)))
    deltas = [e.text for e in events if isinstance(e, Delta)]
    final = events[-1]
    assert isinstance(final, Done) and final.answer.status == "answered" and final.answer.trace.refusal_p == 0.3
    assert "".join(deltas) == final.answer.answer and "know" not in final.answer.answer  # the refusal never streamed
    assert "Medinsky" in final.answer.citations[0].quote
    assert len(llm.calls) == 2 and [a.text for a in llm.avoided] == ["I"]  # the same prompt, the opening banned
    assert llm.calls[0] == llm.calls[1]


def test_a_sure_refusal_stands_and_the_model_is_asked_once() -> None:
    llm = ScriptedLLM(REFUSED, "Vladimir Medinsky led it [1].", opening_p=0.8)
    service, _ = _service(llm)
    answer = service.answer(Ask.of(QUESTION))
    assert answer.status == "not_in_corpus" and answer.trace.refusal_p == 0.8 and len(llm.calls) == 1
    off, _ = _service(ScriptedLLM(REFUSED, default="Vladimir Medinsky led it [1].", opening_p=0.3), refusal_confidence=0)
    assert off.answer(Ask.of(QUESTION)).status == "not_in_corpus"  # 0: every refusal stands
    silent = ScriptedLLM(REFUSED, "Vladimir Medinsky led it [1].")  # a model that reports no logprobs
    assert _service(silent)[0].answer(Ask.of(QUESTION)).status == "not_in_corpus" and len(silent.calls) == 1


def test_asked_again_an_uncited_or_refused_reply_is_still_not_in_corpus() -> None:
    for second in ("Canberra is the capital of Australia.", "Unknown.", ""):
        llm = ScriptedLLM(REFUSED, second, opening_p=0.3)
        service, _ = _service(llm)
        events = list(service.answer_stream(Ask.of(QUESTION)))
        final = events[-1]
        assert isinstance(final, Done) and final.answer.status == "not_in_corpus", second
        assert [e.text for e in events if isinstance(e, Delta)] == [final.answer.answer]  # nothing of it streamed
        assert final.answer.citations == [] and len(llm.calls) == 2
