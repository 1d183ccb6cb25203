"""newsqa as tools for agents and chat apps, over MCP (the official SDK's FastMCP).

Mounted at /mcp (streamable HTTP, stateless, JSON replies) in the app that serves /v1, and served over stdio by
`newsqa mcp`. Each tool is a thin adapter over the HTTP API: it sends the request /v1 would get, with the caller's
key, to the app in the same process (or, for stdio while a server owns the data dir, to that server), so
validation, keys, scopes, limits and error messages are the API's own. A result carries the API's JSON as
structured content and a short text with [n] footnotes; a failure is a tool error whose text is the API's error
shape {"error": {"code", "message"}} (after the SDK's "Error executing tool NAME: ").
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import quote

import httpx
from mcp.server.fastmcp import Context, FastMCP
from mcp.server.fastmcp.exceptions import ToolError
from mcp.server.transport_security import TransportSecuritySettings
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import Field

from api.answer_schemas import AskResponse, SearchResponse
from api.article_schemas import ArticlePage
from api.mcp_render import ArticleView, render_answer, render_article, render_hits, render_page
from api.schemas import AS_OF_DESCRIPTION, FiltersIn, HistoryMessage
from rag.errors import NewsqaError

INSTRUCTIONS = (
    "Answers questions about the news articles stored in this newsqa server, citing exact sentences. Use `ask` for a "
    "question: the answer cites its sources as [n], each an exact quote with the article and character offsets, and "
    "says how sure it is (confidence) or why it abstains (reason). Use `search` for passages, `get_article` to read "
    "an article (with the cited span to highlight), and `list_recent` for the latest articles."
)
if TYPE_CHECKING:
    from mcp.server.session import ServerSession
    from starlette.requests import Request

    Ctx = Context[ServerSession, object, Request]
else:
    Ctx = Context  # the SDK finds the context parameter by its class: a subscripted alias would hide it

READ_ONLY = ToolAnnotations(readOnlyHint=True, openWorldHint=False)
# loosely typed parameters carry the API's own schema, so a bad value is refused by /v1 with its own message
Filters = Annotated[
    dict[str, Any] | None,
    Field(
        description="Optional: doc_ids, source, published_after, published_before.",
        json_schema_extra=FiltersIn.model_json_schema(),
    ),
]
AsOf = Annotated[str | None, Field(description=AS_OF_DESCRIPTION + " ISO 8601 date or datetime.")]


class Upstream:
    """Where tool calls go: the HTTP API through client, with the caller's key (the one the MCP request carried,
    else the key given for stdio)."""

    def __init__(self, client: httpx.AsyncClient, key: str | None = None) -> None:
        self._client = client
        self._key = key

    async def call(self, ctx: Ctx, method: str, path: str, *, body: Any = None, query: Any = None) -> Any:
        request = ctx.request_context.request if ctx.request_context else None
        incoming = request.headers.get("authorization") if request is not None else None
        auth = incoming or (f"Bearer {self._key}" if self._key else None)
        headers = {"authorization": auth} if auth else {}
        if request is not None and "host" in request.headers:
            headers["host"] = request.headers["host"]  # the name the caller used passes the app's host check again
        try:
            response = await self._client.request(method, path, json=body, params=query, headers=headers)
        except httpx.HTTPError as exc:
            raise _tool_error("store_unavailable", f"the newsqa API cannot be reached ({type(exc).__name__})") from None
        found = _json(response)
        if response.status_code >= 400:
            error = found.get("error") if isinstance(found, dict) else None
            if not isinstance(error, dict):
                raise _tool_error("http_error", f"HTTP {response.status_code}")
            raise _tool_error(str(error.get("code")), str(error.get("message")))
        return found


def _json(response: httpx.Response) -> Any:
    try:
        return response.json() if response.content else {}
    except ValueError:
        return {}


def _tool_error(code: str, message: str) -> ToolError:
    return ToolError(json.dumps({"error": {"code": code, "message": message}}))


def _result(text: str, structured: dict[str, Any]) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=text)], structuredContent=structured)


def build_mcp(upstream: Upstream) -> FastMCP:
    """The MCP server: four read-only tools and the articles as resources."""
    # the app's own edge checks the Host header (api.allowed_hosts); the SDK's check would refuse every other name
    security = TransportSecuritySettings(enable_dns_rebinding_protection=False)
    mcp = FastMCP(
        "newsqa",
        instructions=INSTRUCTIONS,
        stateless_http=True,
        json_response=True,
        transport_security=security,
        log_level="WARNING",  # its own logging setup, where the server's is not in place first: warnings only
    )
    mcp.settings.streamable_http_path = "/mcp"

    @mcp.tool(annotations=READ_ONLY, structured_output=True)
    async def ask(
        ctx: Ctx,
        question: Annotated[str, Field(description="The question, e.g. 'Who led the Russian delegation?'")],
        as_of: AsOf = None,
        history: Annotated[
            list[dict[str, Any]] | None,
            Field(
                description="Earlier turns (role user|assistant, content), oldest first, for a follow-up question.",
                json_schema_extra={"items": HistoryMessage.model_json_schema()},
            ),
        ] = None,
        filters: Filters = None,
        min_confidence: Annotated[
            float | None, Field(description="0..1: withhold an answer less likely right than this (0: however unsure).")
        ] = None,
    ) -> Annotated[CallToolResult, AskResponse]:
        """Answer a question from the stored news articles. The answer cites its sources as [n]; each citation is an
        exact quote (quote == article text[start:end]) with the article's id, title, url and date. `status` is
        `not_in_corpus` with a `reason` when the articles do not answer it; `confidence` is the calibrated chance the
        answer is right."""
        wanted = {"as_of": as_of, "history": history, "filters": filters, "min_confidence": min_confidence}
        body = {"question": question} | {k: v for k, v in wanted.items() if v is not None}
        found = await upstream.call(ctx, "POST", "/v1/ask", body=body)
        return _result(render_answer(AskResponse.model_validate(found)), found)

    @mcp.tool(annotations=READ_ONLY, structured_output=True)
    async def search(
        ctx: Ctx,
        query: Annotated[str, Field(description="What to look for.")],
        k: Annotated[int, Field(description="Passages to return (1-100).")] = 5,
        as_of: AsOf = None,
        source: Annotated[str | None, Field(description="Only articles from this source.")] = None,
    ) -> Annotated[CallToolResult, SearchResponse]:
        """Search the stored articles (keywords and meaning together) without writing an answer: ranked passages,
        each with its article and exact character offsets (text == article text[start:end])."""
        wanted = {"q": query, "k": k, "as_of": as_of, "source": source}
        found = await upstream.call(ctx, "GET", "/v1/search", query={k: v for k, v in wanted.items() if v is not None})
        return _result(render_hits(SearchResponse.model_validate(found)), found)

    @mcp.tool(annotations=READ_ONLY, structured_output=True)
    async def get_article(
        ctx: Ctx,
        doc_id: Annotated[str, Field(description="The article's id (a citation's doc_id).")],
        start: Annotated[int | None, Field(description="A span to highlight: its first character (a citation's start).")] = None,
        end: Annotated[int | None, Field(description="The span's end (a citation's end).")] = None,
    ) -> Annotated[CallToolResult, ArticleView]:
        """Read one stored article: its metadata and full text, which every citation's start/end offsets point into;
        with start and end, the span to highlight is returned too (its exact text)."""
        found = await upstream.call(ctx, "GET", f"/v1/documents/{_path_part(doc_id)}")
        try:
            view = ArticleView.of(found, start, end)
        except NewsqaError as exc:
            raise _tool_error(exc.code, str(exc)) from None
        return _result(render_article(view), view.model_dump(mode="json"))

    @mcp.tool(annotations=READ_ONLY, structured_output=True)
    async def list_recent(
        ctx: Ctx,
        limit: Annotated[int, Field(description="How many (1-500).")] = 10,
        source: Annotated[str | None, Field(description="Only articles from this source.")] = None,
        published_after: Annotated[str | None, Field(description="Published on or after (ISO 8601).")] = None,
        published_before: Annotated[str | None, Field(description="Published on or before (ISO 8601).")] = None,
    ) -> Annotated[CallToolResult, ArticlePage]:
        """The latest stored articles, newest first (metadata only; get_article reads one)."""
        wanted = {"limit": limit, "source": source, "published_after": published_after, "published_before": published_before}
        query = {"order": "newest"} | {k: v for k, v in wanted.items() if v is not None}
        found = await upstream.call(ctx, "GET", "/v1/documents", query=query)
        return _result(render_page(ArticlePage.model_validate(found)), found)

    @mcp.resource("newsqa://articles/{doc_id}", mime_type="text/plain", description="A stored article's full text.")
    async def article(doc_id: str, ctx: Ctx) -> str:
        found = await upstream.call(ctx, "GET", f"/v1/documents/{_path_part(doc_id)}")
        return str(found.get("text", ""))

    return mcp


def _path_part(doc_id: str) -> str:
    return quote(doc_id, safe="")  # an id is one path segment, whatever it holds
