"""/mcp through the SDK's own client against a served app (real Chroma, bag-of-words embedder, scripted model: the
tools' logic; the embedded model end to end is tests/api/test_mcp_live.py): the tools listed with their schemas,
ask's exact quote, search, get_article's highlight, list_recent, keys as on /v1, and tool errors in the API's shape."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import httpx
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client

from rag.components import Components
from rag.settings import Settings
from tests.fakes import ScriptedLLM
from tests.helpers import SEED_ID, SEEDS, fake_components, newsqa, seed_text, served

QUESTION = "Who led the Russian delegation?"


@asynccontextmanager
async def _session(port: int, key: str | None = None) -> AsyncIterator[ClientSession]:
    headers = {"authorization": f"Bearer {key}"} if key else {}
    async with (
        httpx.AsyncClient(headers=headers, timeout=60) as http,
        streamable_http_client(f"http://127.0.0.1:{port}/mcp", http_client=http) as (read, write, _),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        yield session


def _run(components: Components, body: Any, key: str | None = None) -> Any:
    async def main() -> Any:
        with served(components) as port:
            async with _session(port, key) as session:
                return await body(session)

    return anyio.run(main)


def test_the_tools_are_listed_with_schemas_and_ask_returns_the_exact_quote(settings: Settings) -> None:
    llm = ScriptedLLM(default="Vladimir Medinsky led the Russian delegation [1].")
    components = fake_components(settings, llm)

    async def body(session: ClientSession) -> Any:
        tools = await session.list_tools()
        answer = await session.call_tool("ask", {"question": QUESTION, "min_confidence": 0})
        return tools, answer

    tools, answer = _run(components, body)
    listed = {t.name: t for t in tools.tools}
    assert set(listed) == {"ask", "search", "get_article", "list_recent"}
    assert listed["ask"].inputSchema["required"] == ["question"] and listed["ask"].outputSchema is not None
    assert listed["ask"].annotations is not None and listed["ask"].annotations.readOnlyHint
    assert not answer.isError
    result = answer.structuredContent
    (citation,) = result["citations"]
    assert result["status"] == "answered" and citation["quote"] == seed_text()[citation["start"] : citation["end"]]
    text = answer.content[0].text
    assert text.startswith("Vladimir Medinsky led the Russian delegation [1].") and "Sources:\n[1] " in text
    assert f"({SEED_ID}, characters {citation['start']}-{citation['end']})" in text


def test_search_get_article_with_its_highlight_list_recent_and_the_article_resource(settings: Settings) -> None:
    components = fake_components(settings, ScriptedLLM())

    async def body(session: ClientSession) -> Any:
        found = await session.call_tool("search", {"query": "Russian delegation Istanbul", "k": 2})
        hit = (found.structuredContent or {})["hits"][0]
        article = await session.call_tool("get_article", {"doc_id": hit["doc_id"], "start": hit["start"], "end": hit["end"]})
        recent = await session.call_tool("list_recent", {"limit": 5})
        resource = await session.read_resource(f"newsqa://articles/{SEED_ID}")  # type: ignore[arg-type]
        return found, hit, article, recent, resource

    found, hit, article, recent, resource = _run(components, body)
    assert not found.isError and hit["text"] == seed_text()[hit["start"] : hit["end"]]
    view = article.structuredContent
    assert view["text"] == seed_text() and view["highlight"]["quote"] == hit["text"]
    assert f"Highlighted, characters {hit['start']}-{hit['end']}" in article.content[0].text
    assert [a["doc_id"] for a in recent.structuredContent["items"]] == [SEED_ID]
    assert resource.contents[0].text == seed_text()


def test_keys_are_enforced_as_on_v1_and_errors_keep_the_api_shape(settings: Settings) -> None:
    components = fake_components(settings, ScriptedLLM())
    key = components.keys.create("bot", "read")

    async def body(port: int) -> Any:
        async with httpx.AsyncClient() as http:  # a plain MCP request without a key: refused before the server reads it
            bare = await http.post(f"http://127.0.0.1:{port}/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
        async with _session(port, key) as session:
            empty = await session.call_tool("ask", {"question": ""})
            missing = await session.call_tool("get_article", {"doc_id": "no-such-article"})
            outside = await session.call_tool("get_article", {"doc_id": SEED_ID, "start": 5, "end": 10**6})
        return bare, empty, missing, outside

    async def main() -> Any:
        with served(components) as port:
            return await body(port)

    bare, empty, missing, outside = anyio.run(main)
    assert bare.status_code == 401 and bare.json()["error"]["code"] == "missing_key"
    assert bare.headers["www-authenticate"] == "Bearer"
    # the SDK opens a tool error's text with "Error executing tool NAME: "; the rest is /v1's error body
    errors = [json.loads(r.content[0].text.split(": ", 1)[1])["error"] for r in (empty, missing, outside) if r.isError]
    assert [e["code"] for e in errors] == ["invalid_request", "document_not_found", "invalid_request"]
    assert errors[0]["message"].startswith("question: ")  # /v1's own message for the field
    assert "0 <= start < end <=" in errors[2]["message"]


def test_newsqa_mcp_answers_over_stdio_on_the_data_dir(settings: Settings) -> None:
    from mcp import StdioServerParameters
    from mcp.client.stdio import stdio_client

    assert newsqa(settings, "ingest", str(SEEDS), "--json").returncode == 0
    env = {**os.environ, "NEWSQA_DATA_DIR": str(settings.data_dir), "NEWSQA_LLM__PROVIDER": "extractive"}
    env["NEWSQA_ANSWER__MIN_CONFIDENCE"] = "0"  # the seed is old as of today; the gate is not what this is about
    params = StdioServerParameters(command=sys.executable, args=["-m", "newsqa", "mcp"], env=env, cwd=str(settings.data_dir))

    async def main() -> Any:
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            return await session.call_tool("ask", {"question": QUESTION})

    answer = anyio.run(main)
    assert not answer.isError, answer.content
    result = answer.structuredContent
    assert result["status"] == "answered" and "Medinsky" in result["answer"]
    assert all(c["quote"] == seed_text()[c["start"] : c["end"]] for c in result["citations"])
