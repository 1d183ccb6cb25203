"""Turn loose input fields into an Article: doc_id, content hash, ISO dates, clean text; and the story key that
recognises one wire story republished by several outlets."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from courlan import normalize_url
from dateutil import parser as date_parser

from rag.errors import InvalidArticle
from rag.types import Article

# ASCII only: a look-alike letter (Cyrillic "а" for Latin "a") would make two ids that print the same; no leading
# dot (".", "..", hidden names); "batch" would be shadowed by the route POST /v1/documents/batch
_ID_OK = re.compile(r"^[A-Za-z0-9_\-:@][A-Za-z0-9_.\-:@]{0,127}$")
RESERVED_IDS = frozenset({"batch"})


def normalise_text(text: str) -> str:
    """LF line ends, no NULs, no outer blank lines; this exact string is what offsets point into."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()


def canonical_url(url: str) -> str:
    """courlan's normalisation (lower-case host, no fragment, no tracking parameters)."""
    try:
        return str(normalize_url(url.strip(), strict=True))
    except (ValueError, TypeError):
        return url.strip()


def content_hash(fields: dict[str, Any]) -> str:
    """sha256 over everything that is stored, so a changed title or date also counts as a change."""
    return hashlib.sha256(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def iso_date(value: Any) -> str | None:
    """An ISO 8601 date (or datetime when a time is given) from the many ways feeds write dates."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise InvalidArticle(f"published_at must be a string, got {type(value).__name__}")
    try:
        parsed: datetime = date_parser.parse(value.strip())
    except (ValueError, OverflowError) as exc:
        raise InvalidArticle(f"published_at {value[:40]!r} is not a date") from exc
    has_time = parsed.hour or parsed.minute or parsed.second or parsed.tzinfo
    return parsed.isoformat() if has_time else parsed.date().isoformat()


def _authors(value: Any) -> tuple[str, ...]:
    if value in (None, ""):
        return ()
    if isinstance(value, str):
        return (value.strip(),)
    if isinstance(value, list) and all(isinstance(a, str) for a in value):
        return tuple(a.strip() for a in value if a.strip())
    raise InvalidArticle("authors must be a string or a list of strings")


def _str_field(fields: dict[str, Any], *names: str) -> str | None:
    for name in names:
        value = fields.get(name)
        if value not in (None, ""):
            if not isinstance(value, str | int):
                raise InvalidArticle(f"{name} must be a string")
            return str(value).strip()
    return None


def make_article(fields: dict[str, Any]) -> Article:
    """Article from {id|doc_id?, url?, title, text, published_at|publish_date?, authors?, source?}."""
    text = fields.get("text")
    if not isinstance(text, str) or not normalise_text(text):
        raise InvalidArticle("article has no text")
    body = normalise_text(text)
    url = _str_field(fields, "url")
    if url is not None and urlsplit(url).scheme.lower() not in {"http", "https"}:
        raise InvalidArticle("url must be an http or https address")
    title = _str_field(fields, "title") or body.split("\n", 1)[0][:200]
    published_at = iso_date(fields.get("published_at", fields.get("publish_date")))
    authors = list(_authors(fields.get("authors")))
    source = _str_field(fields, "source")
    stored: dict[str, Any] = {
        "title": title,
        "text": body,
        "url": url,
        "source": source,
        "published_at": published_at,
        "authors": authors,
    }
    digest = content_hash(stored)
    given = _str_field(fields, "id", "doc_id")
    if given is not None and (not _ID_OK.match(given) or given in RESERVED_IDS):
        raise InvalidArticle("id must be 1-128 ASCII letters, digits or . - _ : @, not starting with a dot, and not 'batch'")
    doc_id = given or ("u" + hashlib.sha256(canonical_url(url).encode()).hexdigest()[:16] if url else "c" + digest[:16])
    return Article(
        doc_id=doc_id,
        title=title,
        text=body,
        content_hash=digest,
        url=url,
        published_at=published_at,
        authors=tuple(authors),
        source=source,
    )


def story_key(text: str, words: int = 60) -> str:
    """The same wire story republished by several outlets: a hash of its first words, lower-cased, punctuation
    and markup differences gone (each outlet keeps its own article; this only says they are one story)."""
    return hashlib.sha256(" ".join(re.findall(r"\w+", text.lower())[:words]).encode()).hexdigest()[:16]
