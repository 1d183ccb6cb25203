"""/v1/chat/completions spoken to by the official openai client, as chat bots do."""

from __future__ import annotations

import openai
from fastapi.testclient import TestClient

from rag.settings import Settings
from tests.fakes import FixedConfidence, ScriptedLLM
from tests.helpers import api_client, fake_components

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


def test_sources_are_numbered_from_one_and_a_source_two_claims_cite_is_one_footnote(client: TestClient, llm: ScriptedLLM) -> None:
    llm.enqueue("Vladimir Medinsky led the Russian delegation [3]. Medinsky led the Russian delegation [3].")
    reply = _client(client).chat.completions.create(model="newsqa", messages=[{"role": "user", "content": QUESTION}])
    content = reply.choices[0].message.content or ""
    citations = reply.model_extra["citations"] if reply.model_extra else []
    assert [c["n"] for c in citations] == [1, 1]  # the model's [3] (or wherever support moved it) is the first used
    answer, notes = content.split("\n\nSources:\n")
    assert answer.count("[1]") == 2 and "[2]" not in answer and "[3]" not in answer
    assert notes.count("[1] ") == 1 and len(notes.splitlines()) == 1


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


def test_an_abstention_says_why_in_plain_words(client: TestClient, llm: ScriptedLLM) -> None:
    # the seed article is from May 2025: a year later "this week" holds nothing; a chat UI shows only the content,
    # so the reason and the latest article's date are worded there, and the codes ride along for a bot
    reply = _client(client).chat.completions.create(
        model="newsqa",
        messages=[{"role": "user", "content": "Who led the Russian delegation this week?"}],
        extra_body={"as_of": "2026-05-19"},
    )
    content = reply.choices[0].message.content or ""
    extra = reply.model_extra or {}
    assert (extra["status"], extra["reason"]) == ("not_in_corpus", "no_articles")
    window = extra["time_window"]
    assert f"No articles from this week ({window['start'][:10]} to {window['end'][:10]}) match" in content
    assert f"The latest related article before that is from {extra['nearest_published_at'][:10]}." in content
    assert extra["nearest_published_at"].startswith("2025-05") and llm.calls == []


def test_off_topic_and_not_stated_are_worded(client: TestClient, llm: ScriptedLLM) -> None:
    chat = _client(client).chat.completions
    off = chat.create(model="newsqa", messages=[{"role": "user", "content": "What is the capital of Australia?"}])
    assert "None of the articles is about “What is the capital of Australia?”." in (off.choices[0].message.content or "")
    llm.enqueue("I don't know.")
    asked = "How many prisoners did each side agree to exchange?"
    chunks = list(chat.create(model="newsqa", messages=[{"role": "user", "content": asked}], stream=True))
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert text.endswith(f"The closest articles do not state the answer to “{asked}”.")
    assert (chunks[-1].model_extra or {})["reason"] == "not_stated"


def test_confidence_and_a_withheld_answer(settings: Settings, llm: ScriptedLLM) -> None:
    with api_client(fake_components(settings, llm, calibrator=FixedConfidence(0.4))) as client:
        chat = _client(client).chat.completions
        llm.enqueue("Vladimir Medinsky led the Russian delegation [1].")
        given = chat.create(model="newsqa", messages=[{"role": "user", "content": QUESTION}], extra_body={"min_confidence": 0})
        extra = given.model_extra or {}
        assert (extra["status"], extra["confidence"], extra["reason"], extra["corroboration"]) == ("answered", 0.4, None, [])
        llm.enqueue("Vladimir Medinsky led the Russian delegation [1].")
        withheld = chat.create(
            model="newsqa", messages=[{"role": "user", "content": QUESTION}], extra_body={"min_confidence": 0.5}
        )
        extra = withheld.model_extra or {}
        assert (extra["status"], extra["confidence"], extra["reason"]) == ("not_in_corpus", 0.4, "low_confidence")
        content = withheld.choices[0].message.content or ""
        assert "Medinsky" not in content and content.startswith("I found a possible answer, but I am not sure enough")
        assert "The answer found has confidence 40%: too likely to be wrong to give." in content
        assert "do not answer" not in content and "min_confidence" not in content  # no contradiction, no API talk
