"""Helpers shared by test folders: the `newsqa` command as a subprocess, the seed, components over fakes."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn
from fastapi.testclient import TestClient

from api.app import create_app
from api.server import uvicorn_options
from ingest.job import IngestJob
from ingest.plaintext import parse_news_text
from rag.answer.evidence import EvidenceSelector
from rag.answer.prompts import Prompts
from rag.answer.recent import RecentAnswers
from rag.answer.service import QAService, Sources
from rag.answer.writing import Writer
from rag.components import Components, build_components
from rag.providers.chat import ChatModel
from rag.providers.embedder import TokenCounter
from rag.settings import AnswerSettings, Settings
from rag.trust.checks import Checks
from rag.trust.confidence import Estimator
from rag.write.identity import make_article
from tests.fakes import BagOfWordsEmbedder, WordCounter

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_ID = "russia-ukraine-talks-2025-05-17"


def newsqa(
    settings: Settings, *args: str, timeout: float = 600, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the `newsqa` command as a user would, on the settings' data dir (and extra NEWSQA_* variables)."""
    environ = {**os.environ, "NEWSQA_DATA_DIR": str(settings.data_dir), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "newsqa", *args],
        check=False,
        capture_output=True,
        text=True,
        env=environ,
        cwd=settings.data_dir,  # no stray .env from the repo
        timeout=timeout,
    )


def sse_events(text: str) -> list[tuple[str, dict[str, Any]]]:
    """A Server-Sent Events body as (event name, decoded data) pairs, in order."""
    blocks = [dict(line.split(": ", 1) for line in block.splitlines()) for block in text.strip().split("\n\n")]
    return [(b["event"], json.loads(b["data"])) for b in blocks]


def seed_text() -> str:
    """The seed article's stored text (what every offset points into)."""
    return make_article(parse_news_text(next(SEEDS.glob("*.txt")).read_text())).text


def qa_service(
    sources: Sources,
    selector: EvidenceSelector,
    chat: ChatModel | None,
    settings: AnswerSettings,
    calibrator: Estimator | None = None,
    counter: TokenCounter | None = None,
    fallback: Estimator | None = None,
    recent: RecentAnswers | None = None,
) -> QAService:
    """A QAService assembled from parts, as rag/components.py does (for tests over in-memory sources); answers are
    kept only when recent is given."""
    prompts = Prompts.load()
    writer = Writer(chat, prompts, selector, settings, counter)
    checks = Checks(sources, calibrator, settings.min_confidence, prompts.refusal, fallback)
    return QAService(sources, selector, writer, checks, settings, recent=recent)


def fake_components(
    settings: Settings,
    llm: ChatModel | None = None,
    embedder: BagOfWordsEmbedder | None = None,
    calibrator: Estimator | None = None,
) -> Components:
    """Components over real Chroma with the bag-of-words embedder and a word counter, the seed ingested.

    llm=None with the default settings would start the real local model: pass a ScriptedLLM, or set
    settings.llm.provider to "extractive".
    """
    components = build_components(
        settings, embedder=embedder or BagOfWordsEmbedder(), llm=llm, token_counter=WordCounter(), calibrator=calibrator
    )
    IngestJob(components.indexer).run([SEEDS])
    return components


def api_client(components: Components, raise_server_exceptions: bool = True) -> TestClient:
    """A TestClient for the app over these components, addressed as localhost (the default allowed Host)."""
    app = create_app(components=components)
    return TestClient(app, base_url="http://localhost", raise_server_exceptions=raise_server_exceptions)


@contextmanager
def served(components: Components) -> Iterator[int]:
    """The app over these components under a real uvicorn with newsqa's options (components.settings.api), on a
    free loopback port: for defects that live in the HTTP layer, reached over a socket."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    options = {**uvicorn_options(components.settings.api), "log_level": "warning"}
    server = uvicorn.Server(uvicorn.Config(create_app(components=components), host="127.0.0.1", port=port, **options))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def with_api(settings: Settings, **api: object) -> Settings:
    """The settings with these api.* values."""
    return settings.model_copy(update={"api": settings.api.model_copy(update=api)})


BROWSER_DIR = ROOT / "tests" / "browser"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def browser_missing() -> str | None:
    """Why the chromium tests cannot run here (None when they can): Debian's chromium or playwright-core absent."""
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is not installed (make test installs Debian's chromium when it runs as root)"
    if not (BROWSER_DIR / "node_modules" / "playwright-core").is_dir() or shutil.which("node") is None:
        return "node or playwright-core is missing (make test runs npm ci in tests/browser)"
    return None
