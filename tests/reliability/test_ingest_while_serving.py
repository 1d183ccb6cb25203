"""`newsqa ingest` while `newsqa serve` runs on the same data dir: the articles go through the server's API and
are searchable within 5 s; a second server on the same embedded dir refuses to start."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx

from newsqa.launch import running_server
from rag.settings import Settings
from tests.helpers import SEEDS, newsqa

ARTICLE = {
    "id": "kessler-bridge",
    "title": "Kessler bridge reopens",
    "text": "The Kessler bridge reopened on Tuesday after two years of repairs. The mayor cut the ribbon at dawn.",
    "url": "https://news.example.com/kessler",
    "published_at": "2024-03-05",
}


def test_ingest_goes_through_the_running_server(settings: Settings, tmp_path: Path) -> None:
    assert newsqa(settings, "ingest", str(SEEDS), "--json").returncode == 0
    source = tmp_path / "new.jsonl"
    source.write_text(json.dumps(ARTICLE) + "\n" + '{"title": "no text"}\n')
    env = {"NEWSQA_LLM__PROVIDER": "extractive"}
    with running_server(settings.data_dir, tmp_path / "server.log", **env) as base, httpx.Client(base_url=base) as client:
        ingest = newsqa(settings, "ingest", str(source), "--json", env=env)
        assert ingest.returncode == 1, ingest.stderr  # one input failed, and says so
        summary = json.loads(ingest.stdout)
        assert (summary["added"], len(summary["failed"])) == (1, 1) and "works through its API" not in ingest.stdout
        assert "working through its API" in ingest.stderr
        deadline = time.monotonic() + 5
        while True:  # dense search sees it at once; keyword search catches up in the background
            hits = client.get("/v1/search", params={"q": "Kessler bridge ribbon", "k": 3}).json()["hits"]
            keyword = [h for h in hits if h["doc_id"] == "kessler-bridge" and h["keyword_score"]]
            if keyword or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert keyword, "not searchable by keyword within 5 s"
        ask = client.post(
            "/v1/ask", json={"question": "When did the Kessler bridge reopen?", "filters": {"doc_ids": ["kessler-bridge"]}}
        )
        assert ask.status_code == 200 and ask.json()["status"] == "answered"
        listed = newsqa(settings, "list", "--json", env=env)
        assert {json.loads(line)["doc_id"] for line in listed.stdout.splitlines()} == {
            "kessler-bridge",
            "russia-ukraine-talks-2025-05-17",
        }
        assert newsqa(settings, "delete", "kessler-bridge", env=env).returncode == 0
        assert client.get("/v1/documents/kessler-bridge").status_code == 404

        second = newsqa(settings, "serve", "--port", "1", timeout=60, env=env)
        assert second.returncode == 2 and "is in use by newsqa serve at http://127.0.0.1:" in second.stderr
        assert "Traceback" not in second.stderr
