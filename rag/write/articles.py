"""The article collection as users manage it (HTTP /v1/documents, `newsqa list|delete`): page, get, add, delete."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from rag.errors import ArticleNotFound, InvalidArticle
from rag.store.chroma import ChromaStore
from rag.telemetry import NoObserver, Observer, Written
from rag.types import Article, ArticleInfo, Filters, Indexed
from rag.write.identity import make_article

IndexFn = Callable[[Sequence[Article]], list[Indexed]]


class Articles:
    """Reads and writes whole articles; on_change hears the doc_ids each write changed (keyword search indexes
    them before the write returns) and observer hears what each add wrote or refused.

    index is Indexer.index; it is passed as a function so that reading and deleting load no embedder.
    """

    def __init__(
        self,
        store: ChromaStore,
        index: IndexFn,
        on_change: Callable[[Sequence[str]], None] = lambda _: None,
        observer: Observer | None = None,
    ) -> None:
        self._store = store
        self._index = index
        self._on_change = on_change
        self._observer = observer or NoObserver()

    def count(self) -> int:
        return self._store.count_articles()

    def page(self, offset: int, limit: int) -> tuple[int, list[ArticleInfo]]:
        """The total and one page of article metadata, in the store's order."""
        return self._store.count_articles(), self._store.list_articles(offset=offset, limit=limit)

    def listing(self, filters: Filters, newest: bool, offset: int, limit: int) -> tuple[int, list[ArticleInfo]]:
        """The count and one page of the articles passing the filters, in the store's order or newest first."""
        if not newest and filters == Filters():
            return self.page(offset, limit)
        found = self._store.matching_articles(filters, newest)
        return len(found), found[offset : offset + limit]

    def get(self, doc_id: str) -> tuple[ArticleInfo, str]:
        """The article's metadata and its full stored text; ArticleNotFound otherwise."""
        found = self._store.get_article(doc_id)
        if found is None:
            raise ArticleNotFound(f"no article with doc_id {doc_id!r}")
        return found

    def add(self, fields: dict[str, Any]) -> Indexed:
        """Add or replace one article (same identity rules as ingest). Concurrent writes to one article are
        serialised, so "unchanged" and "replaced" are decided against the version really stored."""
        with self._refused_on_error(1):
            article = make_article(fields)
            with self._store.locks.hold([article.doc_id]):
                (result,) = self._index([article])
        self._observer.observe(Written([result]))
        if result.kind != "unchanged":
            self._on_change([result.article.doc_id])
        return result

    def add_many(self, records: Sequence[dict[str, Any]]) -> list[Indexed]:
        """Add or replace a batch (distinct ids) in one indexing pass, all or nothing on invalid input."""
        with self._refused_on_error(len(records)):  # all or nothing: a refused batch wrote none of its articles
            articles = []
            for n, fields in enumerate(records):
                try:
                    articles.append(make_article(fields))
                except InvalidArticle as exc:
                    raise InvalidArticle(f"articles[{n}]: {exc}") from None
        return self.put(articles)

    def put(self, articles: Sequence[Article]) -> list[Indexed]:
        """Add or replace articles already made (the feed loop makes them to know their doc_ids first)."""
        with self._refused_on_error(len(articles)):
            ids = [a.doc_id for a in articles]
            if len(set(ids)) != len(ids):
                raise InvalidArticle("articles: the same doc_id twice in one batch")
            with self._store.locks.hold(ids):
                results = self._index(articles)
        self._observer.observe(Written(results))
        if changed := [r.article.doc_id for r in results if r.kind != "unchanged"]:
            self._on_change(changed)
        return results

    def delete(self, doc_id: str) -> None:
        """Remove the article and all its chunks; ArticleNotFound when nothing is stored under doc_id."""
        if not self._store.delete_article(doc_id):
            raise ArticleNotFound(f"no article with doc_id {doc_id!r}")
        self._on_change([doc_id])

    @contextmanager
    def _refused_on_error(self, articles: int) -> Iterator[None]:
        try:
            yield
        except Exception:
            self._observer.observe(Written(failed=articles))
            raise
