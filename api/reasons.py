"""An abstention's reason in plain words, for chat content (a chat UI shows only the text, not the reason code), the
`newsqa ask` command and the reader page, all from one table: static/reader/reasons.json (the page fetches the
same file). Its templates name {span} (the question's window, or nothing), {where} (the window, or "in the store"),
{asked} (the question, quoted), {latest} (the latest related article's date) and {sure} (the confidence)."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

from api.answer_schemas import AskResponse, TimeWindowOut

MAX_QUOTED = 120  # characters of the question repeated back


@cache
def reasons() -> dict[str, str]:
    """The table: one template per abstention reason (tests/api/test_reasons.py checks it names every one)."""
    text = files("api").joinpath("static/reader/reasons.json").read_text(encoding="utf-8")
    table: dict[str, str] = json.loads(text)
    return table


def _span(window: TimeWindowOut | None) -> str:
    if window is None:
        return ""
    start, end = window.start[:10], window.end[:10]
    dates = start if start == end else f"{start} to {end}"
    return f" from {window.phrase} ({dates})" if window.phrase else f" from {dates}"


def _quoted(question: str) -> str:
    short = " ".join(question.split())
    return f"“{short[:MAX_QUOTED]}…”" if len(short) > MAX_QUOTED else f"“{short}”"


def plain_reason(answer: AskResponse) -> str:
    """One or two sentences saying why there is no answer; empty for an answer given."""
    if answer.reason is None:
        return ""
    span = _span(answer.time_window)
    nearest = answer.nearest_published_at
    values = {
        "span": span,
        "where": span or " in the store (within the filters)",
        "asked": _quoted(answer.question),
        "latest": f" The latest related article before that is from {nearest[:10]}." if nearest else "",
        "sure": f"{answer.confidence:.0%}" if answer.confidence is not None else "unknown",
    }
    return reasons()[answer.reason].format(**values)
