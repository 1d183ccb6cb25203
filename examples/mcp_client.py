"""An MCP client session with newsqa, as an agent framework or chat app would open one: list the tools, ask a
question, read the cited article at the highlighted sentence.

    python examples/mcp_client.py "Who led the Russian delegation?" [--url http://127.0.0.1:8000/mcp] [--api-key KEY]

The key defaults to $NEWSQA_API_KEY (servers without keys ignore it). Desktop clients that start tools as a command
can run `newsqa mcp` instead (stdio), with the same tools.
"""

from __future__ import annotations

import argparse
import os

import anyio
import httpx
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.types import CallToolResult, TextContent


def text(result: CallToolResult) -> str:
    return "".join(c.text for c in result.content if isinstance(c, TextContent))


async def session(url: str, key: str | None, question: str) -> None:
    headers = {"authorization": f"Bearer {key}"} if key else {}
    async with (
        httpx.AsyncClient(headers=headers, timeout=300) as http,
        streamable_http_client(url, http_client=http) as (read, write, _),
        ClientSession(read, write) as mcp,
    ):
        await mcp.initialize()
        print("tools:", ", ".join(t.name for t in (await mcp.list_tools()).tools))
        answer = await mcp.call_tool("ask", {"question": question})
        print(text(answer))  # the answer, its [n] footnotes and how sure it is
        cited = (answer.structuredContent or {}).get("citations", [])
        if cited:  # the first cited article, with the quoted sentence to highlight
            first = cited[0]
            article = await mcp.call_tool(
                "get_article", {"doc_id": first["doc_id"], "start": first["start"], "end": first["end"]}
            )
            print("\n" + text(article).split("\n\n")[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("question")
    parser.add_argument("--url", default="http://127.0.0.1:8000/mcp")
    parser.add_argument("--api-key", default=os.environ.get("NEWSQA_API_KEY"))
    args = parser.parse_args()
    anyio.run(session, args.url, args.api_key, args.question)


if __name__ == "__main__":
    main()
