"""A live `newsqa serve` (extractive, with API keys) spoken to by the official openai client, sync, async and
streaming, a two-turn conversation included, and by the example chat bot through a pipe."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import openai
import pytest

from newsqa.launch import running_server
from rag.settings import Settings
from tests.helpers import ROOT, SEEDS, newsqa

TURNS = ["Who led the Russian delegation?", "What did Zelenskyy call it?"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, model_cache: Path) -> Iterator[tuple[str, str]]:
    data = tmp_path_factory.mktemp("openai-clients") / "data"
    data.mkdir()
    (data / "models").symlink_to(model_cache, target_is_directory=True)
    settings = Settings(data_dir=data, _env_file=None)
    assert newsqa(settings, "ingest", str(SEEDS), "--json").returncode == 0
    key = newsqa(settings, "keys", "create", "--name", "bot-a").stdout.strip()
    # The gate is off: these tests are about the protocol. Asked as of today, the seed article is 1.5 years old and
    # the extractive calibrator (cited_age) withholds the follow-up's answer (0.11 measured); the gate itself is
    # tested in test_chat_completions.py and, with the embedded model, in tests/providers/test_local_llm.py.
    gate_off = {"NEWSQA_ANSWER__MIN_CONFIDENCE": "0"}
    with running_server(data, data / "server.log", NEWSQA_LLM__PROVIDER="extractive", **gate_off) as base:
        yield f"{base}/v1", key


def test_sync_client_models_usage_and_two_turns(server: tuple[str, str]) -> None:
    base, key = server
    client = openai.OpenAI(base_url=base, api_key=key)
    assert [m.id for m in client.models.list()] == ["newsqa"]
    first = client.chat.completions.create(
        model="newsqa", messages=[{"role": "user", "content": TURNS[0]}], temperature=0.7, max_tokens=50
    )
    content = first.choices[0].message.content or ""
    citations = (first.model_extra or {})["citations"]
    assert "Medinsky" in content and citations and "Medinsky" in citations[0]["quote"]
    assert first.usage is not None and first.usage.prompt_tokens > 0 and first.usage.completion_tokens > 0
    second = client.chat.completions.create(
        model="newsqa",
        messages=[
            {"role": "user", "content": TURNS[0]},
            {"role": "assistant", "content": content},
            {"role": "user", "content": TURNS[1]},
        ],
    )
    extra = second.model_extra or {}
    assert "delegation" in extra["question"].lower()  # the follow-up was searched with what "it" refers to
    assert any("decorative" in c["quote"] for c in extra["citations"]), second.choices[0].message.content
    with pytest.raises(openai.AuthenticationError):
        openai.OpenAI(base_url=base, api_key="nqa_wrong").models.list()


def test_async_and_streaming_clients(server: tuple[str, str]) -> None:
    base, key = server

    async def ask() -> str:
        async with openai.AsyncOpenAI(base_url=base, api_key=key) as client:
            reply = await client.chat.completions.create(model="newsqa", messages=[{"role": "user", "content": TURNS[0]}])
            return reply.choices[0].message.content or ""

    assert "Medinsky" in asyncio.run(ask())
    stream = openai.OpenAI(base_url=base, api_key=key).chat.completions.create(
        model="newsqa", messages=[{"role": "user", "content": TURNS[0]}], stream=True
    )
    chunks = list(stream)
    last = chunks[-1]
    assert last.choices[0].finish_reason == "stop" and (last.model_extra or {})["citations"]  # citations on the last chunk
    assert "Medinsky" in "".join(c.choices[0].delta.content or "" for c in chunks)


def test_the_example_chat_bot_holds_a_conversation(server: tuple[str, str]) -> None:
    base, key = server
    run = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "chat_bot.py"), "--base-url", base, "--api-key", key],
        input="\n".join(TURNS) + "\n\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    answers = [part for part in run.stdout.split("newsqa> ")[1:]]
    assert len(answers) == 2 and "Medinsky" in answers[0] and "decorative" in answers[1], run.stdout
