"""News articles saved as .txt/.md: a title line, optional byline and date lines, a body, page furniture."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

_DATE_LINE = re.compile(
    r"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?P<date>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},\s+\d{4})"
    r"(?:\s+(?P<time>\d{1,2}:\d{2}\s*[ap]\.?m\.?))?\s*(?P<tz>ET|EST|EDT|UTC|GMT)?",
    re.IGNORECASE,
)
# "2026-12-02", "2026-12-02T09:30:00-05:00", "Published: 2026-12-02 09:30", "Date: 3 December 2026"
_LABEL = re.compile(r"^(?:published|posted|updated|date)\s*:?\s*", re.IGNORECASE)
_ISO_LINE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")
_DAY_FIRST = re.compile(r"^(?P<day>\d{1,2})\s+(?P<month>[a-z]+)\.?,?\s+(?P<year>\d{4})$", re.IGNORECASE)
_BYLINE = re.compile(r"^(?:by\s+)(?P<who>.{2,80})$", re.IGNORECASE)
_FURNITURE = re.compile(
    r"^(?:comments?|\d+\s+comments?|add a (?:public )?comment\.*(?:…)?|no comments(?: yet)?\.?|share(?: this)?|"
    r"advertisement|read more|sign up.*newsletter.*)$",
    re.IGNORECASE,
)
_HEADER_MAX = 4  # lines after the title that may be byline/date before the body starts


def _date_from(line: str) -> str | None:
    line = _LABEL.sub("", line.strip())
    return _iso_date(line) or _day_first(line) or _month_first(line)


def _iso_date(line: str) -> str | None:
    if not _ISO_LINE.match(line):
        return None
    try:
        return (
            datetime.fromisoformat(line.replace("Z", "+00:00")).isoformat()
            if len(line) > 10
            else date.fromisoformat(line).isoformat()
        )
    except ValueError:
        return None


def _day_first(line: str) -> str | None:
    match = _DAY_FIRST.match(line)
    if not match:
        return None
    for fmt in ("%d %B %Y", "%d %b %Y"):
        try:
            return datetime.strptime(f"{match['day']} {match['month']} {match['year']}", fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _month_first(line: str) -> str | None:
    match = _DATE_LINE.match(line)
    if not match:
        return None
    date_text = match.group("date").replace(".", "")
    time_text = (match.group("time") or "").replace(".", "").upper().replace(" ", "")
    for fmt in ("%B %d, %Y", "%b %d, %Y"):
        try:
            day = datetime.strptime(date_text, fmt)
            break
        except ValueError:
            continue
    else:
        return None
    if not time_text:
        return day.date().isoformat()
    clock = datetime.strptime(time_text, "%I:%M%p")
    stamp = day.replace(hour=clock.hour, minute=clock.minute)
    if (match.group("tz") or "").upper() in {"ET", "EST", "EDT"}:
        stamp = stamp.replace(tzinfo=ZoneInfo("America/New_York"))
    return stamp.isoformat()


def _is_header(line: str) -> bool:
    # a header line is short and does not read like a sentence of the body
    return len(line) <= 100 and not line.rstrip().endswith((".", "!", "?", '"', "”"))


def _read_header(lines: list[str], candidates: list[int]) -> tuple[dict[str, Any], int | None]:
    """Date and byline from the short lines after the title; the index after the header, if there is one."""
    found: dict[str, Any] = {}
    short: list[str] = []
    header_end: int | None = None
    for i in candidates:
        line = lines[i].strip()
        if (date := _date_from(line)) and "published_at" not in found:
            found["published_at"] = date
        elif (byline := _BYLINE.match(line)) and "authors" not in found:
            found["authors"] = [byline.group("who").strip()]
        elif _is_header(line):
            short.append(line)
        else:
            break
        header_end = i + 1
    if not found:
        return {}, None  # short lines with no date or byline near them are body text
    if "authors" not in found and short and "published_at" in found:
        found["authors"] = [short[0]]  # a short line beside the date line is the byline
    return found, header_end


def parse_news_text(raw: str) -> dict[str, Any]:
    """Fields for make_article: title, text (the body only), published_at and authors when found."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    if not nonblank:
        return {"text": ""}
    fields, header_end = _read_header(lines, nonblank[1 : 1 + _HEADER_MAX])
    fields["title"] = lines[nonblank[0]].strip().lstrip("#").strip()
    body_from = header_end if header_end is not None else nonblank[0] + 1
    end = len(lines)
    while end > body_from and (not lines[end - 1].strip() or _FURNITURE.match(lines[end - 1].strip())):
        end -= 1
    fields["text"] = "\n".join(lines[body_from:end])
    return fields
