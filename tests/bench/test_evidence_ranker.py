"""The tuning script's measure of choosing by characters (bench/tune/evidence_ranker.py by_chars), on hand-made
candidates: what five sentences cost, and how often a budget keeps the answer with and without the length penalty."""

from __future__ import annotations

import numpy as np

from bench.tune.evidence_ranker import CHARS, PENALTIES, Candidates, by_chars
from rag.answer.candidates import candidates, neighbours
from rag.types import Hit

# one article: three long sentences (422 characters) the ranker scores a little above the short one that holds
# the answer
LONG = "The council met for a long session to discuss the budget, " * 7
ANSWER = "Ann Lee won the vote."
TEXT = " ".join([f"{LONG}and day {n} ended." for n in (1, 2, 3)] + [ANSWER])
TITLE = "Council"
COST = len("[n] \n")  # each sentence's number and line; an article's title line adds its title and date
HEADER = len(f"Article: {TITLE} (2025-01-01)\n")


def _question(answer_at: int | None) -> Candidates:
    hit = Hit("c1", "a1", 0, len(TEXT), TEXT, TITLE, None, "2025-01-01", 1.0)
    cands = candidates([hit])
    labels = [i == answer_at for i in range(len(cands))]
    return Candidates("set", np.zeros((len(cands), 1)), labels, [0.0] * len(cands), cands, neighbours(cands))


def test_each_budget_and_penalty_is_measured_on_the_questions_whose_candidates_hold_the_answer() -> None:
    q = _question(answer_at=3)
    quotes = [c.quote for c in q.cands]
    assert quotes[-1] == ANSWER and len(quotes) == 4 and all(len(quote) > 400 for quote in quotes[:3])
    scores = [1.0, 0.9, 0.8, 0.7]  # the ranker's log-odds: the long sentences a little above the answer
    result = by_chars([q, _question(None)], [scores, scores])  # the question lacking the answer is left out (below)
    five = sum(len(quote) + COST for quote in quotes) + HEADER
    assert result["chars_of_five_p50"] == five
    assert [(b["chars"], b["penalty"]) for b in result["budgets"]] == [(c, p) for c in CHARS for p in PENALTIES]
    given = {(b["chars"], b["penalty"]): b["given"] for b in result["budgets"]}
    # without the penalty the long sentences fill the budget first and the answer does not fit beside them; with it,
    # the short answer (log-odds 0.7 - 0.5 log 21) comes before them (1.0 - 0.5 log 422); counted, the question
    # lacking the answer would make it 0.5
    assert given[(900, 0.0)] == 0.0 and given[(900, 0.5)] == 1.0
