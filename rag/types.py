"""Plain data shared by ingest and api. Offsets are character offsets into Article.text."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One news article as stored: text is the exact string every offset points into."""

    doc_id: str
    title: str
    text: str
    content_hash: str
    url: str | None = None
    published_at: str | None = None  # ISO 8601 date or datetime
    authors: tuple[str, ...] = ()
    source: str | None = None


@dataclass(frozen=True)
class Chunk:
    """A run of whole sentences of an article: article.text[start:end] == text."""

    doc_id: str
    index: int
    start: int
    end: int
    text: str

    @property
    def chunk_id(self) -> str:
        return f"{self.doc_id}:{self.index}"


@dataclass(frozen=True)
class ArticleInfo:
    """What the store keeps about an article besides its chunks."""

    doc_id: str
    title: str
    content_hash: str
    n_chunks: int
    url: str | None = None
    published_at: str | None = None
    authors: tuple[str, ...] = ()
    source: str | None = None


@dataclass
class IngestReport:
    """The summary of one ingest run; failed holds one {path, reason} per skipped input."""

    articles: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    chunks_added: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)
