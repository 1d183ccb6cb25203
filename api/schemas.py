"""Request and response bodies, with the examples Swagger UI shows and "Try it out" sends."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from rag.types import AnswerSpan, Citation, TimeWindow, Usage

SEED_QUESTION = "Who led the Russian delegation?"
MAX_ARTICLE_CHARS = 200_000  # ~30,000 words: the longest real article seen is 18,156; ~10 s of embedding here
DocIdText = Annotated[str, StringConstraints(min_length=1, max_length=128)]
Author = Annotated[str, StringConstraints(min_length=1, max_length=200)]
AS_OF_DESCRIPTION = (
    "When the question is asked (ISO 8601 date or datetime; default: now). Articles published after it are never "
    'used; time words in the question ("this week", "yesterday", "last month", "in May") restrict the '
    "articles to that window ending at as_of; otherwise newer articles rank a little higher. A date means the end of "
    "that day (UTC). Undated articles are always eligible."
)


class FiltersIn(BaseModel):
    """Restrict retrieval (all optional, combined with AND)."""

    model_config = ConfigDict(extra="forbid")

    doc_ids: list[DocIdText] = Field(default_factory=list, max_length=1000, description="Only these articles (up to 1,000).")
    source: str | None = Field(None, max_length=200, description="Only articles from this source (publisher).")
    published_after: date | datetime | None = Field(None, description="Published on or after (ISO 8601).")
    published_before: date | datetime | None = Field(
        None, description="Published on or before (ISO 8601; a date includes that day)."
    )


class HistoryMessage(BaseModel):
    """One earlier message of the conversation a follow-up question is read in."""

    model_config = ConfigDict(extra="forbid")

    role: Literal["user", "assistant"]
    content: str = Field(..., max_length=20_000)


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"question": SEED_QUESTION}]})

    question: str = Field(..., min_length=1, max_length=2000, description="A question about the news corpus.")
    top_k: int | None = Field(None, ge=1, le=50, description="Chunks to read for evidence (default from settings).")
    as_of: date | datetime | None = Field(None, description=AS_OF_DESCRIPTION)
    history: list[HistoryMessage] = Field(
        default_factory=list,
        max_length=50,
        description='Earlier messages, oldest first, for a follow-up question ("What did he call it?"): it is '
        "rewritten to stand alone before anything is searched (the last few turns are used; see the README).",
    )
    filters: FiltersIn | None = None
    stream: bool = Field(False, description="true: Server-Sent Events (delta, citation, done) instead of one JSON body.")


# the core dataclasses are the wire format too: one definition, documented by their docstrings
CitationOut = Citation
SpanOut = AnswerSpan
UsageOut = Usage


_QUOTE = (
    "The Russian delegation, led by Vladimir Medinsky, included a deputy defense minister, a deputy foreign minister, "
    "and the head of the military intelligence agency."
)
ASK_EXAMPLE: dict[str, Any] = {
    "answer": "Vladimir Medinsky led the Russian delegation [1].",
    "status": "answered",
    "citations": [
        {
            "n": 1,
            "doc_id": "russia-ukraine-talks-2025-05-17",
            "title": "Russia-Ukraine Talks Resume After Three-Year Hiatus, Prisoner Exchange Agreed",
            "url": None,
            "published_at": "2025-05-17T10:03:00-04:00",
            "start": 2546,
            "end": 2708,
            "quote": _QUOTE,
            "answer_start": 0,
            "answer_end": 44,
        }
    ],
    "unsupported": [],
    "question": "Who led the Russian delegation?",
    "usage": {"prompt_tokens": 262, "completion_tokens": 14},
    "timings": {"retrieve_ms": 12.1, "evidence_ms": 38.5, "generate_ms": 5102.7, "cite_ms": 9.8, "total_ms": 5163.1},
}


class AskResponse(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [ASK_EXAMPLE]})
    answer: str = Field(..., description="The answer with [n] markers that refer to citations[].n.")
    status: Literal["answered", "not_in_corpus"]
    citations: list[CitationOut]
    unsupported: list[SpanOut] = Field(..., description="Parts of the answer no source sentence supports.")
    timings: dict[str, float] = Field(..., description="Milliseconds per stage: retrieve, evidence, generate, cite, total.")
    time_window: TimeWindow | None = Field(
        None, description="The publication window the question's own time words named (null when it named none)."
    )
    question: str = Field(..., description="What was searched: the question, or the follow-up rewritten to stand alone.")
    usage: UsageOut | None = Field(None, description="Tokens: as the chat model reported them; word pieces otherwise.")


class HitOut(BaseModel):
    chunk_id: str
    doc_id: str
    title: str
    url: str | None
    published_at: str | None
    start: int
    end: int
    text: str = Field(..., description="Exactly the article's text[start:end].")
    score: float = Field(..., description="Reciprocal-rank-fusion score.")
    dense_score: float | None = Field(None, description="Cosine similarity, when the dense retriever found it.")
    keyword_score: float | None = Field(None, description="BM25 score, when the keyword retriever found it.")


class SearchResponse(BaseModel):
    query: str
    hits: list[HitOut]


class ArticleIn(BaseModel):
    """One article; doc_id comes from id, else from the normalised url, else from a content hash."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "id": "example-bridge-2024",
                    "title": "Bridge to reopen next month",
                    "text": "The mayor said on Tuesday that the bridge will reopen next month. Repairs took two years.",
                    "url": "https://news.example.com/bridge",
                    "published_at": "2024-03-05",
                    "authors": ["Jane Roe"],
                    "source": "Example News",
                }
            ]
        },
    )

    id: str | None = Field(None, max_length=128, description="ASCII letters, digits and . - _ : @ (not . or ..).")
    title: str = Field(..., min_length=1, max_length=1000)
    text: str = Field(
        ...,
        min_length=1,
        max_length=MAX_ARTICLE_CHARS,
        description=f"The article body, at most {MAX_ARTICLE_CHARS:,} characters (longer ones: split them).",
    )
    url: str | None = Field(None, max_length=2000, description="http or https only.")
    published_at: str | None = Field(None, max_length=64)
    authors: list[Author] | None = Field(None, max_length=50, description="Up to 50 names of up to 200 characters.")
    source: str | None = Field(None, max_length=200)


class ArticleInfoOut(BaseModel):
    doc_id: str
    title: str
    url: str | None
    published_at: str | None
    authors: list[str]
    source: str | None
    n_chunks: int
    content_hash: str


class ArticleOut(ArticleInfoOut):
    text: str = Field(..., description="The stored text every start/end offset points into.")


class ArticlePage(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[ArticleInfoOut]


class ArticleWriteResult(BaseModel):
    doc_id: str
    status: Literal["added", "replaced", "unchanged"]
    chunks: int


class ArticleBatchIn(BaseModel):
    """Up to 100 articles written together (what `newsqa ingest` sends while a server owns the data dir)."""

    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(..., min_length=1, max_length=100)


class ArticleBatchResult(BaseModel):
    results: list[ArticleWriteResult] = Field(..., description="One result per article, in the order sent.")


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for the error shape."""
    return {s: {"model": ErrorResponse} for s in statuses}
