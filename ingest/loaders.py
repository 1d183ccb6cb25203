"""Files -> article field dicts, one loader per format; .gz is read transparently, folders recursively.

Every problem becomes a Failure (where, why) instead of an exception, so one bad file never stops a run.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.plaintext import parse_news_text
from rag.write.html import html_fields

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES


@dataclass(frozen=True)
class Record:
    """Fields of one article and where they came from (path, or path:line for JSON lines)."""

    where: str
    fields: dict[str, Any]


@dataclass(frozen=True)
class Failure:
    where: str
    reason: str


def _format_of(path: Path) -> str:
    name = path.name.lower()
    return Path(name[:-3]).suffix if name.endswith(".gz") else path.suffix.lower()


def discover(paths: list[Path]) -> Iterator[Path | Failure]:
    """Files to read, in a stable order; a named path that cannot be read is a Failure.

    Inside folders, hidden files and unsupported types are passed over quietly (a README or image
    beside the articles is not an error); a file named on the command line must be readable.
    """
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if not hidden and _format_of(child) in SUPPORTED:
                    yield child
        elif not path.exists():
            yield Failure(str(path), "no such file or directory")
        elif _format_of(path) not in SUPPORTED:
            yield Failure(
                str(path),
                f"unsupported file type {_format_of(path) or '(none)'}; use .txt .md .html .json .jsonl (optionally .gz)",
            )
        else:
            yield path


def _read_text(path: Path) -> str | Failure:
    try:
        raw = gzip.decompress(path.read_bytes()) if path.name.lower().endswith(".gz") else path.read_bytes()
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        return Failure(str(path), f"cannot read: {exc.__class__.__name__}: {exc}")
    if not raw.strip():
        return Failure(str(path), "empty file")
    if b"\x00" in raw[:8192]:
        return Failure(str(path), "binary file (NUL bytes), not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Failure(str(path), f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})")


def _json_records(path: Path, text: str) -> Iterator[Record | Failure]:
    if _format_of(path) == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Failure(str(path), f"malformed JSON: {exc.msg} at line {exc.lineno}")
            return
        items = data if isinstance(data, list) else [data]
        for n, item in enumerate(items):
            where = f"{path}[{n}]" if isinstance(data, list) else str(path)
            yield Record(where, item) if isinstance(item, dict) else Failure(where, "expected a JSON object")
        return
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Failure(f"{path}:{lineno}", f"malformed JSON line: {exc.msg}")
            continue
        yield (
            Record(f"{path}:{lineno}", item) if isinstance(item, dict) else Failure(f"{path}:{lineno}", "expected a JSON object")
        )


def read_file(path: Path) -> Iterator[Record | Failure]:
    """The articles in one file (many for JSON lines, one for the other formats)."""
    text = _read_text(path)
    if isinstance(text, Failure):
        yield text
        return
    fmt = _format_of(path)
    if fmt in JSON_SUFFIXES:
        yield from _json_records(path, text)
        return
    fields = html_fields(text) if fmt in HTML_SUFFIXES else parse_news_text(text)
    # a single-article file is named by its file name, so editing it replaces it instead of adding a copy
    stem = Path(path.name[:-3] if path.name.lower().endswith(".gz") else path.name).stem
    name = re.sub(r"[^A-Za-z0-9_.\-]+", "-", stem).strip("-.")[:128]  # ASCII ids (see rag/write/identity.py)
    yield Record(str(path), {"id": name or None, **fields})


def estimate_count(path: Path) -> int:
    """Roughly how many articles a file holds, for the progress bar's total (no parsing)."""
    if _format_of(path) not in {".jsonl", ".ndjson"}:
        return 1
    try:
        opener = gzip.open if path.name.lower().endswith(".gz") else open
        with opener(path, "rb") as handle:
            return sum(1 for line in handle if line.strip())
    except (OSError, EOFError):
        return 1
