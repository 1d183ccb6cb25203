"""A feed server that sends its response slowly is given up on at the response's deadline, and stopping the loop
ends a fetch in flight within a second (issue 35: one header line every 5 s held a poll for good, SIGTERM took 221 s,
and `serve` with feeds took 63 s to shut down)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from rag.components import Components
from rag.feeds.fetch import Fetcher, FetchFailed, FetchStopped
from rag.feeds.sources import Source
from rag.settings import Settings
from rag.settings_edge import FeedsSettings
from tests.feeds.site import Route, Site, poll, rss

DATE = "Tue, 03 Jun 2025 08:00:00 GMT"


def test_a_response_head_sent_a_line_at_a_time_is_given_up_at_the_deadline(site: Site) -> None:
    """Each header line within the read timeout, the whole head never: httpx's per-read timeout never fired."""
    site.routes["/slow"] = Route(b"<rss/>", drip_s=0.3)  # 40+ lines 0.3 s apart: 12 s of head
    fetcher = Fetcher(FeedsSettings(allow_private=True, host_delay_s=0, timeout_s=1.0))
    started = time.monotonic()
    try:
        with pytest.raises(FetchFailed, match=r"no complete response within 1 s"):
            fetcher.get(site.base + "/slow")
    finally:
        fetcher.close()
    assert time.monotonic() - started < 2.5


def test_stopping_ends_a_fetch_in_flight_within_a_second(site: Site) -> None:
    site.routes["/slow"] = Route(b"<rss/>", drip_s=0.5)
    stop = threading.Event()
    fetcher = Fetcher(FeedsSettings(allow_private=True, host_delay_s=0, timeout_s=60.0), stop.is_set)
    threading.Timer(0.5, stop.set).start()
    started = time.monotonic()
    try:
        with pytest.raises(FetchStopped):
            fetcher.get(site.base + "/slow")
    finally:
        fetcher.close()
    assert time.monotonic() - started < 1.5


def test_a_good_feed_on_the_same_host_is_fetched_after_a_slow_one_is_given_up(site: Site, components: Components) -> None:
    site.routes["/slow"] = Route(b"<rss/>", drip_s=0.3)
    site.page("/a", "Harbour repairs agreed", "harbour")
    site.routes["/good"] = Route(rss(site.base, [("/a", "Harbour repairs agreed", DATE)]), "application/rss+xml")
    started = time.monotonic()
    slow, good = poll(components, [Source(name="slow", url=site.base + "/slow"), Source(name="good", url=site.base + "/good")])
    assert not slow.ok and "no complete response within 2 s" in slow.reason
    assert good.ok and good.new == 1
    assert time.monotonic() - started < 8


def test_sigterm_ends_watch_within_seconds_while_a_server_drips_its_head(site: Site, settings: Settings, tmp_path: Path) -> None:
    site.routes["/slow"] = Route(b"<rss/>", drip_s=1.0)
    sources = tmp_path / "sources.txt"
    sources.write_text(site.base + "/slow\n", encoding="utf-8")
    env = {**os.environ, "NEWSQA_DATA_DIR": str(settings.data_dir), "NEWSQA_FEEDS__ALLOW_PRIVATE": "true"}
    env |= {"NEWSQA_FEEDS__TIMEOUT_S": "120", "NEWSQA_EMBEDDING__PROVIDER": "local"}
    watch = subprocess.Popen(
        [sys.executable, "-m", "newsqa", "watch", "--sources", str(sources), "--every", "15s"],
        cwd=settings.data_dir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        ends = time.monotonic() + 60
        while site.hits["/slow"] == 0 and time.monotonic() < ends:
            time.sleep(0.1)
        assert site.hits["/slow"] == 1, "the poll never reached the slow feed"
        time.sleep(1.0)  # the head is dripping now
        stopped_at = time.monotonic()
        watch.send_signal(signal.SIGTERM)
        watch.wait(timeout=30)
        assert time.monotonic() - stopped_at < 5, "SIGTERM did not end the poll in flight"
    finally:
        if watch.poll() is None:
            watch.kill()
            watch.wait()
