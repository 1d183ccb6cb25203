"""What requests carry (the ask, its filters and history) and the rules fields share, with the examples Swagger UI
shows and "Try it out" sends; the error shape every non-2xx answers in. Responses: answer_schemas.py,
article_schemas.py, openai_schemas.py."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StringConstraints
from pydantic_core import PydanticCustomError

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


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "must hold a word, not only spaces")
    return value


# a question or query of spaces alone was searched for nothing and answered off_topic with a 200
Text = Annotated[str, AfterValidator(_not_blank)]
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
                {"question": "What's the latest on the Istanbul talks?", "as_of": "2025-05-18"},  # a briefing
            ]
        },
    )

    question: Text = Field(..., min_length=1, max_length=2000, description="A question about the news corpus.")
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
