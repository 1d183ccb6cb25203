"""What an MCP tool result says in words beside its structured content: the answer with [n] footnotes (each an exact
quote with its article and offsets), passages, an article with its highlighted span, a list of articles."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from api.answer_schemas import AskResponse, SearchResponse
from api.article_schemas import ArticlePage
from api.reasons import plain_reason
from rag.errors import InvalidRequest


class Highlight(BaseModel):
    start: int
    end: int
    quote: str = Field(..., description="The article's text[start:end].")


class ArticleView(BaseModel):
    """An article as get_article returns it: GET /v1/documents/{doc_id}'s JSON, and the span asked to highlight."""

    doc_id: str
    title: str
    url: str | None = None
    published_at: str | None = None
    source: str | None = None
    authors: list[str] = Field(default_factory=list)
    text: str = Field(..., description="The stored text every citation's start/end points into.")
    highlight: Highlight | None = None

    @classmethod
    def of(cls, article: dict[str, Any], start: int | None, end: int | None) -> ArticleView:
        view = cls.model_validate({k: article.get(k) for k in cls.model_fields if k in article})
        if start is None and end is None:
            return view
        if start is None or end is None or not 0 <= start < end <= len(view.text):
            raise InvalidRequest(f"start and end must be offsets into the article: 0 <= start < end <= {len(view.text)}")
        return view.model_copy(update={"highlight": Highlight(start=start, end=end, quote=view.text[start:end])})


def render_answer(answer: AskResponse) -> str:
    """The answer, then one footnote per source: [n] title, date, "quote" (doc_id, characters start-end)."""
    if answer.status == "not_in_corpus":
        why = plain_reason(answer)
        return f"{answer.answer}\n\n{why}" if why else answer.answer
    once = {c.n: c for c in answer.citations}
    notes = [
        f'[{c.n}] {c.title}{_day(c.published_at)} — "{c.quote}" ({c.doc_id}, characters {c.start}-{c.end})'
        for c in sorted(once.values(), key=lambda c: c.n)
    ]
    lines = [answer.answer, "", "Sources:", *notes]
    if answer.confidence is not None:
        lines.append(f"Confidence: {answer.confidence:.0%} that this answer is right.")
    if answer.corroboration:
        lines.append("Also reported by: " + ", ".join(c.outlet or c.doc_id for c in answer.corroboration))
    return "\n".join(lines)


def render_hits(found: SearchResponse) -> str:
    if not found.hits:
        return "No passages found."
    return "\n".join(
        f"{rank}. {h.title}{_day(h.published_at)} ({h.doc_id}, characters {h.start}-{h.end}): {' '.join(h.text.split())}"
        for rank, h in enumerate(found.hits, start=1)
    )


def render_article(view: ArticleView) -> str:
    head = f"{view.title}{_day(view.published_at)} ({view.doc_id})"
    if view.highlight is None:
        return f"{head}\n\n{view.text}"
    return f'{head}\nHighlighted, characters {view.highlight.start}-{view.highlight.end}: "{view.highlight.quote}"\n\n{view.text}'


def render_page(page: ArticlePage) -> str:
    if not page.items:
        return "No articles."
    return "\n".join(f"{a.doc_id}: {a.title}{_day(a.published_at)}" for a in page.items)


def _day(published_at: str | None) -> str:
    return f" ({published_at[:10]})" if published_at else ""
