"""A whole ingest with the real embedder and real Chroma, under a guard against any network use."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from ingest.job import IngestJob
from rag.components import build_components
from rag.settings import Settings
from tests.helpers import SEEDS
from tests.netguard import no_network


def test_the_guard_really_refuses_outside_connections() -> None:
    with no_network() as attempts:
        with pytest.raises(OSError, match="network guard"):
            socket.create_connection(("192.0.2.1", 80), timeout=1)
        with pytest.raises(OSError, match="network guard"):
            socket.getaddrinfo("example.org", 443)
    assert attempts == ["connect ('192.0.2.1', 80)", "getaddrinfo example.org"]


def test_ingest_runs_fully_offline(settings: Settings, corpus_file: Path) -> None:
    started = time.monotonic()
    with no_network() as attempts:
        components = build_components(settings)  # the real embedder and its word-piece counter
        report = IngestJob(components.indexer).run([SEEDS, corpus_file])
        stored = components.articles.count()
    assert attempts == []
    assert report.failed == [] and report.added == 13
    assert stored == 13
    assert time.monotonic() - started < 300  # a hidden network wait would show as a stall, not an error
