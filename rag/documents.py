"""The article collection as the API sees it: list, get, add (same rules as ingest), delete."""

from __future__ import annotations

from typing import Any

from rag.errors import DocumentNotFound
from rag.identity import make_article
from rag.indexing import Indexed, Indexer
from rag.keyword import KeywordIndex
from rag.store import ChromaStore
from rag.types import ArticleInfo


class Documents:
    def __init__(self, store: ChromaStore, indexer: Indexer, keyword: KeywordIndex) -> None:
        self._store = store
        self._indexer = indexer
        self._keyword = keyword

    def page(self, offset: int, limit: int) -> tuple[int, list[ArticleInfo]]:
        return self._store.count_articles(), self._store.list_articles(offset=offset, limit=limit)

    def get(self, doc_id: str) -> tuple[ArticleInfo, str]:
        found = self._store.get_article(doc_id)
        if found is None:
            raise DocumentNotFound(f"no article with doc_id {doc_id!r}")
        return found

    def add(self, fields: dict[str, Any]) -> Indexed:
        """Add or replace one article; keyword search catches up in the background."""
        (result,) = self._indexer.index([make_article(fields)])
        if result.kind != "unchanged":
            self._keyword.refresh_in_background()
        return result

    def wait_until_searchable(self) -> None:
        """Block until keyword search reflects every write made so far."""
        self._keyword.wait()
        self._keyword.refresh()

    def delete(self, doc_id: str) -> None:
        if not self._store.delete_article(doc_id):
            raise DocumentNotFound(f"no article with doc_id {doc_id!r}")
        self._keyword.refresh_in_background()
