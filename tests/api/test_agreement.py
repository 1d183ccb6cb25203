"""The same question asked four ways (ask, ask + SSE, chat, chat + stream) gets the same status, answer text
and citations, whether the model answers or refuses; follow-ups through /v1/ask's history and chat."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from rag.types import Message
from tests.fakes import ScriptedLLM


class EchoingLLM(ScriptedLLM):
    """Answers by question: refuses the prisoners question, cites for the others (deterministic per prompt)."""

    def complete(self, messages: list[Message]) -> str:
        self.calls.append(messages)
        prompt = messages[-1]["content"]
        if "Follow-up question:" in prompt:
            return "What did Zelenskyy call the Russian delegation?"
        if "prisoners" in prompt.split("Question:")[-1]:
            return "I don't know."
        return "Vladimir Medinsky led the Russian delegation [1]. Zelenskyy called it a decorative team [2]."


@pytest.fixture
def llm() -> ScriptedLLM:
    return EchoingLLM()


def _sse(text: str) -> list[tuple[str, dict[str, Any]]]:
    events = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def _four_ways(client: TestClient, question: str) -> list[tuple[str, str | None, str, list[dict[str, Any]]]]:
    asked = client.post("/v1/ask", json={"question": question}).json()
    streamed = _sse(client.post("/v1/ask", json={"question": question, "stream": True}).text)
    done = streamed[-1][1]
    assert "".join(d["text"] for k, d in streamed if k == "delta") == done["answer"]
    messages = [{"role": "user", "content": question}]
    chat = client.post("/v1/chat/completions", json={"messages": messages}).json()
    chunks = [
        json.loads(line[6:])
        for line in client.post("/v1/chat/completions", json={"messages": messages, "stream": True}).text.splitlines()
        if line.startswith("data: {")
    ]
    chat_text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    assert chat_text == chat["choices"][0]["message"]["content"]  # streamed chat content = the whole content
    last = chunks[-1]
    return [
        (asked["status"], asked["reason"], asked["answer"], asked["citations"]),
        (done["status"], done["reason"], done["answer"], done["citations"]),
        (chat["status"], chat["reason"], _text(chat["choices"][0]["message"]["content"], chat["status"]), chat["citations"]),
        (last["status"], last["reason"], _text(chat_text, last["status"]), last["citations"]),
    ]


def _text(content: str, status: str) -> str:
    """The answer in chat content: before its footnotes, or before an abstention's reason in plain words."""
    return content.split("\n\nSources:", maxsplit=1)[0] if status == "answered" else content.split("\n\n", maxsplit=1)[0]


@pytest.mark.parametrize("question", ["Who led the Russian delegation?", "How many prisoners will each side release?"])
def test_every_way_of_asking_agrees(client: TestClient, question: str) -> None:
    ways = _four_ways(client, question)  # status, reason, answer text, citations
    assert all(way == ways[0] for way in ways), ways
    assert ways[0][0] == ("not_in_corpus" if "prisoners" in question else "answered")


def test_a_follow_up_is_rewritten_before_it_is_searched(client: TestClient) -> None:
    history = [{"role": "user", "content": "Who led the Russian delegation?"}, {"role": "assistant", "content": "Medinsky [1]."}]
    body = client.post("/v1/ask", json={"question": "What did Zelenskyy call it?", "history": history}).json()
    assert body["question"] == "What did Zelenskyy call the Russian delegation?"
    assert body["status"] == "answered" and any("decorative" in c["quote"] for c in body["citations"])
    chat = client.post(
        "/v1/chat/completions",
        json={"messages": [*history, {"role": "user", "content": "What did Zelenskyy call it?"}], "foo": 1},
    ).json()
    assert chat["question"] == body["question"] and chat["usage"]["total_tokens"] > 0  # unknown fields are ignored
