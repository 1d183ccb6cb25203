"""A briefing's lines on hand-made picks: exact spans, the model's lines read by their [n], and the claim check that
keeps a shortened line only where its quote states it."""

from __future__ import annotations

import numpy as np

from rag.answer.briefing_lines import numbered_lines, render, states_quote
from rag.answer.candidates import Candidate
from rag.answer.stories import Pick
from rag.types import Hit

TEXT = "Headline. Dock workers at the port of Rotterdam walked out on Friday in a strike over automation plans. More."
QUOTE = "Dock workers at the port of Rotterdam walked out on Friday in a strike over automation plans."


def _pick() -> Pick:
    start = TEXT.index(QUOTE)
    hit = Hit("a:0", "a", 0, len(TEXT), TEXT, "Strike", "https://www.reuters.com/x", "2025-11-08", 1.0)
    return Pick(Candidate(hit, 0, start, start + len(QUOTE), QUOTE, np.ones(3, dtype=np.float32)), 0.8)


def test_quote_lines_are_exact_and_stated_by_the_whole_quote() -> None:
    text, (c,) = render([_pick()])
    assert text == f"- {QUOTE} [1]" and TEXT[c.start : c.end] == c.quote and text[c.answer_start : c.answer_end] == QUOTE
    assert (c.stated_start, c.stated_end) == (c.start, c.end)


def test_a_shortened_line_is_stated_by_the_stretch_holding_its_words() -> None:
    text, (c,) = render([_pick()], ["Rotterdam dock workers went on strike on Friday."])
    assert text == "- Rotterdam dock workers went on strike on Friday. [1]"
    assert c.stated_start is not None and c.stated_end is not None and c.start <= c.stated_start < c.stated_end <= c.end


def test_the_models_lines_are_read_by_their_markers() -> None:
    reply = "Talks were held on April 16 [1]. They lasted two hours. Lavrov called Rubio [3]."
    assert numbered_lines(reply, 3) == ["Talks were held on April 16.", None, "They lasted two hours. Lavrov called Rubio."]


def test_the_claim_check_on_shortened_lines() -> None:
    assert states_quote("Rotterdam dock workers walked out on Friday over automation.", QUOTE)
    assert not states_quote("Rotterdam dock workers walked out on Monday over automation.", QUOTE)  # another day
    assert not states_quote("500 dock workers walked out in Rotterdam.", QUOTE)  # a number the quote lacks
    assert not states_quote("Dock workers in Rotterdam did not walk out over automation.", QUOTE)  # denies it
    assert not states_quote("Shipping lines diverted vessels to Antwerp and Hamburg.", QUOTE)
