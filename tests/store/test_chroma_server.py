"""NEWSQA_CHROMA__HOST/PORT switch to a real Chroma server, started here by its own CLI and stopped by pid."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.job import IngestJob
from rag.components import build_components
from rag.settings import Settings
from rag.settings_edge import ChromaSettings
from rag.store.chroma import ChromaStore
from tests.fakes import BagOfWordsEmbedder, WordCounter
from tests.helpers import SEEDS, api_client


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(path: Path, port: int) -> subprocess.Popen[bytes]:
    exe = shutil.which("chroma", path=str(Path(sys.executable).parent)) or "chroma"
    proc = subprocess.Popen(
        [exe, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2):
                return proc
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"chroma run did not come up on port {port}")
            time.sleep(0.3)


def _stop(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, sig)
    proc.wait(timeout=30)


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    port = _free_port()
    proc = _start(tmp_path / "server", port)
    try:
        yield port
    finally:
        _stop(proc)


def test_ingest_into_a_chroma_server(settings: Settings, chroma_server: int) -> None:
    remote = settings.model_copy(update={"chroma": ChromaSettings(host="127.0.0.1", port=chroma_server)})
    components = build_components(remote, embedder=BagOfWordsEmbedder(), token_counter=WordCounter())
    report = IngestJob(components.indexer).run([SEEDS])
    assert report.added == 1
    assert not (settings.data_dir / "chroma").exists(), "nothing may be written to the embedded store"
    reopened = ChromaStore.open(remote)  # a second client sees the same data through the server
    (info,) = reopened.list_articles()
    assert info.n_chunks == reopened.count_chunks() == report.chunks_added
    again = IngestJob(build_components(remote, embedder=BagOfWordsEmbedder(), token_counter=WordCounter()).indexer).run([SEEDS])
    assert again.unchanged == 1


def test_a_lost_chroma_server_is_503_store_unavailable_and_the_api_recovers(settings: Settings, tmp_path: Path) -> None:
    port = _free_port()
    proc = _start(tmp_path / "server", port)
    try:
        remote = settings.model_copy(update={"chroma": ChromaSettings(host="127.0.0.1", port=port)})
        components = build_components(remote, embedder=BagOfWordsEmbedder(), token_counter=WordCounter())
        IngestJob(components.indexer).run([SEEDS])
        with api_client(components, raise_server_exceptions=False) as client:
            assert client.get("/v1/search", params={"q": "delegation"}).status_code == 200
            _stop(proc, signal.SIGKILL)
            for response in (
                client.get("/v1/search", params={"q": "delegation"}),
                client.post("/v1/ask", json={"question": "Who led the Russian delegation?"}),
                client.get("/v1/documents"),
                client.post("/v1/documents", json={"id": "x", "title": "T", "text": "A sentence about nothing."}),
            ):
                assert response.status_code == 503 and response.json()["error"]["code"] == "store_unavailable", response.text
            proc = _start(tmp_path / "server", port)  # the same data, back on the same port
            search = client.get("/v1/search", params={"q": "delegation"})
            assert search.status_code == 200 and search.json()["hits"]
    finally:
        _stop(proc)
