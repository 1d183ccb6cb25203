"""Every 500 once found by hand is a 4xx now, every limit answers in the error shape, and the statuses are the
documented ones."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_documents import ARTICLE


def _error(response: Any, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    return str(response.json()["error"]["message"])


def test_search_with_too_many_doc_ids_is_422(client: TestClient) -> None:
    params: list[tuple[str, str | int | float | bool | None]] = [("q", "Medinsky")]
    params += [("doc_id", f"d{i}") for i in range(1001)]
    assert _error(client.get("/v1/search", params=params), 422, "invalid_request").startswith("doc_id")
    assert client.get("/v1/search", params=[("q", "x"), ("doc_id", "d" * 129)]).status_code == 422


@pytest.mark.parametrize("offset", [4294967296, 2**63 - 1, 10_000_001])
def test_huge_document_offsets_are_422(client: TestClient, offset: int) -> None:
    _error(client.get("/v1/documents", params={"offset": offset}), 422, "invalid_request")


@pytest.mark.parametrize("text", [7, None, ["a", "b"], {"x": 1}])
def test_chat_content_parts_with_odd_text_are_422_or_ignored(client: TestClient, text: object) -> None:
    body = {"messages": [{"role": "user", "content": [{"type": "text", "text": text}]}]}
    response = client.post("/v1/chat/completions", json=body)
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_request"


def test_body_limits_invalid_utf8_and_deep_json(client: TestClient) -> None:
    big = {"question": "x", "filters": {"doc_ids": ["a" * 100] * 30_000}}  # ~3 MB
    assert "over 2000000 bytes" in _error(client.post("/v1/ask", json=big), 413, "too_large")
    _error(
        client.post("/v1/ask", content=b'{"question": "\xff\xfe"}', headers={"content-type": "application/json"}),
        422,
        "invalid_request",
    )
    deep = b"[" * 100_000 + b"]" * 100_000
    _error(client.post("/v1/ask", content=deep, headers={"content-type": "application/json"}), 422, "invalid_request")


def test_field_limits(client: TestClient) -> None:
    assert _error(client.post("/v1/documents", json={**ARTICLE, "authors": ["x"] * 51}), 422, "invalid_request").startswith(
        "authors"
    )
    assert _error(client.post("/v1/documents", json={**ARTICLE, "text": "a " * 100_001}), 422, "invalid_request").startswith(
        "text"
    )
    many = {"messages": [{"role": "user", "content": "hi"}] * 101}
    assert _error(client.post("/v1/chat/completions", json=many), 422, "invalid_request").startswith("messages")


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("url", "javascript:alert(1)", "url must be an http or https address"),
        ("url", "ftp://example.com/x", "url must be an http or https address"),
        ("id", "..", "id must be"),
        ("id", "bridge-\u0430", "id must be"),  # Cyrillic "а" looks like Latin "a"
    ],
)
def test_urls_and_ids_are_validated(client: TestClient, field: str, value: str, reason: str) -> None:
    assert _error(client.post("/v1/documents", json={**ARTICLE, field: value}), 422, "invalid_article").startswith(reason)


def test_405_keeps_allow_head_works_and_unknown_hosts_are_refused(client: TestClient) -> None:
    response = client.put("/v1/ask", json={})
    assert response.status_code == 405 and "POST" in response.headers["allow"]
    assert response.json()["error"]["code"] == "method_not_allowed"
    head = client.head("/healthz")
    assert head.status_code == 200 and head.content == b""
    rebinding = client.get("/healthz", headers={"host": "evil.example.com"})
    assert rebinding.status_code == 400 and rebinding.json()["error"]["code"] == "invalid_host"


EDGE_DATES = ["0001-01-01", "0001-01-01T00:00:00+05:00", "0001-01-01T00:00:00-05:00", "0001-01-07", "9999-12-31T23:59:59-14:00"]


@pytest.mark.parametrize("as_of", EDGE_DATES)
@pytest.mark.parametrize("question", ["news this week", "what happened on Monday", "news 3 years ago"])
def test_dates_at_the_ends_of_the_calendar_are_never_a_500(client: TestClient, as_of: str, question: str) -> None:
    """The probe's 500: /v1/search?q=news+this+week&as_of=0001-01-01 (and via ask and chat, with offsets too)."""
    search = client.get("/v1/search", params={"q": question, "as_of": as_of})
    assert search.status_code == 200, search.text
    ask = client.post("/v1/ask", json={"question": question, "as_of": as_of})
    assert ask.status_code == 200, ask.text
    chat = client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": question}], "as_of": as_of})
    assert chat.status_code == 200, chat.text
    for bound in ("published_after", "published_before"):
        assert client.get("/v1/search", params={"q": question, bound: as_of}).status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PUT", "/v1/documents", "GET, POST"),  # said "GET" only: the first route matching the path
        ("PUT", "/v1/documents/x", "DELETE, GET"),
        ("GET", "/v1/documents/batch", "POST"),  # was read as the article id "batch" (404)
        ("DELETE", "/v1/documents/batch", "POST"),
        ("PUT", "/v1/documents/batch", "POST"),
        ("GET", "/v1/ask", "POST"),
    ],
)
def test_405_names_every_method_the_path_serves(client: TestClient, method: str, path: str, allow: str) -> None:
    response = client.request(method, path, json={})
    assert response.status_code == 405 and response.json()["error"]["code"] == "method_not_allowed"
    assert response.headers["allow"] == allow


