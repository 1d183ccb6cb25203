"""What a newcomer ran into at the API's edge (issue 41): a question of spaces is refused, a body that is not JSON
says so, and the site icon is served."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


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
