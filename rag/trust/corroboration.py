"""Corroboration: other articles with a sentence that states the answer (pure: no store, no model).

An answer "states" a fact through the words it adds to the question: "Who led the Russian delegation?" answered
"Sergey Lavrov led it [1]." adds {sergey, lavrov}. A sentence of another retrieved article that holds those words
corroborates the answer; its span is exact (a chunk's sentence ranges point into its article's text). A news reader
wants to know that several outlets reported it; the confidence counts them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import replace
from urllib.parse import urlsplit

from rag.answers import Citation, Corroboration, Passage
from rag.text.values import claim_values, value_spans
from rag.text.words import content_tokens, word_spans
from rag.trust.markers import strip_markers
from rag.types import Hit
from rag.write.identity import story_key

MAX_SHOWN = 5
# share of the answer's own words a sentence must hold: all of one or two, three of four, ...
_SHARE = 0.75


def answer_terms(answer: str, question: str) -> set[str]:
    """The content words the answer adds to the question (its claim)."""
    return content_tokens(strip_markers(answer)) - content_tokens(question)


def stated(citation: Citation, answer: str, question: str, known: Set[str] = frozenset()) -> Citation:
    """The citation with the stretch of its quote that states its claim (stated_start/stated_end, article offsets):
    from the first to the last quote word or value ("$6.2 million" for "6.2m") that the claim it supports adds to
    the question; as given when the quote holds none of them (the claim is a paraphrase). known: names seen in the
    sources, so a name opening the claim counts."""
    claim = answer[citation.answer_start : citation.answer_end]
    terms = answer_terms(claim, question)
    at = [(start, end) for word, start, end in word_spans(citation.quote) if word in terms]
    at = sorted({*at, *value_spans(claim_values(claim, question, known), citation.quote)})
    if not at:
        return citation
    return replace(citation, stated_start=citation.start + at[0][0], stated_end=citation.start + at[-1][1])


def states(sentence: str, terms: set[str]) -> bool:
    """The sentence holds enough of the answer's own words to state it."""
    if not terms:
        return False
    return len(terms & content_tokens(sentence)) >= math.ceil(_SHARE * len(terms))


def outlet(url: str | None, source: str | None = None) -> str | None:
    """Who published it: the URL's host without www. (else the source given at ingest)."""
    host = urlsplit(url).hostname if url else None
    if host:
        return host.removeprefix("www.")
    return source or None


def corroborate(
    terms: set[str], citations: Sequence[Citation], evidence: Sequence[Passage], hits: Sequence[Hit]
) -> list[Corroboration]:
    """One sentence per other article (not cited) that states the answer: from the evidence given first, then
    from the retrieved chunks' sentences; best-ranked first, one per article."""
    cited = {c.doc_id for c in citations}
    found: dict[str, Corroboration] = {}
    for item in _candidates(evidence, hits):
        if item.doc_id not in cited and item.doc_id not in found and states(item.quote, terms):
            found[item.doc_id] = item
    return list(found.values())


def same_story(found: Sequence[Corroboration], cited: Sequence[str], texts: Mapping[str, str]) -> list[Corroboration]:
    """Mark the corroborations that republish a cited article's wire story (story_key of the texts), and list the
    independent reports first (they are what a reader wants to see when only MAX_SHOWN are shown)."""
    stories = {story_key(t) for t in cited if t}
    marked = [replace(c, same_story=story_key(texts.get(c.doc_id, "")) in stories) for c in found]
    return sorted(marked, key=lambda c: c.same_story)


def _candidates(evidence: Sequence[Passage], hits: Sequence[Hit]) -> Iterable[Corroboration]:
    for p in evidence:
        yield Corroboration(
            doc_id=p.doc_id,
            title=p.title,
            url=p.url,
            outlet=outlet(p.url),
            published_at=p.published_at,
            start=p.start,
            end=p.end,
            quote=p.quote,
        )
    for h in hits:
        for start, end in h.sentences:
            quote = h.text[start:end]
            yield Corroboration(
                doc_id=h.doc_id,
                title=h.title,
                url=h.url,
                outlet=outlet(h.url),
                published_at=h.published_at,
                start=h.start + start,
                end=h.start + end,
                quote=quote,
            )


def outlets(citations: Sequence[Citation], corroboration: Sequence[Corroboration]) -> int:
    """Distinct outlets (or articles, where no URL names one) that state the answer, the cited ones included."""
    names = {outlet(c.url) or c.doc_id for c in citations}
    return len(names | {c.outlet or c.doc_id for c in corroboration})
