"""What a newcomer ran into at the API's edge (issue 41): a question of spaces is refused, a body that is not JSON
says so, the site icon is served, and asking again is instant."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.test_documents import ARTICLE
from tests.fakes import ScriptedLLM


@pytest.mark.parametrize(("method", "path", "payload"), [("POST", "/v1/ask", {"question": " \t "}), ("GET", "/v1/search", None)])
def test_a_question_of_spaces_is_refused(client: TestClient, method: str, path: str, payload: dict[str, str] | None) -> None:
    response = client.request(method, path, json=payload, params=None if payload else {"q": "   "})
    assert response.status_code == 422
    field = "question" if payload else "q"
    assert response.json()["error"] == {"code": "invalid_request", "message": f"{field}: must hold a word, not only spaces"}


@pytest.mark.parametrize(
    ("body", "detail"), [(b"not json", "Expecting value"), (b'{"question": "a",', "Expecting property name")]
)
def test_a_body_that_is_not_json_says_so(client: TestClient, body: bytes, detail: str) -> None:
    response = client.post("/v1/ask", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    message = response.json()["error"]["message"]
    assert message.startswith("body: not valid JSON (") and detail in message


def test_the_site_icon_is_served(client: TestClient) -> None:
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/svg+xml" and b"<svg" in icon.content
    assert '<link rel="icon" href="/favicon.ico"' in client.get("/").text


def test_the_same_ask_again_and_show_it_anyway_are_served_at_once_until_a_write(client: TestClient, llm: ScriptedLLM) -> None:
    llm.default = "Vladimir Medinsky led the Russian delegation [1]."
    ask = {"question": "Who led the Russian delegation?", "as_of": "2025-05-17"}
    first = client.post("/v1/ask", json=ask).json()
    shown = client.post("/v1/ask", json=ask | {"min_confidence": 0}).json()  # "show it anyway", or the same again
    assert len(llm.calls) == 1 and "generate_ms" in first["timings"]
    assert set(shown["timings"]) == {"cached_ms", "total_ms"} and "Medinsky" in shown["answer"]
    assert shown["citations"][0]["quote"] and shown["confidence"] == first["confidence"]
    assert client.post("/v1/documents", json=ARTICLE).status_code == 201  # any write: answers formed before are stale
    again = client.post("/v1/ask", json=ask).json()
    assert len(llm.calls) == 2 and "generate_ms" in again["timings"]
    metrics = client.get("/metrics").text
    assert "newsqa_answers_cached_total 1.0" in metrics
