"""The keyword delta scores on the main index's scale: BM25 arithmetic checked against bm25s itself."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pytest

from rag.store.keyword_parts import Delta, Main, new_tokenizer, stems
from rag.types import Filters

Row = tuple[str, str, Mapping[str, Any]]


def _row(chunk_id: str, text: str, **meta: Any) -> Row:
    return chunk_id, text, {"doc_id": chunk_id, "title": "", **meta}


# every text has four terms after stop words and stemming, so the average length is the same with or
# without the last row and the delta's score must equal bm25s' score over all rows exactly
ROWS = [
    _row("a", "talks in Istanbul ended early"),
    _row("b", "prisoners released after talks"),
    _row("c", "Medinsky led the Russian delegation"),
    _row("d", "Zelenskyy praised the prisoner exchange"),
]


def test_delta_scores_equal_a_full_bm25s_build() -> None:
    full = Main.build("full", ROWS)
    main = Main.build("main", ROWS[:-1])
    delta = Delta.of(new_tokenizer(), ROWS[-1:])
    assert full.avgdl == main.avgdl == 4.0
    for query in ["prisoner exchange", "Zelenskyy talks", "exchange of prisoners praised"]:
        expected = dict(full.search(query, 4, np.ones(4, dtype=bool)))["d"]
        got = delta.search(stems(main.tokenizer, query), 4, np.ones(1, dtype=bool), main, main_live=3)
        assert [h for h, _ in got] == ["d"] and got[0][1] == pytest.approx(expected, rel=1e-5)


def test_terms_the_main_index_never_saw_are_found() -> None:
    main = Main.build("main", ROWS[:2])
    delta = Delta.of(new_tokenizer(), [_row("x", "Kherson counteroffensive begins")])
    assert main.search("Kherson", 5, np.ones(2, dtype=bool)) == []
    hits = delta.search(stems(main.tokenizer, "Kherson"), 5, np.ones(1, dtype=bool), main, main_live=2)
    assert [h for h, _ in hits] == ["x"]


def test_delta_respects_filters_and_removal() -> None:
    main = Main.build("main", ROWS)
    delta = Delta.of(
        new_tokenizer(),
        [_row("x", "budget vote passed", source="X", published_ts=100.0), _row("y", "budget vote failed", source="Y")],
    )
    query = stems(main.tokenizer, "budget vote")
    assert sorted(h for h, _ in delta.search(query, 5, delta.columns.mask(Filters()), main, 4)) == ["x", "y"]
    assert [h for h, _ in delta.search(query, 5, delta.columns.mask(Filters(source="Y")), main, 4)] == ["y"]
    smaller = delta.without(["x"])
    assert len(smaller) == 1 and [h for h, _ in smaller.search(query, 5, np.ones(1, dtype=bool), main, 4)] == ["y"]


def test_stems_follow_the_bm25s_tokenizer() -> None:
    tokenizer = new_tokenizer()
    text = "The Russian delegation was led by Vladimir Medinsky, talks continued"
    ids = tokenizer.tokenize([text], show_progress=False, return_as="string")[0]
    assert stems(tokenizer, text) == ids
