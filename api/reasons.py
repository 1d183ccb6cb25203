"""An abstention's reason in plain words, for chat content (a chat UI shows only the text, not the reason code)
and the `newsqa ask` command."""

from __future__ import annotations

from api.schemas import AskResponse, TimeWindowOut

MAX_QUOTED = 120  # characters of the question repeated back


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
    span, asked = _span(answer.time_window), _quoted(answer.question)
    nearest = answer.nearest_published_at
    latest = f" The latest related article before that is from {nearest[:10]}." if nearest else ""
    match answer.reason:
        case "no_articles":
            where = span or " in the store (within the filters)"
            return f"No articles{where} match {asked}.{latest}"
        case "off_topic":
            return f"None of the articles{span} is about {asked}.{latest}"
        case "not_stated":
            return f"The closest articles{span} do not state the answer to {asked}."
        case "low_confidence":
            sure = f" (confidence {answer.confidence:.2f})" if answer.confidence is not None else ""
            return (
                f"An answer was found but withheld: it is too likely to be wrong{sure}. Send min_confidence 0 to see it anyway."
            )
    return ""
