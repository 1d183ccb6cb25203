"""Choosing a briefing's sentences (pure: no store, no model): the candidate sentences of the articles read are
grouped into stories (articles whose best sentences say much the same thing, or whose titles share most words),
the stories several outlets reported come first, one sentence per story, and the briefing lists them newest first.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence, Set
from dataclasses import dataclass

import numpy as np

from rag.answer.candidates import Candidate
from rag.store.filters import published_ts
from rag.text.values import calendar_words
from rag.text.words import content_tokens
from rag.trust.corroboration import outlet

_TITLE_SHARE = 0.5  # titles sharing this share of their words (Jaccard) name the same story
_MIN_WORDS, _MAX_WORDS = 10, 70  # shorter is a caption, a byline or too vague to brief; longer, a run-on
_MIN_CONTENT = 5  # content words that are not numbers or calendar words ("Aug. 7, 2025 Updated Aug. 9" has none)
# page furniture, not news: an editor's note, a newsletter pitch, a link to follow
_FURNITURE = re.compile(
    r"\b(?:click here|check out|follow along|live updates|editor['’]?s note|sign up|subscribe|newsletter|read more|"
    r"follow us|contributing(?=:)|is an? (?:\w+ ){0,3}(?:reporter|correspondent|writer|editor|columnist)\b|"
    r"this (?:story|article) (?:was|has been) updated|(?:updated|published) [a-z]{3,9}\.? \d{1,2})\b",
    re.IGNORECASE,
)
_ENDS = (".", "!", "?", '"', "”", "’", "'", ")")
STEM = 5  # words match by their first letters: "tariffs" and "tariff", "robbery" and "robbers"


@dataclass(frozen=True)
class Pick:
    """One candidate sentence with how relevant it is (cosine with the question; 1.0 when no topic was asked)."""

    candidate: Candidate
    relevance: float

    @property
    def doc_id(self) -> str:
        return self.candidate.hit.doc_id

    @property
    def published_at(self) -> str:
        return self.candidate.hit.published_at or ""

    @property
    def moment(self) -> float:
        """When its article was published (a POSIX time; undated: -inf, so newest-first puts it last). ISO strings
        with different offsets ("-04:00", "Z") do not sort as times."""
        return published_moment(self.published_at)


@dataclass(frozen=True)
class Story:
    """Articles reporting one story: the sentence chosen for it, the outlets that reported it, and every article's
    best sentence (the chosen one first)."""

    pick: Pick
    outlets: tuple[str, ...]
    members: tuple[Pick, ...]


def published_moment(published: str) -> float:
    """An ISO date or datetime as seconds since the epoch (the store's own reading, safe at the calendar's ends);
    -inf when absent or unreadable."""
    try:
        seconds = published_ts(published)
    except ValueError:
        return -math.inf
    return -math.inf if seconds is None else float(seconds)


def readable(candidate: Candidate) -> bool:
    """A sentence a briefing can stand on: a claim of a readable length, not the article's title repeated."""
    words = len(candidate.quote.split())
    title = candidate.hit.title.strip().lower()
    if not _MIN_WORDS <= words <= _MAX_WORDS or candidate.quote.strip().lower() == title:
        return False
    if _FURNITURE.search(candidate.quote) or not candidate.quote.rstrip().endswith(_ENDS):
        return False  # page furniture, or a headline or subheading (no closing stop)
    return len({w for w in content_tokens(candidate.quote) if w.isalpha()} - calendar_words(candidate.quote)) >= _MIN_CONTENT


def on_topic(candidate: Candidate, topic: Set[str]) -> bool:
    """The sentence, or its article's title, names the topic: each of its words when it has one or two ("the
    government shutdown" is not any sentence on the government), half of a longer one and at least two. A briefing
    on the Mars sample return never quotes a song list because its vector sits near the question's, or because its
    article is about Bruno Mars."""
    said = {w[:STEM] for w in content_tokens(f"{candidate.quote} {candidate.hit.title}")}
    needed = len(topic) if len(topic) <= 2 else max(2, math.ceil(len(topic) / 2))
    return sum(w[:STEM] in said for w in topic) >= needed


