"""Request and response bodies, with the examples Swagger UI shows and "Try it out" sends."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StringConstraints

from rag.types import AnsweredBy, AnswerSpan, Citation, Corroboration, Usage

SEED_QUESTION = "Who led the Russian delegation?"
MAX_ARTICLE_CHARS = 200_000  # ~30,000 words: the longest real article seen is 18,156; ~10 s of embedding here
# documented in the schema; checked by rag/write/identity.py, whose message names the rule ("batch" is reserved too)
ID_PATTERN = r"^[A-Za-z0-9_:@-][A-Za-z0-9_.:@-]{0,127}$"
ID_DESCRIPTION = "1-128 ASCII letters, digits and . - _ : @, not starting with a dot; not `batch` (a route's name)."
URL_PATTERN = r"^[hH][tT][tT][pP][sS]?://[^\s/?#]+"  # documented in the schema; checked by rag/write/identity.py
DocIdText = Annotated[str, StringConstraints(min_length=1, max_length=128)]
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _iso_only(value: object) -> object:
    # pydantic also reads numbers and numeric strings as Unix times ("as_of": 0 was 1970-01-01): only ISO 8601 is
    if isinstance(value, date) or (isinstance(value, str) and _ISO.match(value)):
        return value
    raise ValueError("must be an ISO 8601 date or datetime, e.g. 2022-07-28 or 2022-07-28T09:00:00-04:00")


IsoMoment = Annotated[date | datetime, BeforeValidator(_iso_only)]
Author = Annotated[str, StringConstraints(min_length=1, max_length=200)]
AS_OF_DESCRIPTION = (
    "When the question is asked (ISO 8601 date or datetime; default: now). Articles published after it are never "
    'used; time words in the question ("this week", "yesterday", "last month", "in May") restrict the '
    "articles to that window ending at as_of; otherwise newer articles rank a little higher. A date means the end of "
    "that day (UTC). Undated articles are always eligible."
)


MIN_CONFIDENCE_DESCRIPTION = (
    "Withhold an answer less likely right than this (reason low_confidence); 0 gives the answer however unsure. "
    "Default: answer.min_confidence. Only with a calibrated model (else confidence is null)."
)


class FiltersIn(BaseModel):
    """Restrict retrieval (all optional, combined with AND)."""

    model_config = ConfigDict(extra="forbid")

    doc_ids: list[DocIdText] = Field(default_factory=list, max_length=1000, description="Only these articles (up to 1,000).")
    source: str | None = Field(None, max_length=200, description="Only articles from this source (publisher).")
    published_after: IsoMoment | None = Field(None, description="Published on or after (ISO 8601).")
    published_before: IsoMoment | None = Field(None, description="Published on or before (ISO 8601; a date includes that day).")


class HistoryMessage(BaseModel):
    """One earlier message of the conversation a follow-up question is read in."""

    model_config = ConfigDict(extra="forbid")

    role: Literal["user", "assistant"]
    content: str = Field(..., max_length=20_000)


class AskRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"question": SEED_QUESTION},
                {"question": SEED_QUESTION, "include": ["trace"]},
                {"question": SEED_QUESTION, "min_confidence": 0},  # the answer however unsure
                {"question": "Who led the Russian delegation this week?", "as_of": "2026-05-19"},  # reason no_articles
            ]
        },
    )

    question: str = Field(..., min_length=1, max_length=2000, description="A question about the news corpus.")
    top_k: int | None = Field(None, ge=1, le=50, description="Chunks to read for evidence (default from settings).")
    as_of: IsoMoment | None = Field(None, description=AS_OF_DESCRIPTION)
    history: list[HistoryMessage] = Field(
        default_factory=list,
        max_length=50,
        description='Earlier messages, oldest first, for a follow-up question ("What did he call it?"): it is '
        "rewritten to stand alone before anything is searched (the last few turns are used; see the README).",
    )
    filters: FiltersIn | None = None
    stream: StrictBool = Field(False, description="true: Server-Sent Events (delta, citation, done) instead of one JSON body.")
    min_confidence: float | None = Field(None, ge=0.0, le=1.0, strict=True, description=MIN_CONFIDENCE_DESCRIPTION)
    include: list[Literal["trace"]] = Field(
        default_factory=list,
        max_length=1,
        description='["trace"]: the answer also carries `trace`, what produced it (the chunks retrieved with their '
        "scores, the sentences the model was given with theirs, the refusal probability).",
    )


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
    "corroboration": [],
    "reason": None,
}
# a real reply: the seed article is from May 2025, so a year later "this week" holds nothing
ABSTAIN_EXAMPLE: dict[str, Any] = {
    "answer": "The articles in the corpus do not answer this question.",
    "status": "not_in_corpus",
    "citations": [],
    "unsupported": [],
    "confidence": None,
    "corroboration": [],
    "reason": "no_articles",
    "nearest_published_at": "2025-05-17",
    "time_window": {"start": "2026-05-12T00:00:00+00:00", "end": "2026-05-19T23:59:59.999999+00:00", "phrase": "this week"},
    "question": "Who led the Russian delegation this week?",
    "timings": {"retrieve_ms": 44.4, "evidence_ms": 0.02, "total_ms": 46.2, "check_ms": 0.75},
}


class TimeWindowOut(BaseModel):
    """The publication window the question's own time words named ("this week"): start..end (ISO 8601), inclusive."""

    start: str
    end: str
    phrase: str


