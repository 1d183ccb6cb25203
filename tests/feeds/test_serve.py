"""The loop inside `newsqa serve`: started by the app's lifespan when feeds.sources is set, counted in /metrics."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from rag.components import build_components
from rag.settings import Settings
from tests.fakes import BagOfWordsEmbedder, WordCounter
from tests.feeds.site import Route, Site, rss


def test_serve_polls_in_the_background_and_exports_feed_metrics(site: Site, feed_settings: Settings, tmp_path: Path) -> None:
    site.page("/a1", "Lantern fair", "lantern")
    site.routes["/rss"] = Route(rss(site.base, [("/a1", "Lantern fair", "Tue, 03 Jun 2025 08:00:00 GMT")]), "application/rss+xml")
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[sources]]\nname = "gazette"\nurl = "{site.base}/rss"\noutlet = "Example Gazette"\n')
    feeds = feed_settings.feeds.model_copy(update={"sources": sources})
    llm = feed_settings.llm.model_copy(update={"provider": "extractive"})  # search needs no chat model
    settings = feed_settings.model_copy(update={"feeds": feeds, "llm": llm})
    components = build_components(settings, embedder=BagOfWordsEmbedder(), token_counter=WordCounter())
    with components, TestClient(create_app(components=components), base_url="http://localhost") as client:
        deadline = time.monotonic() + 20
        while components.articles.count() == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        hits = client.get("/v1/search", params={"q": "lantern fair committee"}).json()["hits"]
        metrics = client.get("/metrics").text
    assert components.articles.page(0, 1)[1][0].source == "Example Gazette"
    assert hits and "lantern" in hits[0]["text"]
    assert 'newsqa_feed_polls_total{result="ok",source="gazette"} 1.0' in metrics
    assert 'newsqa_feed_articles_total{result="new",source="gazette"} 1.0' in metrics
    assert "newsqa_feed_freshness_seconds_count 1.0" in metrics
