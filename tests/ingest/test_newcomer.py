"""Adding your own news as a newcomer does (issue 41), through the real `newsqa` command: an ISO date line is read,
an article without a date and a folder without articles are named, a server that needs a key takes --api-key, and
Ctrl-C stops the server cleanly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from newsqa.launch import free_port, running_server
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


def test_ctrl_c_stops_the_server_cleanly_and_its_log_is_one_format(settings: Settings, tmp_path: Path) -> None:
    environ = {**os.environ, "NEWSQA_DATA_DIR": str(settings.data_dir), "NEWSQA_LLM__PROVIDER": "extractive"}
    command = [sys.executable, "-m", "newsqa", "serve", "--port", str(free_port())]
    server = subprocess.Popen(
        command, cwd=tmp_path, env=environ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{command[-1]}/readyz", timeout=2):
                break
        except OSError:
            time.sleep(0.5)
    os.killpg(server.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends to the foreground group
    said, _ = server.communicate(timeout=60)
    assert server.returncode == 0 and "Traceback" not in said and "Finished server process" in said, said[-2000:]
    lines = [line for line in said.splitlines() if line.startswith("{")]
    others = [line for line in said.splitlines() if not line.startswith("{") and not line.startswith("newsqa: ")]
    assert lines and others == [], others  # JSON lines into a pipe, and nothing else (no rich-formatted notes)