def best_per_article(picks: Sequence[Pick]) -> list[Pick]:
    """Each article's most relevant sentence (the earliest of equals: a lead states the news), best first."""
    best: dict[str, Pick] = {}
    for pick in picks:
        kept = best.get(pick.doc_id)
        if kept is None or (pick.relevance, -pick.candidate.start) > (kept.relevance, -kept.candidate.start):
            best[pick.doc_id] = pick
    return sorted(best.values(), key=lambda p: (-p.relevance, p.doc_id))


def _similar(a: Pick, b: Pick, threshold: float, by_title: bool) -> bool:
    va, vb = a.candidate.vector, b.candidate.vector
    if va is not None and vb is not None and va.shape == vb.shape and float(np.dot(va, vb)) >= threshold:
        return True
    if not by_title:
        return False
    ta, tb = content_tokens(a.candidate.hit.title), content_tokens(b.candidate.hit.title)
    return bool(ta and tb) and len(ta & tb) / len(ta | tb) >= _TITLE_SHARE


def stories(picks: Sequence[Pick], threshold: float, by_title: bool) -> list[Story]:
    """The articles' best sentences grouped into stories (each joins the first story whose chosen sentence it is
    like, or with by_title whose lead article's title shares most of its words), each story led by its most
    relevant sentence, in the order of their leads. A bare time question groups by title (the week's stories); a
    topic's briefing only by sentence (on one topic every title is alike, and each development is worth a line)."""
    groups: list[list[Pick]] = []
    for pick in best_per_article(picks):
        home = next((g for g in groups if _similar(g[0], pick, threshold, by_title)), None)
        if home is None:
            groups.append([pick])
        else:
            home.append(pick)
    out = []
    for group in groups:
        outlets = {o for p in group if (o := outlet(p.candidate.hit.url)) is not None}
        out.append(Story(group[0], tuple(sorted(outlets)), tuple(group)))
    return out


def choose(found: Sequence[Story], items: int, by_outlets: bool) -> list[Story]:
    """The stories a briefing gives, newest first (undated last): the most relevant (a topic was asked) or the most
    widely reported (the window's top stories); among near-equals a story several outlets reported goes first."""
    if by_outlets:
        ranked = sorted(found, key=lambda s: s.pick.moment, reverse=True)  # the newer of equals
        ranked = sorted(ranked, key=lambda s: (-min(len(s.outlets), 4), -len(s.members)))
    else:
        # relevance dominates; each outlet more is worth 0.02 of cosine, up to three more
        ranked = sorted(found, key=lambda s: -(s.pick.relevance + 0.02 * max(min(len(s.outlets), 4) - 1, 0)))
    return sorted(ranked[:items], key=lambda s: s.pick.moment, reverse=True)


def fill(chosen: Sequence[Story], picks: Sequence[Pick], wanted: int, threshold: float) -> list[Story]:
    """A topic's briefing with fewer stories than wanted (one article on it in the window) gets more of their
    sentences, the most relevant first, each unlike every line already given; then newest first and, within an
    article, in text order."""
    lines = list(chosen)
    taken = {(s.pick.doc_id, s.pick.candidate.start) for s in lines}
    for pick in sorted(picks, key=lambda p: -p.relevance):
        if len(lines) >= wanted:
            break
        if (pick.doc_id, pick.candidate.start) in taken or any(_similar(s.pick, pick, threshold, False) for s in lines):
            continue
        home = next((s for s in lines if s.pick.doc_id == pick.doc_id), None)
        if home is None:
            continue  # only more of the stories chosen: another article here was not chosen for a reason
        lines.append(Story(pick, home.outlets, (pick,)))
        taken.add((pick.doc_id, pick.candidate.start))
    ordered = sorted(lines, key=lambda s: s.pick.candidate.start)
    return sorted(ordered, key=lambda s: s.pick.moment, reverse=True)
