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
    sentences: tuple[tuple[int, int], ...] = ()  # sentence spans relative to start, kept so queries need no re-split

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


@dataclass(frozen=True)
class Filters:
    """Restrict retrieval; every field is optional and they combine with AND."""

    doc_ids: tuple[str, ...] = ()
    exclude_doc_ids: tuple[str, ...] = ()
    source: str | None = None
    published_after: str | None = None  # ISO date or datetime, inclusive
    published_before: str | None = None  # ISO date or datetime, inclusive


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk: text == article text[start:end]; scores from each retriever and their fusion."""

    chunk_id: str
    doc_id: str
    start: int
    end: int
    text: str
    title: str
    url: str | None
    published_at: str | None
    score: float
    dense_score: float | None = None
    keyword_score: float | None = None
    sentences: tuple[tuple[int, int], ...] = ()  # relative to start; empty for chunks stored without them


@dataclass(frozen=True)
class Passage:
    """A numbered source sentence shown to the model as [n]: quote == article text[start:end]."""

    n: int
    doc_id: str
    title: str
    url: str | None
    published_at: str | None
    start: int
    end: int
    quote: str
    score: float


@dataclass(frozen=True)
class Citation:
    """Passage n supports answer[answer_start:answer_end]; quote == article text[start:end]."""

    n: int
    doc_id: str
    title: str
    url: str | None
    published_at: str | None
    start: int
    end: int
    quote: str
    answer_start: int
    answer_end: int


@dataclass(frozen=True)
class Span:
    """A character range of the answer text."""

    answer_start: int
    answer_end: int


@dataclass
class Answer:
    """What /v1/ask returns: status is answered or not_in_corpus (then citations is empty)."""

    answer: str
    status: str
    citations: list[Citation] = field(default_factory=list)
    unsupported: list[Span] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
