"""The embedded defaults end to end: real embedder, real Chroma, Qwen2.5-Coder-1.5B on in-process llama.cpp."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from ingest.job import IngestJob
from rag.answers import Ask
from rag.components import Components, build_components
from rag.providers.minilm import LocalMiniLM
from rag.settings import Settings
from rag.types import Message, Opening
from tests.helpers import SEEDS


@pytest.fixture
def components(settings: Settings, real_embedder: LocalMiniLM) -> Iterator[Components]:
    with build_components(settings, embedder=real_embedder) as built:  # llm.provider defaults to local
        IngestJob(built.indexer).run([SEEDS])
        yield built


@pytest.mark.slow
def test_seed_question_is_answered_with_an_exact_citation(components: Components) -> None:
    service = components.qa
    ready, _ = components.readiness.check()
    assert ready
    answer = service.answer(Ask.of("Who led the Russian delegation?"))
    assert answer.status == "answered" and "Medinsky" in answer.answer, answer
    cited = [c for c in answer.citations if "Medinsky" in c.quote]
    assert cited, answer
    for c in answer.citations:
        _, text = components.articles.get(c.doc_id)
        assert text[c.start : c.end] == c.quote
    assert answer.trace.timings["generate_ms"] > 0

    off_topic = service.answer(Ask.of("What is the capital of Australia?"))
    assert off_topic.status == "not_in_corpus" and off_topic.citations == []


@pytest.mark.slow
def test_the_embedded_model_reports_its_opening_and_can_be_told_to_avoid_it(components: Components) -> None:
    model = components.chat.model
    assert model is not None
    messages: list[Message] = [
        {"role": "system", "content": "Answer from the sources only. If they do not answer, reply exactly: I don't know."},
        {
            "role": "user",
            "content": "<sources>\n[1] The talks took place in Istanbul.\n</sources>\nQuestion: What is the capital of France?",
        },
    ]
    first = list(model.stream(messages))
    (opening,) = [item for item in first if isinstance(item, Opening)]
    reply = "".join(item for item in first if isinstance(item, str))
    assert 0.0 < opening.probability <= 1.0 and reply.startswith(opening.text), (opening, reply)
    again = list(model.stream(messages, avoid=opening))
    (reopening,) = [item for item in again if isinstance(item, Opening)]
    assert reopening.token_id != opening.token_id, again  # the banned token never opens it


@pytest.mark.slow
def test_every_reason_and_a_confidence_end_to_end(components: Components) -> None:
    service = components.qa
    answered = service.answer(Ask.of("Who led the Russian delegation?", min_confidence=0.0))
    assert answered.status == "answered" and answered.confidence is not None and 0.0 < answered.confidence < 1.0
    assert {"min_logprob", "refusal_mass", "cited_evidence"} <= set(answered.trace.signals)
    withheld = service.answer(Ask.of("Who led the Russian delegation?", min_confidence=0.999))
    assert (withheld.status, withheld.reason) == ("not_in_corpus", "low_confidence")
    # the same answer's confidence; llama.cpp's log-probabilities vary in the last digits between calls (its prompt
    # cache), measured 0.7037 vs 0.7107
    assert withheld.confidence == pytest.approx(answered.confidence, abs=0.03)
    assert withheld.citations == [] and "Medinsky" not in withheld.answer
    off = service.answer(Ask.of("What is the capital of Australia?"))
    assert (off.status, off.reason) == ("not_in_corpus", "off_topic")
    week = service.answer(Ask.of("Who led the Russian delegation this week?", as_of=date(2026, 5, 19)))
    assert (week.status, week.reason) == ("not_in_corpus", "no_articles")
    assert week.nearest_published_at is not None and week.nearest_published_at.startswith("2025-05-17")
    # the article mentions "significant casualties" and no number: the model says the sources do not say
    unsaid = service.answer(Ask.of("How many people have died in the Russia-Ukraine conflict?", min_confidence=0.0))
    assert (unsaid.status, unsaid.reason) == ("not_in_corpus", "not_stated"), unsaid.answer


@pytest.mark.slow
def test_an_open_question_is_a_briefing_with_the_embedded_defaults(components: Components) -> None:
    asked = Ask.of("What's the latest on the Istanbul talks?", as_of=date(2025, 5, 18))
    briefing = components.qa.answer(asked)
    assert briefing.status == "answered" and briefing.kind == "briefing", briefing
    assert briefing.trace.window is not None and briefing.trace.window.phrase == "the last 7 days"
    _, text = components.articles.get(briefing.citations[0].doc_id)
    for line, c in zip(briefing.answer.split("\n"), briefing.citations, strict=True):
        assert text[c.start : c.end] == c.quote and line == f"- {' '.join(c.quote.split())} [{c.n}]"
    # a follow-up that picks the first item is read against the briefing just given, without a model rewrite
    history = (Message(role="user", content=asked.question), Message(role="assistant", content=briefing.answer))
    more = components.qa.answer(Ask.of("Tell me more about the first", as_of=date(2025, 5, 18), history=history))
    assert more.kind == "briefing" and more.trace.question.startswith("Tell me more about: ")
    assert "generate_ms" not in briefing.trace.timings and "generate_ms" not in more.trace.timings
