"""What the fetcher refuses: private addresses (on any redirect hop), bodies over the cap after decompression,
paths robots.txt disallows."""

from __future__ import annotations

import gzip

import pytest

from rag.components import Components
from rag.feeds.fetch import Fetched, Fetcher, FetchFailed, Refused
from rag.feeds.sources import Source
from rag.settings_edge import FeedsSettings
from tests.feeds.site import Route, Site, poll, rss

DATE = "Tue, 03 Jun 2025 08:00:00 GMT"


def test_a_redirect_to_loopback_is_refused_and_names_the_setting(site: Site) -> None:
    # the first hop is allowed by host name only, so the refusal comes from the redirect's hop
    site.routes["/feed"] = Route(b"", status=302, headers={"location": f"{site.base}/inside"})
    site.routes["/inside"] = Route(b"secret")
    fetcher = Fetcher(FeedsSettings(allow_hosts=["localhost"], host_delay_s=0))
    try:
        with pytest.raises(Refused, match=r"NEWSQA_FEEDS__ALLOW_PRIVATE=true") as refused:
            fetcher.get(f"http://localhost:{site.port}/feed")
    finally:
        fetcher.close()
    assert "127.0.0.1" in str(refused.value) and site.hits["/inside"] == 0 and site.hits["/feed"] == 1


def test_private_addresses_are_refused_by_default(site: Site) -> None:
    fetcher = Fetcher(FeedsSettings(host_delay_s=0))
    with pytest.raises(Refused):
        fetcher.get(site.base + "/feed")
    fetcher.close()
    assert site.hits["/feed"] == 0


def test_a_gzip_bomb_stops_at_the_cap_after_decompression(site: Site) -> None:
    bomb = gzip.compress(b"\0" * 20_000_000, compresslevel=9)
    assert len(bomb) < 100_000
    site.routes["/bomb"] = Route(bomb, headers={"content-encoding": "gzip"})
    fetcher = Fetcher(FeedsSettings(allow_private=True, host_delay_s=0, max_bytes=100_000))
    with pytest.raises(FetchFailed, match=r"larger than 100000 bytes \(after decompression\)"):
        fetcher.get(site.base + "/bomb")
    fetcher.close()


def test_redirects_are_followed_at_most_five_times(site: Site) -> None:
    for n in range(7):
        site.routes[f"/r{n}"] = Route(b"", status=302, headers={"location": f"/r{n + 1}"})
    fetcher = Fetcher(FeedsSettings(allow_private=True, host_delay_s=0))
    with pytest.raises(FetchFailed, match="more than 5 redirects"):
        fetcher.get(site.base + "/r0")
    fetcher.close()


def test_robots_txt_disallowing_a_path_is_honoured(site: Site, components: Components) -> None:
    site.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", "text/plain")
    site.page("/public/a", "Open", "harbour")
    site.page("/private/b", "Closed", "meadow")
    items = [("/public/a", "Open", DATE), ("/private/b", "Closed", DATE)]
    site.routes["/rss"] = Route(rss(site.base, items), "application/rss+xml")
    report = poll(components, [Source(name="g", url=site.base + "/rss")])[0]
    assert (report.new, report.failed) == (1, 1)
    assert site.hits["/private/b"] == 0 and site.hits["/robots.txt"] == 1


def test_a_redirect_into_a_path_robots_txt_disallows_is_not_followed(site: Site) -> None:
    site.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", "text/plain")
    site.routes["/open"] = Route(b"", status=301, headers={"location": "/private/c"})
    site.routes["/private/c"] = Route(b"closed")
    site.routes["/moved"] = Route(b"", status=302, headers={"location": "/public/d"})
    site.routes["/public/d"] = Route(b"fine")
    fetcher = Fetcher(FeedsSettings(allow_private=True, host_delay_s=0))
    try:
        with pytest.raises(FetchFailed, match=r"robots\.txt of \S+ disallows /private/c"):
            fetcher.get(site.base + "/open")
        got = fetcher.get(site.base + "/moved")
    finally:
        fetcher.close()
    assert isinstance(got, Fetched) and got.body == b"fine" and got.url == site.base + "/public/d"
    assert site.hits["/private/c"] == 0 and site.hits["/open"] == 1 and site.hits["/robots.txt"] == 1
