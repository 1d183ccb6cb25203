"""Articles on the wire: what POST /v1/documents takes, and what the documents routes return (the core ArticleInfo
itself, and a subclass of it with the text)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from pydantic.dataclasses import dataclass

from api.schemas import ID_DESCRIPTION, ID_PATTERN, MAX_ARTICLE_CHARS, URL_PATTERN, Author
from rag.types import ArticleInfo, WriteKind


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


ArticleInfoOut = ArticleInfo  # the core type is the wire format (its authors as a JSON list)


@dataclass(frozen=True, kw_only=True)
class ArticleOut(ArticleInfo):
    """An article as stored: what the store keeps about it, and its text."""

    text: str = Field(..., description="The stored text every start/end offset points into.")


class ArticlePage(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[ArticleInfoOut]


class ArticleWriteResult(BaseModel):
    doc_id: str
    status: WriteKind
    chunks: int


class ArticleBatchIn(BaseModel):
    """Up to 100 articles written together (what `newsqa ingest` sends while a server owns the data dir)."""

    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(..., min_length=1, max_length=100)


class ArticleBatchResult(BaseModel):
    results: list[ArticleWriteResult] = Field(..., description="One result per article, in the order sent.")
