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
