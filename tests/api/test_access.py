"""Keys, scopes, rate limits, answer slots and CORS: each rule of the access policy, over HTTP."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from rag.components import Components
from rag.settings import Settings
from rag.types import Message
from tests.api.test_documents import ARTICLE
from tests.fakes import ScriptedLLM
from tests.helpers import api_client, fake_components

QUESTION = {"question": "Who led the Russian delegation?"}


@pytest.fixture
def keyed(settings: Settings) -> Iterator[tuple[TestClient, str, str]]:
    components = fake_components(settings, ScriptedLLM(default="Vladimir Medinsky [1]."))
    reader, writer = components.keys.create("reader", "read"), components.keys.create("writer", "write")
    with api_client(components, raise_server_exceptions=False) as client:
        yield client, reader, writer


def _bearer(key: str) -> dict[str, str]:
    return {"authorization": f"Bearer {key}"}


def test_keys_are_required_once_any_exists(keyed: tuple[TestClient, str, str]) -> None:
    client, reader, _ = keyed
    missing = client.post("/v1/ask", json=QUESTION)
    assert missing.status_code == 401 and missing.json()["error"]["code"] == "missing_key"
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = client.post("/v1/ask", json=QUESTION, headers=_bearer("nqa_not-a-key"))
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "invalid_key"
    in_url = client.get("/v1/search", params={"q": "Medinsky", "api_key": reader})
    assert in_url.status_code == 401 and in_url.json()["error"]["code"] == "key_in_url"
    assert client.post("/v1/ask", json=QUESTION, headers=_bearer(reader)).status_code == 200
    for open_route in ("/healthz", "/readyz", "/docs", "/openapi.json"):
        assert client.get(open_route).status_code == 200, open_route


def test_read_keys_cannot_write(keyed: tuple[TestClient, str, str]) -> None:
    client, reader, writer = keyed
    refused = client.post("/v1/documents", json=ARTICLE, headers=_bearer(reader))
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    assert client.delete("/v1/documents/x", headers=_bearer(reader)).status_code == 403
    assert client.post("/v1/documents", json=ARTICLE, headers=_bearer(writer)).status_code == 201
    assert client.get("/v1/documents", headers=_bearer(reader)).status_code == 200


def test_a_revoked_key_is_refused_at_once(settings: Settings) -> None:
    components = fake_components(settings, ScriptedLLM(default="Medinsky [1]."))
    key = components.keys.create("bot", "read")
    with api_client(components) as client:
        assert client.get("/v1/models", headers=_bearer(key)).json()["data"][0]["id"] == "newsqa"
        components.keys.revoke("bot")
        assert client.get("/v1/models", headers=_bearer(key)).status_code == 401


def _limited(settings: Settings, **api: object) -> Components:
    limited = settings.model_copy(update={"api": settings.api.model_copy(update=api)})
    return fake_components(limited, SlowLLM())


class SlowLLM(ScriptedLLM):
    """Answers after a pause, so requests overlap."""

    def __init__(self) -> None:
        super().__init__(default="Vladimir Medinsky [1].")

    def complete(self, messages: list[Message]) -> str:
        time.sleep(0.5)
        return super().complete(messages)


def test_a_burst_over_the_rate_limit_is_429_with_retry_after(settings: Settings) -> None:
    with api_client(_limited(settings, rate_per_minute=3)) as client:
        codes = [client.get("/v1/search", params={"q": "Medinsky"}).status_code for _ in range(5)]
        assert codes == [200, 200, 200, 429, 429]
        over = client.get("/v1/search", params={"q": "Medinsky"})
        assert over.json()["error"]["code"] == "rate_limited" and 0 < int(over.headers["retry-after"]) <= 60


def _together(client: TestClient, n: int) -> list[int]:
    codes: list[int] = []
    threads = [threading.Thread(target=lambda: codes.append(client.post("/v1/ask", json=QUESTION).status_code)) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(codes)


def test_answer_slots_per_caller_and_in_all(settings: Settings) -> None:
    with api_client(_limited(settings, answers_per_caller=1, answers_in_flight=10), raise_server_exceptions=False) as client:
        assert _together(client, 3) == [200, 429, 429]
    with api_client(_limited(settings, answers_per_caller=5, answers_in_flight=1), raise_server_exceptions=False) as client:
        codes = _together(client, 3)
        assert codes == [200, 503, 503]
        full = client.post("/v1/ask", json=QUESTION)  # nothing in flight now: admitted again
        assert full.status_code == 200


def test_cors_is_off_by_default_and_configurable(settings: Settings) -> None:
    origin = {"origin": "https://intranet.example.com"}
    with api_client(fake_components(settings, ScriptedLLM())) as client:
        assert "access-control-allow-origin" not in client.get("/healthz", headers=origin).headers
    with api_client(_limited(settings, cors_origins=["https://intranet.example.com"])) as client:
        assert client.get("/healthz", headers=origin).headers["access-control-allow-origin"] == origin["origin"]
