"""What the checks do to an answer, seen through the service: abstention reasons made precise, the confidence gate
(a withheld answer never streamed), fallback answers judged by their own calibrator, corroboration with exact spans,
and the model signals an answer records (scripted model, fakes). The pure parts: test_corroboration.py,
test_confidence.py; Checks on its own: test_checks.py."""

from __future__ import annotations

from rag.answer.events import Delta, Done
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
OTHER = "Talks resumed on Monday. Vladimir Medinsky, an aide, headed the Russian team in Istanbul."
QUESTION = "Who led the Russian delegation?"


def _service(
    chat: ScriptedLLM | None,
    confidence: FixedConfidence | None = None,
    judge_fallback: FixedConfidence | None = None,
    **answer: object,
) -> tuple[QAService, StaticSources]:
    embedder = BagOfWordsEmbedder()
    sources = StaticSources({"talks": ("Talks in Istanbul", TEXT), "wire": ("Wire report", OTHER)}, embedder)
    settings = AnswerSettings.model_validate(answer)
    calibrator = confidence or FixedConfidence()
    service = qa_service(sources, EvidenceSelector(embedder, settings), chat, settings, calibrator, fallback=judge_fallback)
    return service, sources


def test_a_fallback_answer_is_judged_by_its_own_calibrator_and_sent_only_once_judged() -> None:
    model, extractive = FixedConfidence(0.9), FixedConfidence(0.3)
    down = ScriptedLLM(fail=LLMUnavailable("down"))
    service, _ = _service(down, model, extractive, fallback="extractive", min_confidence=0.5)
    withheld = service.answer(Ask.of(QUESTION))
    assert (withheld.status, withheld.reason, withheld.confidence) == ("not_in_corpus", "low_confidence", 0.3)
    assert withheld.trace.answered_by == "fallback" and model.seen == [] and len(extractive.seen) == 1
    assert not {"refusal_mass", "answer_logprob"} & set(extractive.seen[0].known())  # no model signal to read
    shown = service.answer(Ask.of(QUESTION, min_confidence=0.2))
    assert (shown.status, shown.confidence, shown.trace.answered_by) == ("answered", 0.3, "fallback")
    assert "Medinsky" in shown.answer
    working, _ = _service(ScriptedLLM(default="Vladimir Medinsky led it [1]."), model, extractive, fallback="extractive")
    assert working.answer(Ask.of(QUESTION)).trace.answered_by == "model" and len(model.seen) == 1


def test_without_a_calibrator_for_the_model_a_fallback_answer_is_still_judged_before_it_is_sent() -> None:
    # a model server (provider=openai) has no calibrator, so its answers stream at once; its fallback is gated
    embedder = BagOfWordsEmbedder()
    sources = StaticSources({"talks": ("Talks in Istanbul", TEXT)}, embedder)
    settings = AnswerSettings(fallback="extractive", min_confidence=0.5)
    down = ScriptedLLM(fail=LLMUnavailable("down"))
    selector = EvidenceSelector(embedder, settings)
    service = qa_service(sources, selector, down, settings, None, fallback=FixedConfidence(0.3))
    events = list(service.answer_stream(Ask.of(QUESTION)))
    done = events[-1]
    assert isinstance(done, Done) and (done.answer.reason, done.answer.confidence) == ("low_confidence", 0.3)
    assert [e.text for e in events if isinstance(e, Delta)] == [done.answer.answer]  # the withheld text never sent
    sent = list(service.answer_stream(Ask.of(QUESTION, min_confidence=0.0)))
    deltas = [e.text for e in sent if isinstance(e, Delta)]
    assert len(deltas) == 1 and "Medinsky" in deltas[0]  # sent once, whole


def test_an_answer_below_min_confidence_is_withheld_with_its_confidence_and_never_streamed() -> None:
    service, _ = _service(ScriptedLLM(default="Vladimir Medinsky led it [1]."), FixedConfidence(0.2), min_confidence=0.5)
    events = list(service.answer_stream(Ask.of(QUESTION)))
    done = events[-1]
    assert isinstance(done, Done)
    answer = done.answer
    assert (answer.status, answer.reason, answer.confidence, answer.citations) == ("not_in_corpus", "low_confidence", 0.2, [])
    # the withheld text was never sent: the only delta is the refusal
    assert [e.text for e in events if isinstance(e, Delta)] == [answer.answer]
    assert "Medinsky" not in answer.answer


