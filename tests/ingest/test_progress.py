"""The ingest progress bar counts articles of the estimated total and shows both rates and an ETA."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from rich.console import Console

from ingest.job import Event
from ingest.progress import ingest_progress


def test_bar_shows_articles_rates_and_eta(tmp_path: Path) -> None:
    source = tmp_path / "a.jsonl"
    source.write_text("".join(json.dumps({"id": str(i), "text": "x"}) + "\n" for i in range(4)))
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=160, color_system=None)
    with ingest_progress([source], enabled=True, console=console) as on_event:
        for i in range(4):
            on_event(Event("added", f"a.jsonl:{i + 1}", str(i), chunks=3))
    lines = [line for line in re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "\n", screen.getvalue()).splitlines() if "ingest" in line]
    last = lines[-1]
    assert "4/4 articles" in last and "ETA" in last
    assert re.search(r"[\d.]+ articles/s, \d+ chunks/s", last), last


def test_disabled_bar_prints_nothing(tmp_path: Path) -> None:
    screen = io.StringIO()
    with ingest_progress([tmp_path], enabled=False, console=Console(file=screen)) as on_event:
        on_event(Event("added", "x", "x", chunks=1))
    assert screen.getvalue() == ""
