"""The second outside probe's smaller feed findings (issue 35): a huge feed fetched again at every poll, two URLs
that differ only in the query, and refusals that blamed robots.txt for something else."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from rag.components import Components, build_components
from rag.feeds.fetch import Fetcher, FetchFailed, Refused
from rag.feeds.sources import Source, read_sources
from rag.settings import Settings
from rag.settings_edge import FeedsSettings
from tests.fakes import BagOfWordsEmbedder, WordCounter
from tests.feeds.site import Route, Site, poll


@pytest.fixture
def small_state(feed_settings: Settings) -> Iterator[Components]:
    """Components whose feed state remembers 12 entries per source."""
    feeds = feed_settings.feeds.model_copy(update={"max_entries": 12})
    settings = feed_settings.model_copy(update={"feeds": feeds})
    with build_components(settings, embedder=BagOfWordsEmbedder(), token_counter=WordCounter()) as built:
        yield built


def test_a_feed_longer_than_the_state_is_not_fetched_again_at_every_poll(site: Site, small_state: Components) -> None:
    """A JSON Feed of 100,000 entries kept 95,000 of them fetched again at every poll (state keeps 5,000)."""
    for n in range(40):
        site.page(f"/a{n}", f"Story {n}", f"topic{n}")
    items = [{"id": str(n), "url": f"/a{n}", "date_published": f"2025-06-{1 + n % 28:02d}T08:00:00Z"} for n in range(40)]
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "G", "items": items}
    site.routes["/feed.json"] = Route(json.dumps(feed).encode(), "application/feed+json")
    source = Source(name="big", url=site.base + "/feed.json")
    (first,) = poll(small_state, [source])
    assert first.new == 12, first
    fetched = sum(site.hits[f"/a{n}"] for n in range(40))
    (second,) = poll(small_state, [source])
    assert second.unchanged == 12 and second.new == 0
    assert sum(site.hits[f"/a{n}"] for n in range(40)) == fetched, "entries beyond the state were fetched again"
    newest = {f"/a{n}" for n in range(40) if 1 + n % 28 >= 17}  # the 12 with the latest dates
    assert {p for p in newest if site.hits[p]} == newest


def test_two_urls_that_differ_only_in_the_query_are_two_sources(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "sources.txt"
    path.write_text("https://news.example/rss?section=world\nhttps://news.example/rss?section=sport\n", encoding="utf-8")
    names = [s.name for s in read_sources(path)]
    assert len(set(names)) == 2 and names[0].endswith("world") and names[1].endswith("sport")


def test_an_ipv4_compatible_loopback_address_is_refused_as_private() -> None:
    fetcher = Fetcher(FeedsSettings(host_delay_s=0, timeout_s=2))
    try:
        with pytest.raises(Refused, match="private, loopback"):
            fetcher.get("http://[::127.0.0.1]/feed")
    finally:
        fetcher.close()


def test_an_unreachable_host_is_named_as_such_not_blamed_on_robots_txt() -> None:
    """`localhost.` was refused with "robots.txt disallows" when its robots.txt could not even be fetched."""
    fetcher = Fetcher(FeedsSettings(host_delay_s=0, timeout_s=2))
    try:
        with pytest.raises(FetchFailed) as failed:
            fetcher.get("http://no-such-host.invalid/feed")
    finally:
        fetcher.close()
    assert "could not be fetched (cannot resolve no-such-host.invalid)" in str(failed.value)
    assert "disallows" not in str(failed.value)
