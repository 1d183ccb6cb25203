"""`newsqa search` and `newsqa ask` as a user runs them (subprocess, real embedder, extractive answers)."""

from __future__ import annotations

import json
import re
import subprocess

from rag.settings import Settings
from tests.helpers import SEED_ID, SEEDS, newsqa, seed_text


def _run(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    return newsqa(settings, *args, timeout=300, env={"NEWSQA_LLM__PROVIDER": "extractive"})


def test_search_and_ask(settings: Settings) -> None:
    assert newsqa(settings, "ingest", str(SEEDS), "--json").returncode == 0
    hits = [json.loads(line) for line in _run(settings, "search", "Medinsky", "--json", "--k", "2").stdout.splitlines()]
    assert len(hits) == 2 and "Medinsky" in hits[0]["text"]

    answer = json.loads(_run(settings, "ask", "Who led the Russian delegation?", "--json").stdout)
    assert answer["status"] == "answered" and "Medinsky" in answer["answer"]
    citations = answer["citations"]  # an extractive answer is the best sentence (and its neighbour), each cited
    assert 1 <= len(citations) <= 2 and any("Medinsky" in c["quote"] for c in citations)
    for c in citations:
        assert c["doc_id"] == SEED_ID and seed_text()[c["start"] : c["end"]] == c["quote"]
    citation = next(c for c in citations if "Medinsky" in c["quote"])

    asked = _run(settings, "ask", "Who led the Russian delegation?")
    text = asked.stdout
    assert "\x1b" not in asked.stderr  # no spinner into a pipe or a log
    on_terminal = newsqa(
        settings, "ask", "Who led the Russian delegation?", env={"NEWSQA_LLM__PROVIDER": "extractive", "FORCE_COLOR": "1"}
    )
    shown = re.findall(
        r"(Searching the articles|Reading \d+ passages? from \d+ articles?|Choosing the sentences to quote|Checking each quote against its article)…",
        on_terminal.stderr,
    )
    assert on_terminal.returncode == 0 and shown, on_terminal.stderr  # where the answer stands, on a terminal
    n = citation["n"]
    assert "Medinsky" in text.splitlines()[0] and f"[{n}] russia-ukraine-talks-2025-05-17" in text

    off_topic = json.loads(_run(settings, "ask", "What is the capital of Australia?", "--json").stdout)
    assert off_topic["status"] == "not_in_corpus" and off_topic["citations"] == []
    said = _run(settings, "ask", "Who led the Russian delegation this week?", "--as-of", "2026-05-19").stdout
    assert "No articles from this week (2026-05-12 to 2026-05-19) match" in said
    assert "The latest related article before that is from 2025-05-17." in said
