"""/v1/chat/completions spoken to by the official openai client, as chat bots do."""

from __future__ import annotations

import openai
from fastapi.testclient import TestClient

from tests.fakes import ScriptedLLM

QUESTION = "Who led the Russian delegation?"


def _client(client: TestClient) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{client.base_url}/v1", api_key="unused", http_client=client)


def test_completion_with_citations(client: TestClient, llm: ScriptedLLM) -> None:
    llm.enqueue("Vladimir Medinsky led the Russian delegation [1].")
    reply = _client(client).chat.completions.create(
        model="newsqa", messages=[{"role": "system", "content": "be brief"}, {"role": "user", "content": QUESTION}]
    )
    content = reply.choices[0].message.content or ""
    citations = reply.model_extra["citations"] if reply.model_extra else []
    (citation,) = citations  # the model's [1] is moved to the passage that supports the claim
    n = citation["n"]
    assert "Medinsky" in citation["quote"]
    assert content.startswith(f"Vladimir Medinsky led the Russian delegation [{n}].")
    assert f"\n\nSources:\n[{n}] " in content and "Medinsky" in content.split("Sources:")[1]


def test_streamed_completion(client: TestClient, llm: ScriptedLLM) -> None:
    llm.enqueue("Vladimir Medinsky [1].")
    stream = _client(client).chat.completions.create(
        model="newsqa", messages=[{"role": "user", "content": QUESTION}], stream=True
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    last = chunks[-1]
    (citation,) = last.model_extra["citations"] if last.model_extra else []
    assert text.startswith(f"Vladimir Medinsky [{citation['n']}].") and "Sources:" in text
    assert last.choices[0].finish_reason == "stop"


def test_no_user_message_is_422(client: TestClient) -> None:
    response = client.post("/v1/chat/completions", json={"messages": [{"role": "system", "content": "hi"}]})
    assert response.status_code == 422
    assert response.json()["error"] == {"code": "invalid_request", "message": "messages: no user message with text"}
