"""The feed tests' fixtures: a local site, settings that may fetch from it, and components over real Chroma with
the bag-of-words embedder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rag.components import Components, build_components
from rag.settings import Settings
from tests.fakes import BagOfWordsEmbedder, WordCounter
from tests.feeds.site import Site


@pytest.fixture
def site() -> Iterator[Site]:
    served = Site()
    yield served
    served.close()


@pytest.fixture
def feed_settings(settings: Settings) -> Settings:
    """Fetching 127.0.0.1 allowed (the site), no pause between requests, a short timeout, no back-off."""
    feeds = settings.feeds.model_copy(update={"allow_private": True, "host_delay_s": 0.0, "timeout_s": 2.0, "backoff_s": 0.0})
    return settings.model_copy(update={"feeds": feeds})


@pytest.fixture
def components(feed_settings: Settings) -> Iterator[Components]:
    with build_components(feed_settings, embedder=BagOfWordsEmbedder(), token_counter=WordCounter()) as built:
        yield built
