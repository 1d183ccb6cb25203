"""A briefing's lines (pure): each chosen sentence as a "- line [n]" with its exact citation, the other articles on
its story as corroboration, and, when the model shortened the lines (briefing.compose=model), which of its lines
their quotes state (the claim check: every number, name and date, most words, no negation the quote lacks)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from rag.answer.stories import STEM, Pick, Story
from rag.answers import Citation, Corroboration
from rag.text.values import claim_values, held
from rag.text.words import content_tokens
from rag.trust.corroboration import outlet, stated
from rag.trust.markers import MARKER, markers_in, strip_markers

_SHARE = 0.6  # of a shortened line's words its quote must hold
# a line that denies what its quote says holds the quote's words: "did not hold talks" is not "held talks"
_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|without|n['’]t)\b|n['’]t\b", re.IGNORECASE)


def numbered_lines(reply: str, count: int) -> list[str | None]:
    """The model's line for each of count sentences: the text before each [n] it wrote (one line or several; the
    first text for n counts). A line it numbered wrongly fails the claim check against that quote."""
    found: dict[int, str] = {}
    last = 0
    for match in MARKER.finditer(reply):
        said = " ".join(reply[last : match.start()].strip(" .;,-*•\t\n").split())
        last = match.end()
        cited = markers_in(match.group())
        if cited and 1 <= cited[0] <= count and cited[0] not in found and said:
            found[cited[0]] = said if said.endswith((".", "!", "?")) else f"{said}."
    return [found.get(n) for n in range(1, count + 1)]


def states_quote(line: str, quote: str) -> bool:
    """The claim check for a shortened line: its quote states every number, name and date the line says, and
    holds most of its words (by their first letters: "halted" and "halts"), and denies nothing its quote does not."""
    values = claim_values(line, "")
    if held(values, quote) != values or len(_NEGATION.findall(line)) > len(_NEGATION.findall(quote)):
        return False
    words = {w[:STEM] for w in content_tokens(line)}
    return bool(words) and len(words & {w[:STEM] for w in content_tokens(quote)}) >= _SHARE * len(words)


def render(picks: Sequence[Pick], said: Sequence[str | None] | None = None) -> tuple[str, list[Citation]]:
    """The briefing text, one "- line [n]" per pick, and each line's citation (its exact span). A line is the
    quote itself unless said gives a shortened one; a quote line is stated by the whole quote (stated_start/end are
    the quote's), a shortened one by the stretch holding its values. Markers written in an article are left out of
    the line (every [n] in the answer is a citation); the quote keeps them."""
    lines: list[str] = []
    citations = []
    offset = 0
    for n, (pick, short) in enumerate(zip(picks, said or [None] * len(picks), strict=True), start=1):
        c = pick.candidate
        text = short if short is not None else " ".join(strip_markers(c.quote).split())
        line = f"- {text} [{n}]"
        start = offset + 2
        citation = Citation(
            doc_id=c.hit.doc_id, title=c.hit.title, url=c.hit.url, published_at=c.hit.published_at,
            start=c.start, end=c.end, quote=c.quote, n=n, answer_start=start, answer_end=start + len(text),
            stated_start=c.start, stated_end=c.end,
        )  # fmt: skip
        if short is not None:
            body = f"{text} [{n}]"
            citation = stated(
                replace(citation, stated_start=None, stated_end=None, answer_start=0, answer_end=len(text)), body, ""
            )
            citation = replace(citation, answer_start=start, answer_end=start + len(text))
        citations.append(citation)
        lines.append(line)
        offset += len(line) + 1
    return "\n".join(lines), citations


def others(chosen: Sequence[Story]) -> list[Corroboration]:
    """Each story's other articles, by their own best sentence: who else reported it."""
    out = []
    for story in chosen:
        for pick in story.members[1:]:
            c, hit = pick.candidate, pick.candidate.hit
            out.append(
                Corroboration(
                    doc_id=hit.doc_id, title=hit.title, url=hit.url, published_at=hit.published_at,
                    start=c.start, end=c.end, quote=c.quote, outlet=outlet(hit.url),
                )
            )  # fmt: skip
    return out
