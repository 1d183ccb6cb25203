"""Plain data shared by the write side and the read side. Offsets are character offsets into Article.text."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal, TypedDict

AnswerStatus = Literal["answered", "not_in_corpus"]
WriteKind = Literal["added", "replaced", "unchanged"]
CharRange = tuple[int, int]  # (start, end) character offsets, end exclusive


class Message(TypedDict):
    """One chat message as every OpenAI-compatible server takes it."""

    role: Literal["system", "user", "assistant"]
    content: str


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
    sentences: tuple[CharRange, ...] = ()  # sentence ranges relative to start, kept so queries need no re-split


@dataclass(frozen=True, eq=False)
class EmbeddedChunk:
    """A chunk ready to store: its vector, and one vector per sentence (in chunk.sentences order)."""

    chunk: Chunk
    vector: list[float]
    sentence_vectors: list[list[float]]


@dataclass(frozen=True)
class ArticleInfo:
    """What the store keeps about an article besides its text and chunks."""

    doc_id: str
    title: str
    content_hash: str
    n_chunks: int
    url: str | None = None
    published_at: str | None = None
    authors: tuple[str, ...] = ()
    source: str | None = None


@dataclass(frozen=True)
class Indexed:
    """What a write did to one article, and how many chunks it now has (0 when unchanged)."""

    article: Article
    kind: WriteKind
    chunks: int


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
    """Restrict retrieval; every field is optional and they combine with AND.

    published_after/before are a user's explicit bounds: undated articles fail them. A bound given as a date
    covers that whole day (UTC); a datetime is exact; both are inclusive. not_before/not_after are the time
    frame the retriever derives from as_of and the question's own time words: undated articles pass them.
    """

    doc_ids: tuple[str, ...] = ()
    exclude_doc_ids: tuple[str, ...] = ()
    source: str | None = None
    published_after: date | datetime | None = None
    published_before: date | datetime | None = None
    not_before: datetime | None = None
    not_after: datetime | None = None


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
    sentences: tuple[CharRange, ...] = ()  # relative to start; empty for chunks stored without them
    # one int8 vector per sentence (store/records.py has the layout); empty when stored without them
    sentence_vectors: bytes = field(default=b"", repr=False, compare=False)
    rev: str = ""  # the article version the chunk belongs to


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
class AnswerSpan:
    """A character range of the answer text (a claim no source sentence supports)."""

    answer_start: int
    answer_end: int


@dataclass(frozen=True)
class Usage:
    """Tokens an answer cost: as the chat model reports them, else counted with the embedder's tokenizer."""

    prompt_tokens: int
    completion_tokens: int


@dataclass(frozen=True)
class Opening:
    """A reply's first token and the probability the model gave it; token_id lets the model be asked to avoid it."""

    text: str
    probability: float
    token_id: int


@dataclass(frozen=True)
class TimeWindow:
    """The publication window the question's own time words named ("this week"): start..end (ISO), inclusive."""

    start: str
    end: str
    phrase: str


@dataclass
class Answer:
    """What /v1/ask returns: status is answered or not_in_corpus (then citations is empty)."""

    answer: str
    status: AnswerStatus
    citations: list[Citation] = field(default_factory=list)
    unsupported: list[AnswerSpan] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    time_window: TimeWindow | None = None
    question: str = ""  # what was searched: the question, or the follow-up rewritten to stand alone
    usage: Usage | None = None
    # the model opened with a refusal with this probability (when it reports one): below the refusal_confidence
    # setting it was asked once more, so an answered status with refusal_p set is an overruled refusal
    refusal_p: float | None = None
