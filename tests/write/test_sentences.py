"""Sentences as (start, end) pairs into the text: exact offsets, whatever the line ends and abbreviations."""

from __future__ import annotations

import itertools

import pytest

from rag.write.sentences import sentence_spans


@pytest.mark.parametrize(
    "text",
    [
        "Talks were held in Istanbul. Mr. Medinsky led the U.S.-style delegation. It ended.",
        "Line one\r\nLine two. Still two.\n\nA new paragraph!",
        "   Leading spaces. Trailing ones.   ",
        "",
    ],
)
def test_every_span_is_a_piece_of_the_text_and_they_do_not_overlap(text: str) -> None:
    spans = sentence_spans(text)
    assert all(0 <= s < e <= len(text) and text[s:e] == text[s:e].strip() for s, e in spans)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_abbreviations_do_not_end_a_sentence() -> None:
    text = "Mr. Medinsky led the delegation. It met in Istanbul."
    assert [text[s:e] for s, e in sentence_spans(text)] == ["Mr. Medinsky led the delegation.", "It met in Istanbul."]
