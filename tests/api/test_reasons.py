"""One table words every abstention reason, for chat, the CLI and the reader page alike."""

from __future__ import annotations

import json
import typing

from api.answer_schemas import AskResponse, TimeWindowOut
from api.reasons import plain_reason, reasons
from api.routes.reader import STATIC
from rag.answers import AbstainReason


def test_the_table_words_every_reason_and_nothing_else() -> None:
    assert set(reasons()) == set(typing.get_args(AbstainReason))
    assert json.loads((STATIC / "reasons.json").read_text(encoding="utf-8")) == reasons()  # the file the page fetches


def _abstention(reason: AbstainReason, **fields: object) -> AskResponse:
    base: dict[str, object] = {"answer": "x", "status": "not_in_corpus", "citations": [], "unsupported": [], "timings": {}}
    return AskResponse.model_validate({**base, "question": "Who led it?", "reason": reason, **fields})


def test_each_reason_is_filled_in() -> None:
    window = TimeWindowOut(start="2026-05-12T00:00:00+00:00", end="2026-05-19T23:59:59+00:00", phrase="this week")
    worded = plain_reason(_abstention("no_articles", time_window=window, nearest_published_at="2025-05-17"))
    assert worded == (
        "No articles from this week (2026-05-12 to 2026-05-19) match “Who led it?”. "
        "The latest related article before that is from 2025-05-17."
    )
    assert plain_reason(_abstention("no_articles")) == "No articles in the store (within the filters) match “Who led it?”."
    assert (
        plain_reason(_abstention("low_confidence", confidence=0.234))
        == "The answer found has confidence 23%: too likely to be wrong to give."
    )
    assert all("{" not in plain_reason(_abstention(r)) for r in typing.get_args(AbstainReason))
