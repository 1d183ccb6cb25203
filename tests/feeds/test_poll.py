"""One poll against a local site: feeds of each format, a feed that grows, 304s, failing pages, a correction."""

from __future__ import annotations

import json

from rag.components import Components
from rag.feeds.sources import Source
from tests.feeds.site import Route, Site, poll, rss

DATE = "Tue, 03 Jun 2025 08:00:00 GMT"


def _src(site: Site, path: str, name: str = "gazette") -> Source:
    return Source(name=name, url=site.base + path)


def test_rss_atom_json_feed_and_sitemap_entries_become_articles(site: Site, components: Components) -> None:
    for n in range(1, 5):
        site.page(f"/a{n}", f"Story {n}", f"topic{n}")
    site.routes["/rss"] = Route(rss(site.base, [("/a1", "Story 1", DATE)]), "application/rss+xml")
    site.routes["/atom"] = Route(
        (
            '<feed xmlns="http://www.w3.org/2005/Atom"><title>G</title><entry><title>Story 2</title><id>urn:a2</id>'
            f'<link href="{site.base}/a2"/><updated>2025-06-03T08:00:00Z</updated></entry></feed>'
        ).encode(),
        "application/atom+xml",
    )
    jsonfeed = {"version": "https://jsonfeed.org/version/1.1", "title": "G", "items": [{"id": "3", "url": "/a3"}]}
    site.routes["/feed.json"] = Route(json.dumps(jsonfeed).encode(), "application/feed+json")
    site.routes["/sitemap.xml"] = Route(
        (
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
            f"<loc>{site.base}/a4</loc><lastmod>2025-06-03</lastmod></url></urlset>"
        ).encode(),
        "application/xml",
    )
    paths = ["/rss", "/atom", "/feed.json", "/sitemap.xml"]
    reports = poll(components, [_src(site, p, f"s{i}") for i, p in enumerate(paths)])
    assert [(r.ok, r.new) for r in reports] == [(True, 1)] * 4
    total, infos = components.articles.page(0, 10)
    assert total == 4 and sorted(i.title for i in infos) == ["Story 1", "Story 2", "Story 3", "Story 4"]


def test_a_new_entry_is_found_once_and_known_pages_are_not_fetched_again(site: Site, components: Components) -> None:
    site.page("/a1", "First", "harbour")
    site.routes["/rss"] = Route(rss(site.base, [("/a1", "First", DATE)]), "application/rss+xml")
    assert poll(components, [_src(site, "/rss")])[0].new == 1
    site.page("/a2", "Second", "orchard")
    site.routes["/rss"] = Route(rss(site.base, [("/a2", "Second", DATE), ("/a1", "First", DATE)]), "application/rss+xml")
    second = poll(components, [_src(site, "/rss")])[0]
    assert (second.new, second.unchanged, second.failed) == (1, 1, 0)
    assert (site.hits["/a1"], site.hits["/a2"]) == (1, 1)
    assert components.articles.count() == 2


def test_a_304_feed_costs_no_page_fetch(site: Site, components: Components) -> None:
    site.page("/a1", "First", "harbour")
    site.routes["/rss"] = Route(rss(site.base, [("/a1", "First", DATE)]), "application/rss+xml", etag='"v1"')
    poll(components, [_src(site, "/rss")])
    report = poll(components, [_src(site, "/rss")])[0]
    assert (report.ok, report.new, report.unchanged) == (True, 0, 0)
    assert (site.hits["/rss"], site.hits["/a1"]) == (2, 1)


def test_failing_pages_are_counted_and_the_others_ingested(site: Site, components: Components) -> None:
    site.page("/ok", "Fine", "harbour")
    site.page("/slow", "Slow", "meadow", delay_s=1.0)
    site.routes["/pdf"] = Route(b"%PDF-1.4", "application/pdf")
    items = [(p, p, DATE) for p in ("/missing", "/ok", "/slow", "/pdf")]
    site.routes["/rss"] = Route(rss(site.base, items), "application/rss+xml")
    components.settings.feeds.timeout_s = 0.3
    report = poll(components, [_src(site, "/rss")])[0]
    assert (report.ok, report.new, report.failed) == (True, 1, 3)
    state = json.loads((components.settings.data_dir / "feeds" / "state.json").read_text())
    reasons = sorted(e["reason"] for e in state["sources"]["gazette"]["entries"].values() if e["reason"])
    assert reasons == ["HTTP 404", "no complete response within 0.3 s", "not an HTML page (application/pdf): skipped"]


