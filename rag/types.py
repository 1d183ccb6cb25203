"""Plain data of the write side and of retrieval: articles, chunks, hits, filters, quoted sentences, and what a chat
model is sent and reports. Offsets are character offsets into Article.text. A question and its answer: answers.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Literal, TypedDict

WriteKind = Literal["added", "replaced", "unchanged"]
CharRange = tuple[int, int]  # (start, end) character offsets, end exclusive


class Message(TypedDict):
    """One chat message as every OpenAI-compatible server takes it."""

    role: Literal["system", "user", "assistant"]
    content: str


@dataclass(frozen=True, kw_only=True)
class ArticleMeta:
    """What is known about an article besides its text (the text's hash tells whether it changed)."""

    doc_id: str
    title: str
    content_hash: str
    url: str | None = None
    published_at: str | None = None  # ISO 8601 date or datetime
    authors: tuple[str, ...] = ()
    source: str | None = None


@dataclass(frozen=True, kw_only=True)
class Article(ArticleMeta):
    """One news article as stored: text is the exact string every offset points into."""

    text: str


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


@dataclass(frozen=True, kw_only=True)
class ArticleInfo(ArticleMeta):
    """What the store keeps about an article besides its text: its metadata and how many chunks it has."""

    n_chunks: int


@dataclass(frozen=True)
class Indexed:
    """What a write did to one article, and how many chunks it now has (0 when unchanged)."""

    article: Article
    kind: WriteKind
    chunks: int


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


@dataclass(frozen=True, kw_only=True)
class Quote:
    """An exact sentence of an article: quote == its text[start:end], with what a reader needs to find it."""

    doc_id: str
    title: str
    url: str | None
    published_at: str | None
    start: int
    end: int
    quote: str


def published_moment(published_at: str | None) -> datetime | None:
    """An article's stored ISO date or datetime as an aware moment (a date alone or a time without an offset counts as
    UTC); None when absent or unreadable."""
    if not published_at:
        return None
    try:
        moment = datetime.fromisoformat(published_at)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Usage:
    """Tokens an answer cost: as the chat model reports them, else counted with the embedder's tokenizer."""

    prompt_tokens: int
    completion_tokens: int


@dataclass(frozen=True)
class Opening:
    """A reply's first token and the probability the model gave it; token_id lets the model be asked to avoid it;
    alternatives are the likeliest first tokens with their probabilities (the chosen one among them)."""

    text: str
    probability: float
    token_id: int
    alternatives: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class TokenLogprobs:
    """How sure the model was of a whole reply: the mean and the lowest log-probability of its tokens."""

    mean: float
    minimum: float
    tokens: int


# what a chat model's stream yields: text deltas, and around them what it reports about the reply
ChatItem = str | Usage | Opening | TokenLogprobs
