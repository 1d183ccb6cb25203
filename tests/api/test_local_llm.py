"""The embedded defaults end to end: real embedder, real Chroma, Qwen2.5-Coder-1.5B on in-process llama.cpp."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ingest.job import IngestJob
from rag.local_embedder import LocalMiniLM
from rag.runtime import Runtime, build_runtime
from rag.settings import Settings
from rag.store import ChromaStore
from rag.tokens import count_word_pieces
from tests.conftest import SEEDS


@pytest.fixture
def runtime(settings: Settings, real_embedder: LocalMiniLM) -> Iterator[Runtime]:
    IngestJob(ChromaStore.open(settings), real_embedder, count_word_pieces, settings.chunking).run([SEEDS])
    built = build_runtime(settings, embedder=real_embedder)  # llm.provider defaults to local
    try:
        yield built
    finally:
        built.close()


@pytest.mark.slow
def test_seed_question_is_answered_with_an_exact_citation(runtime: Runtime) -> None:
    service = runtime.service
    assert runtime.llm_ready()
    answer = service.answer("Who led the Russian delegation?")
    assert answer.status == "answered" and "Medinsky" in answer.answer, answer
    cited = [c for c in answer.citations if "Medinsky" in c.quote]
    assert cited, answer
    for c in answer.citations:
        stored = service.store.get_article(c.doc_id)
        assert stored is not None and stored[1][c.start : c.end] == c.quote
    assert answer.timings["generate_ms"] > 0

    off_topic = service.answer("What is the capital of Australia?")
    assert off_topic.status == "not_in_corpus" and off_topic.citations == []
