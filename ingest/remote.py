"""Ingest through a running server's API (POST /v1/documents/batch) when `newsqa serve` owns the data dir."""

from __future__ import annotations

import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass

from rag.store.remote import RemoteAPI
from rag.types import Article, ArticleInfo, Indexed


@dataclass(frozen=True)
class RemoteBatch:
    articles: list[Article]


def _fields(article: Article) -> dict[str, object]:
    # the article as parsed and normalised here: the server derives the same doc_id and content hash from it
    return {
        "id": article.doc_id,
        "title": article.title,
        "text": article.text,
        "url": article.url,
        "published_at": article.published_at,
        "authors": list(article.authors) or None,
        "source": article.source,
    }


class RemoteWriter:
    """The Writer an IngestJob uses when the server writes: the server chunks, embeds and stores."""

    def __init__(self, api: RemoteAPI) -> None:
        self._api = api

    def plan(self, articles: Sequence[Article]) -> RemoteBatch:
        return RemoteBatch(list(articles))

    def prepare(self, plan: RemoteBatch) -> RemoteBatch:
        return plan  # the server embeds

    def write(self, prepared: RemoteBatch) -> list[Indexed]:
        if not prepared.articles:
            return []
        reply = self._api.call("POST", "/v1/documents/batch", {"articles": [_fields(a) for a in prepared.articles]})
        by_id = {a.doc_id: a for a in prepared.articles}
        return [Indexed(by_id[r["doc_id"]], r["status"], int(r["chunks"])) for r in reply["results"]]


class RemoteArticles:
    """The article collection of a running server, for `newsqa list | delete` (same calls as rag.write.articles)."""

    def __init__(self, api: RemoteAPI) -> None:
        self._api = api

    def count(self) -> int:
        return int(self._api.call("GET", "/v1/documents", query={"limit": 1})["total"])

    def page(self, offset: int, limit: int) -> tuple[int, list[ArticleInfo]]:
        infos: list[ArticleInfo] = []
        total = 0
        while len(infos) < limit:
            want = min(500, limit - len(infos))  # the API's page size limit
            page = self._api.call("GET", "/v1/documents", query={"offset": offset + len(infos), "limit": want})
            total = int(page["total"])
            infos.extend(ArticleInfo(**{**item, "authors": tuple(item["authors"])}) for item in page["items"])
            if len(page["items"]) < want:
                break
        return total, infos

    def delete(self, doc_id: str) -> None:
        self._api.call("DELETE", f"/v1/documents/{urllib.parse.quote(doc_id, safe='')}")
