"""Swagger UI in a real browser (Debian's chromium, driven by playwright-core): Authorize with an API key, then
Try it out -> Execute on /v1/ask against `newsqa serve` on the embedded defaults (local embedder, local LLM)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from newsqa.launch import running_server
from rag.settings import Settings
from tests.helpers import BROWSER_DIR, SEEDS, browser_missing, newsqa


@pytest.mark.slow
def test_try_it_out_on_ask_shows_a_cited_answer(settings: Settings, tmp_path: Path) -> None:
    reason = browser_missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    assert newsqa(settings, "ingest", str(SEEDS), "--json").returncode == 0
    key = newsqa(settings, "keys", "create", "--name", "swagger-user").stdout.strip()  # /v1/ask now needs a key
    shot = tmp_path / "swagger.png"
    with running_server(settings.data_dir, tmp_path / "server.log") as base:
        result = subprocess.run(
            ["node", "swagger.mjs", base, str(shot), key],
            cwd=BROWSER_DIR,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "swagger ok" in result.stdout and shot.stat().st_size > 10_000
