"""The claim check through the service (scripted model): by default the Glacier case cites the sentence that states
the cost, its stated span on the number; strict, an answer that cites nothing is not given, while the default keeps
what support cited; sources numbered from [1]."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from rag.answer.evidence import EvidenceSelector
from rag.answers import Answer, Ask
from rag.settings import AnswerSettings, Settings
from rag.settings_answer import ClaimCheck
from tests.fakes import BagOfWordsEmbedder, FixedConfidence, ScriptedLLM, StaticSources
from tests.helpers import qa_service

# three short articles written by hand; the first and third restate the question's words
ARTICLES = {
    "opening": (
        "Glacier Point visitor centre opens",
        "Glacier Point State Park opened its new visitor centre on Saturday after two years of construction. "
        "The centre cost $6.2 million, paid for by a state bond.",
    ),
    "winter": ("Park stays open", "The Glacier Point visitor centre will stay open all winter, the park said."),
    "roads": ("Road works", "Glacier Point Road reopens in May after repairs costing the county little."),
}
QUESTION = "How much did the Glacier Point visitor centre cost?"


def _ask(reply: str, check: ClaimCheck | None = None) -> tuple[Answer, StaticSources]:
    embedder = BagOfWordsEmbedder()
    sources = StaticSources(ARTICLES, embedder)
    settings = AnswerSettings(min_confidence=0.0)  # the default claim check unless a test names one
    settings = settings if check is None else settings.model_copy(update={"claim_check": check})
    service = qa_service(sources, EvidenceSelector(embedder, settings), ScriptedLLM(default=reply), settings, FixedConfidence())
    return service.answer(Ask.of(QUESTION)), sources


def test_the_cost_is_cited_to_the_sentence_that_states_it_with_the_number_as_its_stated_span() -> None:
    answer, sources = _ask("The Glacier Point visitor centre cost $6.2 million [1].")
    assert answer.status == "answered" and answer.unsupported == []
    restated, citation = answer.citations  # the sentence it cited, and the one that states the cost
    assert (restated.n, citation.n) == (1, 2) and answer.answer.endswith("[1][2].")
    assert citation.quote == "The centre cost $6.2 million, paid for by a state bond."
    text = sources.texts[citation.doc_id]
    assert text[citation.start : citation.end] == citation.quote
    assert text[citation.stated_start : citation.stated_end] == "6.2 million"


def test_strict_an_answer_no_given_sentence_states_is_not_given() -> None:
    answer, _ = _ask("The Glacier Point visitor centre cost $9.4 million [1].", "strict")
    assert answer.status == "not_in_corpus" and answer.reason == "not_stated"
    assert answer.citations == []


def test_by_default_a_claim_no_sentence_states_keeps_what_support_cited_and_is_not_marked_stated() -> None:
    answer, _ = _ask("The Glacier Point visitor centre cost $9.4 million [1].")
    assert answer.status == "answered" and [c.n for c in answer.citations] == [1]
    assert answer.citations[0].quote.startswith("Glacier Point State Park opened")
    assert answer.trace.signals["claim_stated"] == 0.0  # the calibrator sees it


def test_off_leaves_the_restating_sentence_alone() -> None:
    answer, _ = _ask("The Glacier Point visitor centre cost $6.2 million [1].", "off")
    assert [c.quote for c in answer.citations] == [
        "Glacier Point State Park opened its new visitor centre on Saturday after two years of construction."
    ]


def test_a_later_sentence_citing_a_later_source_is_numbered_from_one() -> None:
    answer, _ = _ask("It stays open all winter [3]. It cost $6.2 million [1].")
    numbers = [c.n for c in answer.citations]
    assert numbers == sorted(numbers) and numbers[0] == 1
    assert answer.answer.index("[1]") < answer.answer.index("[2]")


def test_the_setting_reads_its_modes_and_the_booleans_it_took_before_it_had_modes(monkeypatch: pytest.MonkeyPatch) -> None:
    for raw, mode in (("true", "strict"), ("1", "strict"), ("yes", "strict"), ("False", "off"), ("0", "off"),
                      ("recite", "recite"), ("strict", "strict"), ("off", "off")):  # fmt: skip
        monkeypatch.setenv("NEWSQA_ANSWER__CLAIM_CHECK", raw)
        assert Settings(_env_file=None).answer.claim_check == mode
    assert AnswerSettings(claim_check=True).claim_check == "strict" and AnswerSettings().claim_check == "recite"
    with pytest.raises(ValidationError):
        AnswerSettings(claim_check="sometimes")
