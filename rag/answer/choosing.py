"""Which candidate sentences are given to the model, by their scores, within the prompt's budget: a count of sentences
(answer.context_sentences), or of characters (answer.context_chars), counted as rag/answer/prompts.py renders them:
each numbered sentence and its article's title line, one a line. Pure: the service and bench/tune/evidence_ranker.py
both choose through it."""

from __future__ import annotations

import math

from rag.answer.candidates import Candidate, Links
from rag.answer.prompts import header_line, source_line
from rag.settings import AnswerSettings

# Under a character budget a ranker's score (log-odds) is lowered by this times log(length): the odds per square root
# of a character, so of two sentences as likely to hold the answer the shorter one is given first. Out of fold
# (docs/benchmarks.md, the evidence ranker), 0.5 kept the answer among the chosen on the 2025 set more often than 0 or
# 1 at 900 and 1000 characters; on 2022 dev, 1 did.
LENGTH_PENALTY = 0.5
_MOST = 30  # sentences under a character budget, at most (the prompt's numbering stays short)


def choose(
    scores: list[float], cands: list[Candidate], links: Links, s: AnswerSettings, length_penalty: float = 0.0
) -> list[int]:
    """Best anchors first; each adds itself and up to answer.window neighbours per side, within the budget: a count of
    sentences, or (answer.context_chars) of characters. Under a character budget an anchor too long for what is left
    is passed over for the next that fits, a side of its window stops at the first neighbour that does not fit (no
    hole in the context), and the best is given even when it alone is over; each score is lowered by
    length_penalty * log(its length): LENGTH_PENALTY for a ranker's log-odds, 0 for the hand-set score."""
    if s.context_chars is not None and length_penalty:
        scores = [v - length_penalty * math.log(max(1, len(c.quote))) for v, c in zip(scores, cands, strict=True)]
    budget = s.context_chars if s.context_chars is not None else s.context_sentences
    chosen, articles, used = list[int](), set[str](), 0
    for anchor in sorted(range(len(scores)), key=lambda i: -scores[i]):
        if used >= budget or len(chosen) >= _MOST:
            break
        stopped: set[int] = set()  # the sides of the window that reached a neighbour too long
        for i, side in _window(anchor, links, s.window):
            if side in stopped or i in chosen:
                continue
            cost = 1 if s.context_chars is None else _chars(cands[i], len(chosen) + 1, articles, s.titles)
            if (used + cost <= budget or not chosen) and len(chosen) < _MOST:
                chosen.append(i)
                articles.add(cands[i].hit.doc_id)
                used += cost
            elif side == 0:
                break  # the anchor does not fit: nor do its neighbours come
            else:
                stopped.add(side)
    return chosen


def source_chars(cands: list[Candidate], chosen: list[int], titles: bool = True) -> int:
    """What the chosen sentences cost of a character budget: their rendered sources and a newline."""
    articles: set[str] = set()
    total = 0
    for n, i in enumerate(chosen, start=1):
        total += _chars(cands[i], n, articles, titles)
        articles.add(cands[i].hit.doc_id)
    return total


def _chars(c: Candidate, n: int, articles: set[str], titles: bool) -> int:
    """What the n-th sentence chosen adds to the prompt's sources: its line (the numbers 1..n are all used, whatever
    order they end up in), and its article's title line when it is the article's first."""
    header = len(header_line(c.hit.title, c.hit.published_at)) + 1 if titles and c.hit.doc_id not in articles else 0
    return len(source_line(n, c.quote)) + 1 + header


def _window(anchor: int, links: Links, width: int) -> list[tuple[int, int]]:
    """The anchor first (side 0), then its neighbours nearest first, alternating before (-1) and after (1)."""
    out = [(anchor, 0)]
    before: int | None = anchor
    after: int | None = anchor
    for _ in range(width):
        before = links[before][0] if before is not None else None
        after = links[after][1] if after is not None else None
        out.extend((i, side) for i, side in ((before, -1), (after, 1)) if i is not None)
    return out
