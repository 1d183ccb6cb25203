"""Both integrations against a live `newsqa serve` on the embedded defaults (the local model, keys on): the SDK's MCP
client over HTTP and `newsqa mcp` over stdio (through that server) ask the seed question and get the exact quote with
a confidence; a request without a key is refused 401 and bad input is a clear tool error; LlamaIndex's retriever and
query engine keep the spans."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from llama_index.retrievers.newsqa import NewsqaQueryEngine, NewsqaRetriever
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client

from newsqa.launch import running_server
from rag.settings import Settings
from tests.helpers import SEEDS, newsqa, seed_text

QUESTION = {"question": "Who led the Russian delegation?", "as_of": "2025-05-17"}  # asked the day it was reported


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, model_cache: Path) -> Iterator[tuple[str, str, Path]]:
    data = tmp_path_factory.mktemp("integrations-live") / "data"
    data.mkdir()
    (data / "models").symlink_to(model_cache, target_is_directory=True)
    settings = Settings(data_dir=data, _env_file=None)
    assert newsqa(settings, "ingest", str(SEEDS), "--json").returncode == 0
    key = newsqa(settings, "keys", "create", "--name", "agent").stdout.strip()
    with running_server(data, data / "server.log") as base:
        yield base, key, data


def _answered(result: Any) -> dict[str, Any]:
    assert not result.isError, result.content
    found: dict[str, Any] = result.structuredContent
    assert found["status"] == "answered" and isinstance(found["confidence"], float), found
    assert found["citations"] and all(c["quote"] == seed_text()[c["start"] : c["end"]] for c in found["citations"])
    return found


@pytest.mark.slow
def test_mcp_over_http_and_stdio_on_the_embedded_model(live: tuple[str, str, Path]) -> None:
    base, key, data = live

    async def over_http() -> Any:
        async with httpx.AsyncClient() as bare:
            refused = await bare.post(f"{base}/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
        async with (
            httpx.AsyncClient(headers={"authorization": f"Bearer {key}"}, timeout=300) as http,
            streamable_http_client(f"{base}/mcp", http_client=http) as (read, write, _),
            ClientSession(read, write) as session,
        ):
            await session.initialize()
            tools = await session.list_tools()
            answer = await session.call_tool("ask", QUESTION)
            bad = await session.call_tool("ask", {"question": "Who?", "as_of": "someday"})
        return refused, tools, answer, bad

    env = {**os.environ, "NEWSQA_DATA_DIR": str(data), "NEWSQA_API__CLIENT_KEY": key}
    params = StdioServerParameters(command=sys.executable, args=["-m", "newsqa", "mcp"], env=env, cwd=str(data))

    async def over_stdio() -> Any:
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            return await session.call_tool("ask", QUESTION)

    refused, tools, answer, bad = anyio.run(over_http)
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "missing_key"
    assert {t.name for t in tools.tools} == {"ask", "search", "get_article", "list_recent"}
    found = _answered(answer)
    assert "Medinsky" in found["answer"]
    assert bad.isError and json.loads(bad.content[0].text.split(": ", 1)[1])["error"]["code"] == "invalid_request"
    again = _answered(anyio.run(over_stdio))  # through the running server, which owns the data dir
    assert again["answer"] == found["answer"] and again["citations"] == found["citations"]


@pytest.mark.slow
def test_llama_index_on_the_embedded_model(live: tuple[str, str, Path]) -> None:
    base, key, _ = live
    nodes = NewsqaRetriever(base_url=base, api_key=key, k=3, as_of=QUESTION["as_of"]).retrieve(QUESTION["question"])
    assert nodes and all(seed_text()[n.node.start_char_idx : n.node.end_char_idx] == n.node.get_content() for n in nodes)
    engine = NewsqaQueryEngine(base_url=base, api_key=key, as_of=QUESTION["as_of"])
    response = engine.query(QUESTION["question"])
    assert response.metadata is not None and response.metadata["status"] == "answered"
    cited = response.metadata["newsqa"]["citations"]
    assert [s.node.get_content() for s in response.source_nodes] == list({c["n"]: c["quote"] for c in cited}.values())