class TraceHitOut(BaseModel):
    """One retrieved chunk (its text is the article's text[start:end]: GET /v1/documents/{doc_id})."""

    chunk_id: str
    doc_id: str
    title: str
    published_at: str | None
    start: int
    end: int
    score: float = Field(..., description="Fused score (reciprocal rank plus the recency prior).")
    dense_score: float | None = Field(None, description="Cosine similarity, when the dense retriever found it.")
    keyword_score: float | None = Field(None, description="BM25 score, when the keyword retriever found it.")


class TraceSentenceOut(BaseModel):
    """One sentence the model was shown as [n] (the citations are the ones it used)."""

    n: int
    doc_id: str
    start: int
    end: int
    quote: str
    score: float = Field(..., description="Evidence score: relevance, the chunk's rank, answer type and neighbours.")


class TraceOut(BaseModel):
    """What produced the answer."""

    question: str = Field(..., description="What was searched (a follow-up rewritten to stand alone).")
    as_of: datetime | None = Field(None, description="When it was asked (UTC).")
    time_window: TimeWindowOut | None = Field(None, description="The window the question's time words named.")
    hits: list[TraceHitOut] = Field(..., description="The chunks retrieved, best first.")
    evidence: list[TraceSentenceOut] = Field(..., description="The sentences given to the model, in prompt order.")
    best_evidence: float = Field(
        ..., description="The best relevance among all candidate sentences (abstains below answer.min_evidence)."
    )
    refusal_p: float | None = Field(
        None,
        description="The model opened with a refusal this sure (when it reports one); below answer.refusal_confidence it was asked again.",
    )
    asked_again: bool = Field(False, description="The model's unsure refusal was asked once more with its first token banned.")
    signals: dict[str, float] = Field(
        default_factory=dict,
        description="What the answer's confidence is computed from (rag/trust/confidence.py SIGNALS); empty on abstentions.",
    )
    answered_by: AnsweredBy | None = Field(
        None,
        description="Who formed the answer: `model` (the chat model), `extractive` (the best evidence sentences, "
        "provider=extractive) or `fallback` (those sentences because the model was down, answer.fallback=extractive); "
        "null when the evidence was too weak to ask either. Each is judged by a calibrator fitted on its own answers.",
    )


