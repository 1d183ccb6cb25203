"""Abstention reasons, the confidence gate, corroboration and the signals an answer records (scripted model, fakes)."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from rag.answer.events import Delta, Done
from rag.answer.evidence import EvidenceSelector
from rag.answer.reply import refusal_mass
from rag.answer.service import QAService
from rag.answers import Answer, Ask, Citation, Corroboration
from rag.errors import LLMUnavailable
from rag.settings import AnswerSettings
from rag.trust.confidence import signals
from rag.trust.corroboration import answer_terms, corroborate, outlet, same_story, stated, states
from rag.types import Hit, Opening, Quote
from rag.write.sentences import sentence_spans
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


def test_same_story_compares_opening_words_and_keeps_independent_reports_first() -> None:
    def corr(doc_id: str) -> Corroboration:
        return Corroboration(doc_id=doc_id, title=doc_id, url=None, outlet=None, published_at=None, start=0, end=4, quote="Text")

    texts = {"a": "Storm hits the coast, officials say.", "b": "STORM hits the coast -- officials say!", "c": "Other words."}
    marked = same_story([corr("b"), corr("c")], [texts["a"]], texts)
    assert [(c.doc_id, c.same_story) for c in marked] == [("c", False), ("b", True)]
    assert same_story([corr("c")], [""], texts)[0].same_story is False  # a cited text not found marks nothing


def test_answer_terms_are_the_words_the_answer_adds() -> None:
    assert answer_terms("Vladimir Medinsky led the delegation [1].", QUESTION) == {"vladimir", "medinsky"}
    assert states("Medinsky, an aide named Vladimir, spoke.", {"vladimir", "medinsky"})
    assert not states("Vladimir Putin spoke.", {"vladimir", "medinsky"})
    assert not states("anything", set())


def test_corroboration_skips_cited_articles_and_keeps_one_sentence_per_article() -> None:
    text = "First line. Medinsky led the team. Medinsky spoke again."
    hit = Hit("b:0", "b", 0, len(text), text, "B", "https://www.example.org/x", None, 1.0, sentences=tuple(sentence_spans(text)))
    cited = Citation(
        n=1, doc_id="a", title="A", url=None, published_at=None, start=0, end=5, quote="Quote", answer_start=0, answer_end=5
    )
    found = corroborate({"medinsky"}, [cited], [], [hit, hit])
    assert [(c.doc_id, c.quote, c.outlet) for c in found] == [("b", "Medinsky led the team.", "example.org")]
    assert corroborate({"medinsky"}, [cited], [], [hit.__class__(**{**hit.__dict__, "doc_id": "a"})]) == []
    assert outlet(None, "Reuters") == "Reuters" and outlet("https://apnews.com/a") == "apnews.com"


def test_refusal_mass_sums_the_refusal_openings_the_model_considered() -> None:
    opening = Opening("The", 0.6, 1, (("The", 0.6), ("I", 0.3), ("Unknown", 0.05), ("A", 0.05)))
    assert abs(refusal_mass(opening) - 0.35) < 1e-9
    assert refusal_mass(Opening("I", 0.7, 2)) == 0.7


def test_stated_marks_the_words_of_the_quote_that_state_the_claim() -> None:
    quote = "The Russian delegation, led by Vladimir Medinsky, included a deputy defense minister."
    answer = "Vladimir Medinsky led the Russian delegation [1]. It met in Istanbul [1]."
    at = Quote(doc_id="talks", title="T", url=None, published_at=None, start=100, end=100 + len(quote), quote=quote)
    c = Citation(**vars(at), n=1, answer_start=0, answer_end=44)
    marked = stated(c, answer, QUESTION)
    assert marked.stated_start is not None and marked.stated_end is not None
    assert quote[marked.stated_start - 100 : marked.stated_end - 100] == "Vladimir Medinsky"
    # a claim the quote words differently (no word of it in the quote) marks nothing
    other = Citation(**vars(at), n=1, answer_start=50, answer_end=68)  # "It met in Istanbul"
    assert stated(other, answer, QUESTION) == other


def test_cited_age_counts_days_from_the_newest_cited_article() -> None:
    old = Citation(
        n=1, doc_id="a", title="A", url=None, published_at="2022-06-01T10:00:00+00:00", start=0, end=5, quote="Quote",
        answer_start=0, answer_end=5,
    )  # fmt: skip
    new = Citation(
        n=2,
        doc_id="b",
        title="B",
        url=None,
        published_at="2022-06-20",
        start=0,
        end=5,
        quote="Quote",
        answer_start=0,
        answer_end=5,
    )  # a date alone counts as UTC midnight
    as_of = datetime(2022, 6, 23, tzinfo=UTC)
    found = signals(QUESTION, Answer("Medinsky [1] [2].", "answered", [old, new]), None, as_of).values
    assert found["cited_age"] == pytest.approx(math.log1p(3))
    assert signals(QUESTION, Answer("Medinsky [1].", "answered", [old]), None, None).values["cited_age"] is None
