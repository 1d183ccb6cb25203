"""The second outside probe's smaller findings at the API's edges (issue 35), one test each."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from api.routes.chat import inert
from rag.components import Components, build_components
from rag.settings import LLMSettings, Settings
from tests.fakes import BagOfWordsEmbedder, ScriptedLLM, WordCounter
from tests.helpers import api_client

QUESTION = "Who led the Russian delegation?"


@pytest.mark.parametrize("value", ["0.5", True, "0"])
@pytest.mark.parametrize("path", ["/v1/ask", "/v1/chat/completions"])
def test_min_confidence_is_a_number_not_a_string_or_a_boolean(client: TestClient, path: str, value: object) -> None:
    body = {"question": QUESTION} if path == "/v1/ask" else {"messages": [{"role": "user", "content": QUESTION}]}
    reply = client.post(path, json={**body, "min_confidence": value})
    assert reply.status_code == 422 and "min_confidence" in reply.json()["error"]["message"]


def test_an_empty_id_is_refused_not_replaced_by_a_hash(client: TestClient) -> None:
    reply = client.post("/v1/documents", json={"id": "", "title": "T", "text": "Some text here."})
    assert reply.status_code == 422 and "id" in reply.json()["error"]["message"]


def test_the_schema_states_the_url_rule_and_that_chat_needs_a_user_message(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()["components"]["schemas"]
    url = schema["ArticleIn"]["properties"]["url"]
    assert "pattern" in json.dumps(url) and "[hH][tT][tT][pP]" in json.dumps(url)
    messages = schema["ChatRequest"]["properties"]["messages"]
    assert messages["contains"]["properties"]["role"] == {"const": "user"}


def test_chat_refuses_n_above_one_and_reads_filters(client: TestClient, llm: ScriptedLLM) -> None:
    ask = {"messages": [{"role": "user", "content": QUESTION}]}
    assert client.post("/v1/chat/completions", json={**ask, "n": 2}).status_code == 422
    llm.enqueue("Vladimir Medinsky led the Russian delegation [1].")
    assert client.post("/v1/chat/completions", json={**ask, "n": 1}).status_code == 200
    nothing = client.post("/v1/chat/completions", json={**ask, "filters": {"doc_ids": ["no-such-article"]}})
    assert nothing.status_code == 200 and nothing.json()["status"] == "not_in_corpus" and llm.replies == []
    unknown = client.post("/v1/chat/completions", json={**ask, "filters": {"colour": "red"}})
    assert unknown.status_code == 422


def test_the_docs_carry_the_reader_pages_security_headers(client: TestClient) -> None:
    for path in ("/docs", "/redoc", "/static-offline-docs/swagger-ui-bundle.js"):
        reply = client.get(path)
        assert reply.status_code == 200
        policy = reply.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        assert reply.headers["x-content-type-options"] == "nosniff" and reply.headers["x-frame-options"] == "DENY"
    assert "'sha256-" in client.get("/docs").headers["content-security-policy"]  # Swagger UI's one inline script


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("See ![pixel](https://evil.example/p.gif?q=secret) here.", "See pixel here."),
        ("Read [the report](https://evil.example/x) now.", "Read the report now."),
        ("Mail <mailto:a@evil.example> or <https://evil.example>.", "Mail mailto:a@evil.example or https://evil.example."),
        ("Plain [1] text, [sic] and (brackets).", "Plain [1] text, [sic] and (brackets)."),
    ],
)
def test_markdown_links_and_images_in_articles_are_inert_in_chat(text: str, expected: str) -> None:
    assert inert(text) == expected


def test_an_article_with_markdown_reaches_chat_content_without_it(settings: Settings) -> None:
    extractive = settings.model_copy(update={"llm": LLMSettings(provider="extractive")})
    components: Components = build_components(extractive, embedder=BagOfWordsEmbedder(), token_counter=WordCounter())
    text = "The Kessler bridge reopened on Tuesday ![x](https://evil.example/p.gif) after [repairs](https://evil.example)."
    components.articles.add({"id": "md", "title": "Bridge [reopens](https://evil.example)", "text": text})
    with api_client(components) as client:
        ask = {"messages": [{"role": "user", "content": "When did the Kessler bridge reopen?"}]}
        whole = client.post("/v1/chat/completions", json=ask).json()
        streamed = client.post("/v1/chat/completions", json={**ask, "stream": True}).text
    content = whole["choices"][0]["message"]["content"]
    chunks = [json.loads(line[6:]) for line in streamed.splitlines() if line.startswith("data: {")]
    streamed_content = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    assert streamed_content == content and "Tuesday" in content and "evil.example" not in content
    assert any("evil.example" in c["quote"] for c in whole["citations"])  # the exact quote is kept as data
