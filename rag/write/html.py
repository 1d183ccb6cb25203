"""An HTML page -> article fields with trafilatura (text, title, date, author, site name): the one module that
imports it, shared by ingest's .html loader and the feed loop."""

from __future__ import annotations

from typing import Any


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