class Trust(BaseModel):
    """What a reader weighs an answer by; on /v1/ask, its SSE done event and chat completions alike."""

    confidence: float | None = Field(
        None,
        description="The calibrated probability that the answer is right; null when no calibrator is bundled for the "
        "model, or no answer was formed. On a low_confidence abstention, the withheld answer's.",
    )
    corroboration: list[Corroboration] = Field(
        default_factory=list,
        description="Up to 5 other articles with a sentence stating the answer (quote == their text[start:end]); outlet "
        "is the host of their URL; same_story marks a republication of a cited article's wire story (the same opening "
        "words: one report, not an independent one), listed after the independent reports.",
    )
    reason: Literal["no_articles", "off_topic", "not_stated", "low_confidence"] | None = Field(
        None,
        description="Why not_in_corpus: nothing in the store, filters or time window (no_articles); nothing relevant "
        "retrieved (off_topic); the sources do not say (not_stated); below min_confidence (low_confidence).",
    )
    nearest_published_at: str | None = Field(
        None,
        description="On no_articles / off_topic with a time window: the date of the latest related article before it.",
    )


class Answered(BaseModel):
    answer: str = Field(..., description="The answer with [n] markers that refer to citations[].n.")
    status: Literal["answered", "not_in_corpus"]
    citations: list[CitationOut]
    unsupported: list[SpanOut] = Field(..., description="Parts of the answer no source sentence supports.")


class AskResponse(Trust, Answered):  # fields in order: Answered's, Trust's, then these
    model_config = ConfigDict(json_schema_extra={"examples": [ASK_EXAMPLE, ABSTAIN_EXAMPLE]})
    timings: dict[str, float] = Field(..., description="Milliseconds per stage: retrieve, evidence, generate, cite, total.")
    time_window: TimeWindowOut | None = Field(
        None, description="The publication window the question's own time words named (null when it named none)."
    )
    question: str = Field(..., description="What was searched: the question, or the follow-up rewritten to stand alone.")
    usage: UsageOut | None = Field(None, description="Tokens: as the chat model reported them; word pieces otherwise.")
    trace: TraceOut | None = Field(None, description='What produced the answer; only with "include": ["trace"].')


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

    id: str | None = Field(
        None, min_length=1, max_length=128, description=ID_DESCRIPTION, json_schema_extra={"pattern": ID_PATTERN}
    )
    title: str = Field(..., min_length=1, max_length=1000)
    text: str = Field(
        ...,
        min_length=1,
        max_length=MAX_ARTICLE_CHARS,
        description=f"The article body, at most {MAX_ARTICLE_CHARS:,} characters (longer ones: split them).",
    )
    url: str | None = Field(None, max_length=2000, description="http or https only.", json_schema_extra={"pattern": URL_PATTERN})
    published_at: str | None = Field(
        None,
        max_length=64,
        description="When it was published: ISO 8601 (a date, or a datetime with its offset) is stored as given; the "
        "other ways feeds write dates (RFC 822 and the like) are read and stored as ISO 8601.",
        examples=["2024-03-05", "2024-03-05T10:03:00-04:00", "Tue, 05 Mar 2024 10:03:00 GMT"],
    )
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


_MEANING = {
    401: "No key, or a key that is not valid.",
    403: "The key may read but not write.",
    404: "No such article.",
    405: "The path exists, not with this method (`Allow` names the methods).",
    408: "The request body did not arrive within api.body_timeout_s (the connection is closed).",
    413: "The request body is over api.max_body_bytes.",
    422: "The request is not valid: `message` names the field.",
    431: "The request line and headers are over api.max_header_bytes (the connection is closed).",
    429: "Over the key's request rate or its answers in flight (`Retry-After` says when to retry).",
    503: "The store, the embedder or the chat model is unavailable, or the server is overloaded.",
}
BODY = (408, 413)  # every route that reads a body can answer these


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for the error shape, each with what it means."""
    return {s: {"model": ErrorResponse, "description": _MEANING.get(s, "Error")} for s in statuses}
