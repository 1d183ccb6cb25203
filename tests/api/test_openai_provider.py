"""provider=openai against a real (fake) OpenAI-compatible HTTP server: answers, streaming, down, timeout."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi.testclient import TestClient

from api.app import create_app
from rag.runtime import Runtime, build_runtime
from rag.settings import AnswerSettings, LLMSettings, Settings
from tests.api.conftest import make_service
from tests.fake_openai import FakeOpenAI, fake_openai_server
from tests.fakes import BagOfWordsEmbedder

QUESTION = "Who led the Russian delegation?"


@contextmanager
def _runtime(settings: Settings, base_url: str, timeout_s: float = 10.0, fallback: str = "none") -> Iterator[Runtime]:
    llm = LLMSettings(provider="openai", base_url=base_url, model="fake", timeout_s=timeout_s)
    settings = settings.model_copy(update={"llm": llm, "answer": AnswerSettings(fallback=fallback)})
    embedder = BagOfWordsEmbedder()
    make_service(settings, None, embedder)  # ingests the seed
    runtime = build_runtime(settings, embedder=embedder)
    try:
        yield runtime
    finally:
        runtime.close()


def test_answers_and_streams_through_the_openai_client(settings: Settings) -> None:
    fake = FakeOpenAI("Vladimir Medinsky led the Russian delegation [1].")
    with fake_openai_server(fake) as url, _runtime(settings, url) as runtime:
        assert runtime.llm_ready()
        answer = runtime.service.answer(QUESTION)
        assert answer.status == "answered" and answer.citations and "Medinsky" in answer.citations[0].quote
        events = list(runtime.service.answer_stream(QUESTION))
        assert "".join(str(e.data) for e in events if e.kind == "delta") == fake.reply
    request = fake.requests[0]
    assert request["model"] == "fake" and request["temperature"] == 0.0 and request["max_tokens"] == 160
    assert [m["role"] for m in request["messages"]] == ["system", "user"]


def test_endpoint_down_is_503_and_not_ready(settings: Settings) -> None:
    with _runtime(settings, "http://127.0.0.1:9/v1") as runtime:  # port 9 (discard): nothing listens
        assert runtime.llm_ready() is False
        with TestClient(create_app(service=runtime.service)) as client:
            response = client.post("/v1/ask", json={"question": QUESTION})
    assert response.status_code == 503
    assert response.json() == {"error": {"code": "llm_unavailable", "message": "the chat model endpoint cannot be reached"}}


def test_timeout_is_503_or_extractive_fallback(settings: Settings) -> None:
    fake = FakeOpenAI("too late", delay_s=3.0)
    with fake_openai_server(fake) as url:
        with _runtime(settings, url, timeout_s=0.5) as runtime, TestClient(create_app(service=runtime.service)) as client:
            response = client.post("/v1/ask", json={"question": QUESTION})
            assert response.status_code == 503 and response.json()["error"]["message"] == "the chat model timed out"
        with _runtime(settings, url, timeout_s=0.5, fallback="extractive") as runtime:
            answer = runtime.service.answer(QUESTION)
            assert answer.status == "answered" and "Medinsky" in answer.answer
