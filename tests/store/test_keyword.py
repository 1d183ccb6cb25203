"""The BM25 index follows the store through ingest, replace, delete and restarts (real Chroma)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from ingest.job import IngestJob
from rag.components import build_components
from rag.settings import Settings
from rag.store.chroma import ChromaStore
from rag.store.keyword import KeywordIndex
from rag.telemetry import KeywordRefreshed
from rag.types import Filters
from tests.fakes import BagOfWordsEmbedder, WordCounter


def _ingest(settings: Settings, path: Path, articles: list[dict[str, str]]) -> ChromaStore:
    path.write_text("".join(json.dumps(a) + "\n" for a in articles))
    components = build_components(settings, embedder=BagOfWordsEmbedder(), token_counter=WordCounter())
    IngestJob(components.indexer).run([path])
    return components.store


def _ids(index: KeywordIndex, query: str, filters: Filters = Filters()) -> list[str]:
    return [chunk_id.split(":")[0] for chunk_id, _ in index.search(query, 10, filters)]


def test_follows_ingest_replace_delete_and_restart(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    store = _ingest(
        settings,
        path,
        [
            {
                "id": "a",
                "title": "Patriot Front arrests",
                "text": "Police arrested 31 men near a pride event.",
                "published_at": "2022-06-12",
            },
            {
                "id": "b",
                "title": "Weather",
                "text": "Rain is expected on Sunday.",
                "published_at": "2022-07-01",
                "source": "Example",
            },
        ],
    )
    index = KeywordIndex(store, settings.data_dir / "keyword", check_every_s=0)
    assert _ids(index, "Patriot Front") == ["a"]
    built = index.generation

    _ingest(settings, path, [{"id": "a", "title": "Patriot Front arrests", "text": "Charges were later dropped."}])
    index.search("anything", 1)  # notices the new generation and rebuilds in the background
    index.wait()
    assert index.generation != built
    assert _ids(index, "pride event") == [] and _ids(index, "charges dropped") == ["a"]

    store.delete_article("b")
    index.search("anything", 1)
    index.wait()
    assert _ids(index, "rain Sunday") == []

    restarted = KeywordIndex(ChromaStore.open(settings), settings.data_dir / "keyword")
    restarted.refresh()
    assert restarted.generation == store.generation() and _ids(restarted, "charges") == ["a"]
    assert len(list((settings.data_dir / "keyword").iterdir())) == 1  # old generations are removed


def test_filters(settings: Settings, tmp_path: Path) -> None:
    store = _ingest(
        settings,
        tmp_path / "a.jsonl",
        [
            {"id": "old", "title": "Budget", "text": "The budget vote failed.", "published_at": "2022-01-05", "source": "X"},
            {"id": "new", "title": "Budget", "text": "The budget vote passed.", "published_at": "2022-06-16", "source": "Y"},
        ],
    )
    index = KeywordIndex(store, settings.data_dir / "keyword")
    assert sorted(_ids(index, "budget vote")) == ["new", "old"]
    assert _ids(index, "budget vote", Filters(published_after=date(2022, 6, 1))) == ["new"]
    # a date as the upper bound includes its whole day
    assert sorted(_ids(index, "budget vote", Filters(published_before=date(2022, 6, 16)))) == ["new", "old"]
    assert _ids(index, "budget vote", Filters(published_before=date(2022, 6, 15))) == ["old"]
    assert _ids(index, "budget vote", Filters(source="X")) == ["old"]
    assert _ids(index, "budget vote", Filters(doc_ids=("new",))) == ["new"]
    assert _ids(index, "budget vote", Filters(doc_ids=("missing",))) == []


def test_empty_store_and_empty_query(settings: Settings) -> None:
    index = KeywordIndex(ChromaStore.open(settings), settings.data_dir / "keyword")
    assert index.search("anything", 5) == []
    assert index.search("the of and", 5) == []


class _Heard:
    def __init__(self) -> None:
        self.events: list[KeywordRefreshed] = []

    def observe(self, event: object) -> None:
        if isinstance(event, KeywordRefreshed):
            self.events.append(event)


def _article(doc_id: str, text: str) -> dict[str, str]:
    return {"id": doc_id, "title": f"Story {doc_id}", "text": text, "published_at": "2022-06-12"}


def test_writes_are_caught_up_without_a_rebuild(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    store = _ingest(settings, path, [_article("a", "Police arrested 31 men."), _article("b", "Rain is expected on Sunday.")])
    heard = _Heard()
    index = KeywordIndex(store, settings.data_dir / "keyword", check_every_s=0, observer=heard)
    index.refresh()
    assert [e.built for e in heard.events] == [True] and index.delta_size == 0

    _ingest(settings, path, [_article("c", "Kherson counteroffensive begins."), _article("b", "Snow is expected on Monday.")])
    index.refresh()
    assert [e.built for e in heard.events] == [True, False]  # caught up by diff, not rebuilt
    assert index.delta_size == 2 and index.generation == store.generation()
    assert _ids(index, "Kherson counteroffensive") == ["c"]
    assert _ids(index, "snow Monday") == ["b"] and _ids(index, "rain Sunday") == []  # replaced: old chunk masked

    store.delete_article("a")
    index.refresh()
    assert _ids(index, "police arrested") == [] and [e.built for e in heard.events][-1] is False

    restarted = KeywordIndex(ChromaStore.open(settings), settings.data_dir / "keyword", observer=heard)
    restarted.refresh()  # loads the saved main index and catches up with the same diff
    assert heard.events[-1].built is False and restarted.delta_size == 2
    assert _ids(restarted, "Kherson") == ["c"] and _ids(restarted, "police") == []


def test_a_large_delta_is_merged_in_the_background(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    store = _ingest(settings, path, [_article("a", "Police arrested 31 men.")])
    index = KeywordIndex(store, settings.data_dir / "keyword", merge_at=1, merge_share=0.0)
    index.refresh()
    _ingest(settings, path, [_article("b", "Rain is expected on Sunday."), _article("c", "Kherson counteroffensive.")])
    index.refresh()  # two new chunks > merge_at: a merge starts after the diff
    index.wait()
    assert index.delta_size == 0 and index.generation == store.generation()
    assert sorted(_ids(index, "police rain Kherson")) == ["a", "b", "c"]
    assert len(list((settings.data_dir / "keyword").iterdir())) == 1