def test_a_malformed_feed_fails_alone_with_one_line(site: Site, components: Components) -> None:
    site.page("/a1", "First", "harbour")
    site.routes["/good"] = Route(rss(site.base, [("/a1", "First", DATE)]), "application/rss+xml")
    site.routes["/bad"] = Route(b"<rss><channel><item><title>unclosed", "application/rss+xml")
    bad, good = poll(components, [_src(site, "/bad", "bad"), _src(site, "/good", "good")])
    assert not bad.ok and bad.reason.startswith("malformed feed") and "\n" not in bad.reason
    assert (good.ok, good.new) == (True, 1)


def test_a_failing_source_backs_off(site: Site, components: Components) -> None:
    components.settings.feeds.backoff_s = 600.0
    assert not poll(components, [_src(site, "/gone")])[0].ok
    again = poll(components, [_src(site, "/gone")])[0]
    assert again.skipped and site.hits["/gone"] == 1


def test_a_corrected_article_replaces_the_old_version_whole(site: Site, components: Components) -> None:
    site.page("/a1", "Ferry", "ferry", version=1)
    site.routes["/rss"] = Route(rss(site.base, [("/a1", "Ferry", DATE)]), "application/rss+xml")
    poll(components, [_src(site, "/rss")])
    (doc_id,) = [i.doc_id for i in components.articles.page(0, 5)[1]]
    site.routes["/a1"] = Route(article_body := site.routes["/a1"].body.replace(b"version 1", b"version 2"))
    assert b"version 2" in article_body
    site.routes["/rss"] = Route(rss(site.base, [("/a1", "Ferry (corrected)", DATE)]), "application/rss+xml")
    report = poll(components, [_src(site, "/rss")])[0]
    assert (report.changed, report.new) == (1, 0)
    chunks = [c[3] for c in components.store.chunk_offsets(doc_id)]
    assert chunks and all("version 2" in c for c in chunks if "version" in c)
    assert not any("version 1" in c for c in chunks)


def test_a_source_our_settings_refuse_is_not_backed_off_once_they_allow_it(site: Site, components: Components) -> None:
    site.page("/a1", "First", "harbour")
    site.routes["/feed"] = Route(rss(site.base, [("/a1", "First", DATE)]), "application/rss+xml")
    feeds = components.settings.feeds
    feeds.backoff_s, feeds.allow_private = 600.0, False  # a loopback source, refused: a configuration error
    (refused,) = poll(components, [_src(site, "/feed")])
    assert not refused.ok and "NEWSQA_FEEDS__ALLOW_PRIVATE" in refused.reason and site.hits.get("/feed", 0) == 0
    feeds.allow_private = True  # the setting fixed: the next poll fetches at once, no back-off waited out
    (fixed,) = poll(components, [_src(site, "/feed")])
    assert fixed.ok and not fixed.skipped and fixed.new == 1


def test_pages_stored_already_are_unchanged_under_another_source_and_replaced_only_when_the_outlet_changes(
    site: Site, components: Components
) -> None:
    site.page("/a1", "First", "harbour")
    site.page("/a2", "Second", "orchard")
    site.routes["/rss"] = Route(rss(site.base, [("/a1", "First", DATE), ("/a2", "Second", DATE)]), "application/rss+xml")
    assert poll(components, [_src(site, "/rss", "by-hand")])[0].new == 2  # as `newsqa ingest URL` stores them
    (watched,) = poll(components, [_src(site, "/rss", "the-feed")])  # the same pages, named anew in a sources file
    assert (watched.new, watched.changed, watched.unchanged) == (0, 0, 2)
    named = Source(name="with-outlet", url=site.base + "/rss", outlet="Harbour Gazette")
    (renamed,) = poll(components, [named])  # the outlet given is part of the article: a real change, said once
    assert (renamed.changed, renamed.unchanged) == (2, 0)
    assert poll(components, [Source(name="again", url=site.base + "/rss", outlet="Harbour Gazette")])[0].unchanged == 2
