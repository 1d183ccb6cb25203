"""The sources file: one URL a line (# comments), or TOML / YAML with a name, url and optional outlet per source.

TOML: `[[sources]]` tables. YAML: a list of mappings, or `sources:` holding one. Names label the metrics and the
state, so they are unique; a plain URL gets a name made from its host and path.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator

from rag.errors import InvalidRequest


class Source(BaseModel):
    """A feed (RSS 2.0, Atom, JSON Feed), a news sitemap or a single article page."""

    name: str = Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9_.\-:@]+$")
    url: str
    outlet: str | None = Field(None, description="The source name stored with its articles (default: the page's site name).")

    @field_validator("url")
    @classmethod
    def _http(cls, url: str) -> str:
        if urlsplit(url.strip()).scheme.lower() not in {"http", "https"} or not urlsplit(url.strip()).netloc:
            raise ValueError("must be an http or https URL")
        return url.strip()


def name_for(url: str) -> str:
    """A readable, stable name for a bare URL: host, path and query, other characters as dashes. Two URLs that
    differ only in their query (?section=world, ?section=sport) get two names; a name that would be cut at 80
    characters ends with a short hash of the whole URL instead, so it stays unique."""
    parts = urlsplit(url.strip())
    query = f"-{parts.query}" if parts.query else ""
    name = re.sub(r"[^A-Za-z0-9_.\-]+", "-", f"{parts.netloc}{parts.path}{query}").strip("-.") or "source"
    if len(name) <= 80:
        return name
    return f"{name[:71].rstrip('-.')}-{hashlib.sha256(url.strip().encode()).hexdigest()[:8]}"


def source_for(url: str) -> Source:
    """A bare URL as a source (InvalidRequest when it is not http(s))."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        raise InvalidRequest(f"only http and https URLs are fetched, not {parts.scheme or 'a bare name'}:")
    return _valid([{"name": name_for(url), "url": url}], url)[0]


def read_sources(path: Path) -> list[Source]:
    """The sources a file lists; InvalidRequest with a one-line reason when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidRequest(f"sources file {path}: cannot read ({exc.strerror or exc})") from None
    try:
        if path.suffix.lower() == ".toml":
            items: Any = tomllib.loads(text).get("sources", [])
        elif path.suffix.lower() in {".yaml", ".yml"}:
            items = yaml.safe_load(text) or []
            items = items.get("sources", []) if isinstance(items, dict) else items
        else:
            lines = [line.split("#", 1)[0].strip() for line in text.splitlines()]
            items = [{"name": name_for(u), "url": u} for u in lines if u]
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise InvalidRequest(f"sources file {path}: {str(exc).splitlines()[0]}") from None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise InvalidRequest(f"sources file {path}: expected a list of sources with name and url")
    return _valid(items, str(path))


def _valid(items: list[dict[str, Any]], where: str) -> list[Source]:
    sources = []
    for n, item in enumerate(items):
        try:
            sources.append(Source.model_validate(item))
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"]) or "source"
            message = str(first["msg"]).removeprefix("Value error, ")
            raise InvalidRequest(f"{where}: source {n + 1}: {field}: {message}") from None
    names = [s.name for s in sources]
    if dupes := sorted({n for n in names if names.count(n) > 1}):
        raise InvalidRequest(f"{where}: source names must be unique, repeated: {', '.join(dupes)}")
    return sources
