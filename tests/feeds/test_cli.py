"""`newsqa sources --json` and `newsqa ingest URL` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from rag.components import Components
from rag.feeds.sources import Source
from rag.settings import Settings
from tests.feeds.site import Route, Site, poll, rss
from tests.helpers import newsqa


def test_sources_lists_last_poll_status_and_articles(site: Site, components: Components, tmp_path: Path) -> None:
    site.page("/a1", "First", "harbour")
    site.routes["/rss"] = Route(rss(site.base, [("/a1", "First", "Tue, 03 Jun 2025 08:00:00 GMT")]), "application/rss+xml")
    poll(components, [Source(name="gazette", url=site.base + "/rss"), Source(name="gone", url=site.base + "/gone")])
    (tmp_path / "s.toml").write_text(
        f'[[sources]]\nname = "gazette"\nurl = "{site.base}/rss"\n[[sources]]\nname = "gone"\nurl = "{site.base}/gone"\n'
    )
    result = newsqa(components.settings, "sources", "--sources", str(tmp_path / "s.toml"), "--json", timeout=60)
    rows = {r["name"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert result.returncode == 0, result.stderr
    assert rows["gazette"]["status"] == "ok" and rows["gazette"]["articles"] == 1 and rows["gazette"]["last_poll"]
    assert rows["gone"]["status"] == "failed: HTTP 404" and rows["gone"]["articles"] == 0


def test_ingest_of_bad_urls_is_one_line_each(settings: Settings) -> None:
    result = newsqa(settings, "ingest", "ftp://example.org/feed", "http://127.0.0.1:9/feed", timeout=120)
    assert result.returncode == 1
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped")]
    assert skipped == [
        "skipped ftp://example.org/feed: only http and https URLs are fetched, not ftp:",
        "skipped http://127.0.0.1:9/feed: 127.0.0.1 resolves to a private, loopback or link-local address (127.0.0.1): "
        "refused; set NEWSQA_FEEDS__ALLOW_PRIVATE=true (or list the host in NEWSQA_FEEDS__ALLOW_HOSTS) to fetch from it",
    ]
    assert "Traceback" not in result.stderr


def test_watch_once_exits_non_zero_only_when_every_source_failed(site: Site, components: Components, tmp_path: Path) -> None:
    site.page("/a1", "First", "harbour")
    site.routes["/rss"] = Route(rss(site.base, [("/a1", "First", "Tue, 03 Jun 2025 08:00:00 GMT")]), "application/rss+xml")
    failing, mixed = tmp_path / "failing.txt", tmp_path / "mixed.txt"
    failing.write_text(f"{site.base}/gone\n")
    mixed.write_text(f"{site.base}/gone\n{site.base}/rss\n")
    env = {"NEWSQA_FEEDS__ALLOW_PRIVATE": "true", "NEWSQA_FEEDS__HOST_DELAY_S": "0", "NEWSQA_FEEDS__BACKOFF_S": "0"}
    components.close()  # the command takes the data dir
    failed = newsqa(components.settings, "watch", "--sources", str(failing), "--once", timeout=120, env=env)
    assert failed.returncode == 1 and "every source failed (1)" in failed.stderr, failed.stderr
    taken = newsqa(components.settings, "watch", "--sources", str(mixed), "--once", timeout=120, env=env)
    assert taken.returncode == 0, taken.stderr
