"""Which candidate sentences are given to the model, by their scores, within the prompt's budget: a count of sentences
(answer.context_sentences), or of characters (answer.context_chars), where what costs the model's time is counted:
each sentence, its number, and its article's title line. Pure: the service and bench/tune/evidence_ranker.py both
choose through it."""

from __future__ import annotations

import math

from rag.answer.candidates import Candidate, Links
from rag.settings import AnswerSettings

# Under a character budget a ranker's score (log-odds) is lowered by this times log(length): the odds per square root
# of a character, so of two sentences as likely to hold the answer the shorter one is given first. Out of fold
# (docs/benchmarks.md, the evidence ranker), 0.5 kept the answer among the chosen on the 2025 set more often than 0 or
# 1 at 900 and 1000 characters; on 2022 dev, 1 did.
LENGTH_PENALTY = 0.5
_HEADER = len("Article:  (YYYY-MM-DD)\n")  # what an article's title line adds to its title (rag/answer/prompts.py)
_NUMBER = len("[n] \n")
_MOST = 30  # sentences under a character budget, at most (the prompt's numbering stays short)


def choose(
    scores: list[float], cands: list[Candidate], links: Links, s: AnswerSettings, length_penalty: float = 0.0
) -> list[int]:
    """Best anchors first; each adds itself and up to answer.window neighbours per side, within the budget: a count of
    sentences, or (answer.context_chars) of characters, where a sentence too long for what is left is passed over for
    the next that fits and the best is given even when it alone is over. Under a character budget each score is
    lowered by length_penalty * log(its length): LENGTH_PENALTY for a ranker's log-odds, 0 for the hand-set score."""
    if s.context_chars is not None and length_penalty:
        scores = [v - length_penalty * math.log(max(1, len(c.quote))) for v, c in zip(scores, cands, strict=True)]
    budget = s.context_chars if s.context_chars is not None else s.context_sentences
    chosen, articles, used = list[int](), set[str](), 0
    for anchor in sorted(range(len(scores)), key=lambda i: -scores[i]):
        if used >= budget or len(chosen) >= _MOST:
            break
        for i in _window(anchor, links, s.window):
            cost = 1 if s.context_chars is None else _chars(cands[i], articles, s.titles)
            if i not in chosen and (used + cost <= budget or not chosen) and len(chosen) < _MOST:
                chosen.append(i)
                articles.add(cands[i].hit.doc_id)
                used += cost
    return chosen


def source_chars(cands: list[Candidate], chosen: list[int], titles: bool = True) -> int:
    """What the chosen sentences cost of a character budget."""
    articles: set[str] = set()
    total = 0
    for i in chosen:
        total += _chars(cands[i], articles, titles)
        articles.add(cands[i].hit.doc_id)
    return total


def _chars(c: Candidate, articles: set[str], titles: bool) -> int:
    """What a sentence adds to the prompt's sources: itself and its number, and its article's title line when it is
    the article's first."""
    header = len(c.hit.title) + _HEADER if titles and c.hit.doc_id not in articles else 0
    return len(c.quote) + _NUMBER + header


def _window(anchor: int, links: Links, width: int) -> list[int]:
    """The anchor first, then its neighbours nearest first, alternating before and after."""
    out: list[int] = [anchor]
    before: int | None = anchor
    after: int | None = anchor
    for _ in range(width):
        before = links[before][0] if before is not None else None
        after = links[after][1] if after is not None else None
        out.extend(i for i in (before, after) if i is not None)
    return out
