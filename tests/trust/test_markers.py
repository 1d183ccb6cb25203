"""The [n] markers an answer cites with: every shape parsed to its numbers, and stripped from answer text."""

from __future__ import annotations

import pytest

from rag.trust.markers import leading_markers, markers_in, markers_inside, strip_markers


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("a [1] b [2]", [1, 2]),
        ("[2][2]", [2]),
        ("[1, 3; 2]", [1, 3, 2]),
        ("【4】", [4]),
        ("[source 5]", [5]),
        ("no marks", []),
        ("[x]", []),
        ("[2022] and [sic]", []),
        ("[Source: 9]", [9]),
        ("【3†source】", [3]),
        ("［2］ 〔4〕 ⟦5⟧", [2, 4, 5]),
        ("[^7] [#8] [9a]", [7, 8, 9]),
        ("[2-4] [6–7]", [2, 3, 4, 6, 7]),
        ("[1-400]", [1, 400]),
        ("[¹] [\u200b3] [[5]]", [1, 3, 5]),
        ("[Sources: 1 and 2]", [1, 2]),
    ],
)
def test_markers(text: str, numbers: list[int]) -> None:
    assert markers_in(text) == numbers


def test_markers_are_stripped_moved_to_the_end_and_read_off_a_sentences_start() -> None:
    assert strip_markers("Medinsky led it 【1†source】, and [2-3] more.") == "Medinsky led it, and more."
    assert leading_markers(" [1][3] Medinsky led it.") == ("[1][3]", " Medinsky led it.")
    assert markers_inside("Medinsky led it.", "[1]") == "Medinsky led it [1]."
