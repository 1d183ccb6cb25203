"""A fetched page -> its Article (its fields read by rag/write/html.py, shared with ingest's .html loader)."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from rag.feeds.fetch import Fetched, FetchFailed
from rag.types import Article
from rag.write.html import html_fields
from rag.write.identity import make_article

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def page_article(page: Fetched, outlet: str | None, published: float | None) -> Article:
    """The article on a fetched page, identified by its final URL (after redirects, canonicalised in make_article);
    FetchFailed for a page that is not HTML or holds no article text."""
    if page.content_type not in HTML_TYPES:
        raise FetchFailed(f"not an HTML page ({page.content_type or 'no content-type'}): skipped")
    fields = html_fields(page.body, page.url)
    if not fields["text"]:
        raise FetchFailed("no article text found on the page")
    when = datetime.fromtimestamp(published, UTC).isoformat() if published is not None else None
    fields.update(
        url=page.url,
        source=outlet or fields.get("source") or urlsplit(page.url).netloc,
        published_at=fields.get("published_at") or when,
    )
    return make_article(fields)
