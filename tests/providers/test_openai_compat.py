"""provider=openai against a real (fake) OpenAI-compatible HTTP server: answers, streaming, down, timeout."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ingest.job import IngestJob
from rag.answer.events import Delta
from rag.answers import Ask
from rag.components import Components, build_components
from rag.settings import AnswerSettings, LLMSettings, Settings
from tests.fake_openai import FakeOpenAI, fake_openai_server
from tests.fakes import BagOfWordsEmbedder, WordCounter
from tests.helpers import SEEDS, api_client

QUESTION = "Who led the Russian delegation?"


@contextmanager
def _components(
    settings: Settings, base_url: str, timeout_s: float = 10.0, fallback: str = "none", logprobs: bool = False
) -> Iterator[Components]:
    llm = LLMSettings(provider="openai", base_url=base_url, model="fake", timeout_s=timeout_s, logprobs=logprobs)
    settings = settings.model_copy(update={"llm": llm, "answer": AnswerSettings(fallback=fallback, min_confidence=0.0)})
    with build_components(settings, embedder=BagOfWordsEmbedder(), token_counter=WordCounter()) as components:
        IngestJob(components.indexer).run([SEEDS])
        yield components


def test_answers_and_streams_through_the_openai_client(settings: Settings) -> None:
    fake = FakeOpenAI("Vladimir Medinsky led the Russian delegation [1].")
    with fake_openai_server(fake) as url, _components(settings, url) as components:
        assert components.readiness.check()[0]
        answer = components.qa.answer(Ask.of(QUESTION))
        assert answer.status == "answered" and answer.citations and "Medinsky" in answer.citations[0].quote
        # judged by the bundled evidence calibrator (no model signal): never a null confidence
        assert answer.confidence is not None and 0.0 < answer.confidence < 1.0
        events = list(components.qa.answer_stream(Ask.of(QUESTION)))
        assert "".join(e.text for e in events if isinstance(e, Delta)) == answer.answer  # streamed = the answer
    request = fake.requests[0]
    assert request["model"] == "fake" and request["temperature"] == 0.0 and request["max_tokens"] == 160
    # no verification call (its prompt ends with the statement to check): the calibrator reads no verdict
    assert not [r for r in fake.requests if "Statement:" in r["messages"][-1]["content"]]
    assert [m["role"] for m in request["messages"]] == ["system", "user"]


def test_endpoint_down_is_503_and_not_ready(settings: Settings) -> None:
    with _components(settings, "http://127.0.0.1:9/v1") as components:  # port 9 (discard): nothing listens
        assert components.readiness.check() == (False, {"reason": "the chat model is not reachable"})
        with api_client(components) as client:
            response = client.post("/v1/ask", json={"question": QUESTION})
    assert response.status_code == 503
    assert response.json() == {"error": {"code": "llm_unavailable", "message": "the chat model endpoint cannot be reached"}}


def test_timeout_is_503_or_extractive_fallback(settings: Settings) -> None:
    fake = FakeOpenAI("too late", delay_s=3.0)
    with fake_openai_server(fake) as url:
        with _components(settings, url, timeout_s=0.5) as components, api_client(components) as client:
            response = client.post("/v1/ask", json={"question": QUESTION})
            assert response.status_code == 503 and response.json()["error"]["message"] == "the chat model timed out"
        with _components(settings, url, timeout_s=0.5, fallback="extractive") as components:
            answer = components.qa.answer(Ask.of(QUESTION))
            assert answer.status == "answered" and "Medinsky" in answer.answer


def test_with_logprobs_an_unsure_refusal_is_asked_again_with_its_token_banned(settings: Settings) -> None:
    fake = FakeOpenAI("I don't know.", opening_p=0.2, unbiased="Vladimir Medinsky led the Russian delegation [1].")
    with fake_openai_server(fake) as url:
        with _components(settings, url) as components:  # logprobs off (the default for remote servers)
            assert components.qa.answer(Ask.of(QUESTION)).status == "not_in_corpus"
            assert "logprobs" not in fake.requests[-1] and len(fake.requests) == 1
        with _components(settings, url, logprobs=True) as components:
            answer = components.qa.answer(Ask.of(QUESTION))
    assert answer.status == "answered" and "Medinsky" in answer.answer and answer.trace.refusal_p is not None
    assert abs(answer.trace.refusal_p - 0.2) < 1e-9
    first, second = fake.requests[1:]
    assert first["logprobs"] is True and "logit_bias" not in first
    assert second["logit_bias"] == {"40": -100} and second["messages"] == first["messages"]