@pytest.mark.parametrize("doc_id", [".hidden", "batch", ".", "..", ".a.b"])
def test_ids_starting_with_a_dot_and_route_names_are_refused(client: TestClient, doc_id: str) -> None:
    assert _error(client.post("/v1/documents", json={**ARTICLE, "id": doc_id}), 422, "invalid_article").startswith("id must be")


@pytest.mark.parametrize(
    ("route", "body"),
    [
        ("/v1/ask", {"question": "x", "stream": "yes"}),
        ("/v1/ask", {"question": "x", "as_of": 0}),
        ("/v1/ask", {"question": "x", "as_of": "0"}),
        ("/v1/ask", {"question": "x", "as_of": "1656000000"}),
        ("/v1/ask", {"question": "x", "filters": {"published_after": 1656000000}}),
        ("/v1/chat/completions", {"messages": [{"role": "user", "content": "x"}], "stream": "yes"}),
        ("/v1/chat/completions", {"messages": [{"role": "user", "content": "x"}], "as_of": 0}),
    ],
)
def test_booleans_and_dates_are_not_coerced(client: TestClient, route: str, body: dict[str, Any]) -> None:
    """ "stream": "yes" was true and "as_of": 0 was 1970-01-01: a typo silently changed the answer."""
    _error(client.post(route, json=body), 422, "invalid_request")


def test_search_dates_are_iso_only(client: TestClient) -> None:
    assert client.get("/v1/search", params={"q": "x", "as_of": "0"}).status_code == 422
    assert client.get("/v1/search", params={"q": "x", "as_of": "2025-05-17"}).status_code == 200


def test_the_schema_documents_ids_dates_and_body_errors(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    article = schema["components"]["schemas"]["ArticleIn"]["properties"]
    assert article["id"]["pattern"].startswith("^[A-Za-z0-9_:@-]")
    assert "ISO 8601" in article["published_at"]["description"]
    get_doc = schema["paths"]["/v1/documents/{doc_id}"]["get"]
    assert get_doc["parameters"][0]["schema"]["pattern"] == article["id"]["pattern"]
    for path, method in [
        ("/v1/ask", "post"),
        ("/v1/chat/completions", "post"),
        ("/v1/documents", "post"),
        ("/v1/documents/batch", "post"),
    ]:
        assert {"408", "413", "422"} <= set(schema["paths"][path][method]["responses"]), path
    ask = schema["components"]["schemas"]["AskRequest"]["properties"]
    assert {"format": "date", "type": "string"} in ask["as_of"]["anyOf"]
