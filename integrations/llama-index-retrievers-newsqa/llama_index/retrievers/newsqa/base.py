"""NewsqaRetriever (GET /v1/search) and NewsqaQueryEngine (POST /v1/ask): each node's text is an exact span of its
article, start_char_idx/end_char_idx are its offsets there, and the article is its source node.

LlamaIndex's own CitationQueryEngine would re-split these nodes, copy the parent's offsets onto the pieces and let
the model write the [n] markers; here the spans and markers are newsqa's, checked against the stored text.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx
from llama_index.core.base.response.schema import Response
from llama_index.core.query_engine import CustomQueryEngine
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeRelationship, NodeWithScore, QueryBundle, RelatedNodeInfo, TextNode
from pydantic import PrivateAttr


class NewsqaError(RuntimeError):
    """A request the newsqa server refused (code and message as its error shape), or could not be reached."""

    def __init__(self, code: str, message: str, status: int | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code, self.message, self.status = code, message, status


class _Client:
    """Sync and async calls to one server, the key as a bearer token; failures as NewsqaError."""

    def __init__(self, base_url: str, api_key: str | None, timeout: float) -> None:
        headers = {"authorization": f"Bearer {api_key}"} if api_key else {}
        self._args: dict[str, Any] = {"base_url": base_url.rstrip("/"), "headers": headers, "timeout": timeout}

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            with httpx.Client(**self._args) as client:
                return _checked(client.request(method, path, **kwargs))
        except httpx.HTTPError as exc:
            raise NewsqaError("unreachable", f"{self._args['base_url']}: {type(exc).__name__}") from exc

    async def acall(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            async with httpx.AsyncClient(**self._args) as client:
                return _checked(await client.request(method, path, **kwargs))
        except httpx.HTTPError as exc:
            raise NewsqaError("unreachable", f"{self._args['base_url']}: {type(exc).__name__}") from exc


def _checked(response: httpx.Response) -> Any:
    if response.status_code < 400:
        return response.json()
    try:
        error = response.json()["error"]
        raise NewsqaError(str(error["code"]), str(error["message"]), response.status_code)
    except (ValueError, KeyError, TypeError):
        raise NewsqaError("http_error", f"HTTP {response.status_code}", response.status_code) from None


def _node(span: dict[str, Any], text: str, node_id: str) -> TextNode:
    """A span of an article as a node: its text, its offsets in the article, the article as its source."""
    metadata = {
        "doc_id": span["doc_id"],
        "title": span.get("title"),
        "url": span.get("url"),
        "outlet": span.get("outlet") or _host(span.get("url")),
        "published_at": span.get("published_at"),
    }
    node = TextNode(id_=node_id, text=text, start_char_idx=span["start"], end_char_idx=span["end"], metadata=metadata)
    node.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id=span["doc_id"], metadata={"title": span.get("title")})
    return node


def _host(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


class NewsqaRetriever(BaseRetriever):
    """The chunks newsqa's hybrid search ranks for a query, as nodes with their article offsets and fused scores."""

    def __init__(
        self,
        base_url: str = "http://127.0.0.1:8000",
        api_key: str | None = None,
        k: int = 5,
        as_of: str | None = None,
        timeout: float = 60.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._client = _Client(base_url, api_key, timeout)
        self._params: dict[str, Any] = {"k": k, **({"as_of": as_of} if as_of else {})}

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return self._nodes(self._client.call("GET", "/v1/search", params={"q": query_bundle.query_str, **self._params}))

    async def _aretrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        params = {"q": query_bundle.query_str, **self._params}
        return self._nodes(await self._client.acall("GET", "/v1/search", params=params))

    @staticmethod
    def _nodes(found: dict[str, Any]) -> list[NodeWithScore]:
        return [NodeWithScore(node=_node(h, h["text"], h["chunk_id"]), score=h["score"]) for h in found["hits"]]


class NewsqaQueryEngine(CustomQueryEngine):
    """newsqa's cited answer as a Response: source_nodes are the cited sentences (exact spans); metadata holds status,
    reason, confidence and corroboration, and the whole /v1/ask reply (as `newsqa`)."""

    base_url: str = "http://127.0.0.1:8000"
    api_key: str | None = None
    as_of: str | None = None
    min_confidence: float | None = None
    timeout: float = 300.0
    _client: _Client = PrivateAttr()

    def model_post_init(self, context: Any, /) -> None:
        super().model_post_init(context)
        self._client = _Client(self.base_url, self.api_key, self.timeout)

    def custom_query(self, query_str: str) -> Response:
        return _response(self._client.call("POST", "/v1/ask", json=self._body(query_str)))

    async def acustom_query(self, query_str: str) -> Response:
        return _response(await self._client.acall("POST", "/v1/ask", json=self._body(query_str)))

    def _body(self, question: str) -> dict[str, Any]:
        wanted = {"as_of": self.as_of, "min_confidence": self.min_confidence}
        return {"question": question} | {k: v for k, v in wanted.items() if v is not None}


def _response(answer: dict[str, Any]) -> Response:
    sources = [
        NodeWithScore(node=_node(c, c["quote"], f"{c['doc_id']}:{c['start']}-{c['end']}"), score=answer.get("confidence"))
        for c in {c["n"]: c for c in answer["citations"]}.values()
    ]
    keys = ("status", "reason", "confidence", "corroboration")
    return Response(
        response=answer["answer"], source_nodes=sources, metadata={k: answer.get(k) for k in keys} | {"newsqa": answer}
    )
