"""Adding your own news as a newcomer does (issue 41), through the real `newsqa` command: an ISO date line is read,
an article without a date and a folder without articles are named, and a server that needs a key takes --api-key."""

from __future__ import annotations

import json
from pathlib import Path

from newsqa.launch import running_server
from rag.settings import Settings
from tests.helpers import newsqa


def test_an_iso_date_line_is_read_and_an_undated_article_is_named(settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "dated.txt").write_text("Bridge reopens\n2026-12-02\n\nThe Kessler bridge reopened on Tuesday.\n")
    (tmp_path / "undated.txt").write_text("Council meets\n\nThe council met on Monday to discuss the budget.\n")
    result = newsqa(settings, "ingest", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "1 article(s) have no publication date (e.g. " in result.stderr and "undated.txt" in result.stderr
    listed = {a["title"]: a for a in map(json.loads, newsqa(settings, "list", "--json").stdout.splitlines())}
    assert listed["Bridge reopens"]["published_at"] == "2026-12-02" and listed["Council meets"]["published_at"] is None


def test_a_folder_without_articles_is_named(settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = newsqa(settings, "ingest", str(tmp_path / "empty"))
    assert result.returncode == 0 and f"no articles found in {tmp_path / 'empty'}" in result.stderr
    assert "0 articles" in result.stdout


def test_a_server_that_needs_a_key_takes_api_key_and_says_how(settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Bridge reopens\n2026-12-02\n\nThe Kessler bridge reopened on Tuesday.\n")
    key = newsqa(settings, "keys", "create", "--name", "me", "--scope", "write").stdout.strip()
    with running_server(settings.data_dir, tmp_path / "server.log", NEWSQA_LLM__PROVIDER="extractive"):
        refused = newsqa(settings, "ingest", str(tmp_path / "a.txt"))
        taken = newsqa(settings, "--api-key", key, "ingest", str(tmp_path / "a.txt"))
        unasked = newsqa(settings, "ask", "When did the Kessler bridge reopen?")
        asked = newsqa(settings, "--api-key", key, "ask", "When did the Kessler bridge reopen?", "--json")
    assert refused.returncode != 0 and "NEWSQA_API__CLIENT_KEY" in refused.stderr and "--api-key" in refused.stderr
    assert taken.returncode == 0 and "1 added" in taken.stdout, taken.stderr
    assert unasked.returncode != 0 and "--api-key" in unasked.stderr  # the streamed ask refused as plainly
    answer = json.loads(asked.stdout)  # streamed from the server (progress, then done), printed whole
    assert asked.returncode == 0 and answer["status"] == "answered" and "Tuesday" in answer["citations"][0]["quote"]
