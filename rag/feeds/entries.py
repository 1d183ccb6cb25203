"""A fetched source -> its entries: RSS 2.0 / Atom (feedparser), JSON Feed (json + pydantic), a news sitemap
(lxml, no entities, no network), or None when the source is itself an article page."""

from __future__ import annotations

import calendar
import hashlib
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import feedparser
from dateutil import parser as date_parser
from lxml import etree
from pydantic import BaseModel, ValidationError

from rag.feeds.fetch import Fetched, FetchFailed
from rag.feeds.pages import HTML_TYPES

_SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@dataclass(frozen=True)
class Entry:
    """One item of a feed: its page's URL, when it says it was published or updated (epoch seconds), and a
    stamp that changes when the feed changes the item (a correction announced in the feed)."""

    url: str
    published: float | None
    stamp: str


def _stamp(*parts: object) -> str:
    return hashlib.sha256(json.dumps([str(p) for p in parts]).encode()).hexdigest()[:16]


def _epoch(value: str | None) -> float | None:
    if not value:
        return None
    try:
        parsed = date_parser.parse(value)
    except (ValueError, OverflowError):
        return None
    return parsed.timestamp() if parsed.tzinfo else calendar.timegm(parsed.timetuple())


class _JsonItem(BaseModel):
    id: str | int | None = None
    url: str | None = None
    title: str | None = None
    date_published: str | None = None
    date_modified: str | None = None


class _JsonFeed(BaseModel):
    version: str
    items: list[_JsonItem] = []


def _json_feed(fetched: Fetched) -> list[Entry]:
    try:
        feed = _JsonFeed.model_validate(json.loads(fetched.body))
    except (ValueError, ValidationError):
        raise FetchFailed("malformed JSON Feed") from None
    if not feed.version.startswith("https://jsonfeed.org/version/"):
        raise FetchFailed("JSON, but not a JSON Feed (no jsonfeed.org version)")
    return [
        Entry(urljoin(fetched.url, i.url), _epoch(i.date_modified or i.date_published), _stamp(i.id, i.title, i.date_modified))
        for i in feed.items
        if i.url
    ]


def _sitemap(root: Any, base: str) -> list[Entry]:
    entries = []
    for url in root.iter(f"{_SITEMAP}url"):
        loc = (url.findtext(f"{_SITEMAP}loc") or "").strip()
        when = url.findtext(f"{_NEWS}news/{_NEWS}publication_date") or url.findtext(f"{_SITEMAP}lastmod")
        title = url.findtext(f"{_NEWS}news/{_NEWS}title")
        if loc:
            entries.append(Entry(urljoin(base, loc), _epoch(when), _stamp(title, when)))
    return entries


def _xml_root(body: bytes) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        return etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        return None


def _rss_or_atom(fetched: Fetched) -> list[Entry]:
    feed = feedparser.parse(fetched.body, response_headers={"content-location": fetched.url})
    if feed.bozo and not any(e.get("link") for e in feed.entries):  # a feed with a slip in it still counts
        reason = str(feed.get("bozo_exception", "")).splitlines()[0:1] or ["not a feed"]
        raise FetchFailed(f"malformed feed: {reason[0]}")
    entries = []
    for item in feed.entries:
        link = item.get("link")
        if not link:
            continue
        parsed = item.get("updated_parsed") or item.get("published_parsed")
        when = float(calendar.timegm(parsed)) if parsed else None
        entries.append(Entry(urljoin(fetched.url, link), when, _stamp(item.get("id"), item.get("title"), item.get("updated"))))
    return entries


def entries_of(fetched: Fetched) -> list[Entry] | None:
    """The entries a feed or sitemap lists; None when the body is an HTML page (the source is one article)."""
    head = fetched.body.lstrip()[:200].lower()
    if fetched.content_type in HTML_TYPES or head.startswith((b"<!doctype html", b"<html")):
        return None
    if fetched.content_type.endswith("json") or head.startswith(b"{"):
        return _json_feed(fetched)
    if b"<urlset" in head or b"<sitemapindex" in fetched.body[:500]:
        root = _xml_root(fetched.body)
        if root is not None and root.tag == f"{_SITEMAP}urlset":
            return _sitemap(root, fetched.url)
        if root is not None:
            raise FetchFailed("a sitemap index: list its news sitemaps as sources instead")
    return _rss_or_atom(fetched)
