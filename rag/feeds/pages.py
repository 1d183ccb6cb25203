"""An HTML page -> article fields with trafilatura (text, title, date, author, site name): the one module that
imports it, shared by the feed loop and ingest's .html loader; and a fetched page -> its Article."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from rag.feeds.fetch import Fetched, FetchFailed
from rag.types import Article
from rag.write.identity import make_article

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def html_fields(html: str | bytes, url: str | None = None) -> dict[str, Any]:
    """title, text, url, published_at, authors and source as trafilatura finds them; text "" when it finds none."""
    import trafilatura  # slow to import; only HTML needs it

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if doc is None or isinstance(doc, dict) or not doc.text:
        return {"text": ""}
    text = doc.text
    if doc.title and text.startswith(doc.title + "\n"):
        text = text[len(doc.title) + 1 :]  # trafilatura repeats the <h1> headline as the first line
    return {
        "title": doc.title,
        "text": text,
        "url": doc.url,
        "published_at": doc.date,
        "authors": [doc.author] if doc.author else None,
        "source": doc.sitename,
    }


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
