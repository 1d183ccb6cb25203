"""A briefing on every HTTP surface: /v1/ask (kind, lines, exact citations), its SSE stream, and chat completions
(bullets with footnotes naming each line's outlet and date). Real Chroma and the real embedder, no model."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.answer_schemas import BRIEFING_EXAMPLE, AskResponse
from rag.components import build_components
from rag.providers.minilm import LocalMiniLM
from rag.settings import LLMSettings, Settings
from tests.answer.test_briefing import ARTICLES, TEXTS
from tests.helpers import api_client, seed_text, sse_events

ASK = {"question": "What happened this week?", "as_of": "2025-11-10"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, real_embedder: LocalMiniLM) -> Iterator[TestClient]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("briefing-api"), _env_file=None, llm=LLMSettings(provider="extractive"))
    with build_components(settings, embedder=real_embedder) as components:
        for article in ARTICLES:
            components.articles.add(article)
        with api_client(components) as test_client:
            yield test_client


def test_ask_returns_a_briefing(client: TestClient) -> None:
    body = client.post("/v1/ask", json={**ASK, "include": ["trace"]}).json()
    assert body["kind"] == "briefing" and body["status"] == "answered" and body["trace"]["kind"] == "time"
    lines = body["answer"].split("\n")
    assert len(lines) == len(body["citations"]) >= 3 and all(line.startswith("- ") for line in lines)
    for c in body["citations"]:
        assert TEXTS[c["doc_id"]][c["start"] : c["end"]] == c["quote"]
        assert body["answer"][c["answer_start"] : c["answer_end"]] == c["quote"]
    assert body["time_window"]["phrase"] == "this week" and body["confidence"] is None
    assert body["corroboration"] and body["corroboration"][0]["outlet"] in {"reuters.com", "bbc.co.uk"}


def test_a_factoid_says_it_is_an_answer(client: TestClient) -> None:
    body = client.post("/v1/ask", json={"question": "Which city elected a new mayor?", "as_of": "2025-11-10"}).json()
    assert body["kind"] == "answer"


def test_the_stream_sends_the_briefing_whole(client: TestClient) -> None:
    ask = {"question": "What's the latest on the Rotterdam strike?", "as_of": "2025-11-10"}  # not asked before: not kept
    response = client.post("/v1/ask", json={**ask, "stream": True})
    assert response.status_code == 200
    events = sse_events(response.text)
    assert [d["stage"] for k, d in events if k == "progress"] == ["searching", "reading"]
    done = events[-1][1]
    assert events[-1][0] == "done" and done["kind"] == "briefing"
    assert "".join(d["text"] for k, d in events if k == "delta") == done["answer"]
    assert [d for k, d in events if k == "citation"] == done["citations"]


def test_chat_completions_give_bullets_with_dated_footnotes(client: TestClient) -> None:
    messages = [{"role": "user", "content": "What happened this week?"}]
    reply = client.post("/v1/chat/completions", json={"messages": messages, "as_of": "2025-11-10"}).json()
    content = reply["choices"][0]["message"]["content"]
    answer, notes = content.split("\n\nSources:\n")
    assert all(line.startswith("- ") for line in answer.split("\n"))
    # each footnote opens with who published the line and when
    outlets = ("reuters.com", "bbc.co.uk", "localpaper.example", "apnews.com")
    for note in notes.split("\n"):
        assert note.startswith("[") and any(f"] {o}, 2025-11-0" in note for o in outlets), note


def test_the_openapi_schema_documents_kind(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()["components"]["schemas"]
    assert set(schema["AskResponse"]["properties"]["kind"]["enum"]) == {"answer", "briefing"}


def test_the_openapi_briefing_example_quotes_the_seed_exactly() -> None:
    text = seed_text()
    AskResponse.model_validate(BRIEFING_EXAMPLE)
    for c in BRIEFING_EXAMPLE["citations"]:
        assert text[c["start"] : c["end"]] == c["quote"] == BRIEFING_EXAMPLE["answer"][c["answer_start"] : c["answer_end"]]
