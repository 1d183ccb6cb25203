"""A poll killed midway and started again: nothing lost, nothing that was stored fetched twice."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from rag.components import Components
from rag.feeds.sources import Source
from rag.types import Article, Indexed
from tests.feeds.site import Route, Site, poll, rss

DATE = "Tue, 03 Jun 2025 08:00:00 GMT"


class Killed(BaseException):
    """Like SIGKILL for the poll: not an error it may catch."""


def test_a_poll_killed_midway_loses_nothing_and_refetches_only_what_was_not_stored(site: Site, components: Components) -> None:
    for n in range(4):
        site.page(f"/a{n}", f"Story {n}", f"topic{n}")
    site.routes["/rss"] = Route(
        rss(site.base, [(f"/a{n}", f"Story {n}", DATE) for n in range(4)]), "application/rss+xml", etag='"v1"'
    )
    writes = 0

    def dies_on_the_third_write(articles: Sequence[Article]) -> list[Indexed]:
        nonlocal writes
        writes += 1
        if writes == 3:
            raise Killed
        return components.articles.put(articles)

    source = Source(name="g", url=site.base + "/rss")
    with pytest.raises(Killed):
        poll(components, [source], write=dies_on_the_third_write, batch=1)
    assert components.articles.count() == 2
    report = poll(components, [source], batch=1)
    assert (report[0].new, report[0].unchanged) == (2, 2)
    assert components.articles.count() == 4
    # the feed's ETag was not kept by the killed poll, so the restart read the feed again (no 304 hiding entries)
    assert site.hits["/rss"] == 2
    assert [site.hits[f"/a{n}"] for n in range(4)] == [1, 1, 2, 1]  # only the page in flight at the kill twice