def test_a_request_can_ask_for_the_answer_however_unsure() -> None:
    service, _ = _service(ScriptedLLM(default="Vladimir Medinsky led it [1]."), FixedConfidence(0.2), min_confidence=0.5)
    answer = service.answer(Ask.of(QUESTION, min_confidence=0.0))
    assert (answer.status, answer.confidence, answer.reason) == ("answered", 0.2, None)
    assert "Medinsky" in answer.answer


def test_the_model_saying_it_does_not_know_is_not_stated() -> None:
    service, _ = _service(ScriptedLLM(default="I don't know."))
    answer = service.answer(Ask.of(QUESTION))
    assert (answer.status, answer.reason, answer.confidence) == ("not_in_corpus", "not_stated", None)


def test_nothing_relevant_is_off_topic_and_nothing_at_all_is_no_articles() -> None:
    chat = ScriptedLLM(default="should not be asked")
    service, sources = _service(chat)
    off = service.answer(Ask.of("What is the capital of Australia?"))
    assert (off.status, off.reason) == ("not_in_corpus", "off_topic")
    sources.texts.clear()
    empty = service.answer(Ask.of(QUESTION))
    assert (empty.status, empty.reason) == ("not_in_corpus", "no_articles")
    assert chat.calls == []


def test_the_answer_records_the_model_signals_and_the_calibrator_sees_them() -> None:
    confidence = FixedConfidence(0.8)
    chat = ScriptedLLM(default="Vladimir Medinsky led it [1].", opening_p=0.9, logprob=-0.25)
    service, _ = _service(chat, confidence)
    answer = service.answer(Ask.of(QUESTION))
    signals = answer.trace.signals
    assert answer.confidence == 0.8 and confidence.seen
    assert signals["answer_logprob"] == -0.25 and signals["asked_again"] == 0.0
    assert signals["refusal_mass"] == 0.0  # it opened with "Vladimir": no refusal considered
    assert signals["claim_support"] == 1.0  # the cited sentence holds "vladimir medinsky"
    assert answer.trace.timings["check_ms"] >= 0


def test_another_article_stating_the_answer_corroborates_it_with_an_exact_span() -> None:
    service, sources = _service(ScriptedLLM(default="The delegation was led by Vladimir Medinsky [1]."))
    answer = service.answer(Ask.of(QUESTION))
    assert answer.status == "answered"
    cited = {c.doc_id for c in answer.citations}
    others = [c for c in answer.corroboration if c.doc_id not in cited]
    assert others, answer.corroboration
    for c in others:
        assert sources.texts[c.doc_id][c.start : c.end] == c.quote
        assert "Medinsky" in c.quote


def test_a_republished_wire_story_is_marked_as_the_same_story_and_listed_after_independent_reports() -> None:
    # the same wire text at another outlet, with its own capitals and punctuation: one report, not two
    copy = TEXT.upper().replace(". ", "! ")
    embedder = BagOfWordsEmbedder()
    articles = {"talks": ("Talks in Istanbul", TEXT), "copy": ("Talks (wire)", copy), "wire": ("Wire report", OTHER)}
    sources = StaticSources(articles, embedder)
    settings = AnswerSettings(min_confidence=0.0)
    chat = ScriptedLLM(default="The delegation was led by Vladimir Medinsky [1].")
    service = qa_service(sources, EvidenceSelector(embedder, settings), chat, settings, FixedConfidence())
    answer = service.answer(Ask.of(QUESTION))
    (cited,) = {c.doc_id for c in answer.citations}
    assert cited in {"talks", "copy"}, answer.citations
    other_copy = ({"talks", "copy"} - {cited}).pop()
    assert [(c.doc_id, c.same_story) for c in answer.corroboration] == [("wire", False), (other_copy, True)]
