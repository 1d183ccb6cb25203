"""The embedded defaults end to end: real embedder, real Chroma, Qwen2.5-Coder-1.5B on in-process llama.cpp."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ingest.job import IngestJob
from rag.components import Components, build_components
from rag.providers.minilm import LocalMiniLM
from rag.settings import Settings
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
    answer = service.answer("Who led the Russian delegation?")
    assert answer.status == "answered" and "Medinsky" in answer.answer, answer
    cited = [c for c in answer.citations if "Medinsky" in c.quote]
    assert cited, answer
    for c in answer.citations:
        _, text = components.articles.get(c.doc_id)
        assert text[c.start : c.end] == c.quote
    assert answer.timings["generate_ms"] > 0

    off_topic = service.answer("What is the capital of Australia?")
    assert off_topic.status == "not_in_corpus" and off_topic.citations == []
