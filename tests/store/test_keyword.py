"""Keyword search (tantivy) follows the store: told of this process's writes, caught up by article versions for
anyone else's, across restarts and a process killed between its Chroma write and its commit (real Chroma)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

from ingest.job import IngestJob
from rag.components import build_components
from rag.settings import Settings
from rag.store.chroma import ChromaStore
from rag.store.filters import passes
from rag.store.keyword_sync import KeywordSearch
from rag.telemetry import KeywordRefreshed
from rag.types import Filters
from tests.fakes import BagOfWordsEmbedder, WordCounter


def _ingest(settings: Settings, path: Path, articles: list[dict[str, str]]) -> ChromaStore:
    """Written by an ingest job, which tells no keyword index (as another process's write would not)."""
    path.write_text("".join(json.dumps(a) + "\n" for a in articles))
    components = build_components(settings, embedder=BagOfWordsEmbedder(), token_counter=WordCounter())
    IngestJob(components.indexer).run([path])
    return components.store


def _ids(search: KeywordSearch, query: str, filters: Filters = Filters()) -> list[str]:
    return [chunk_id.split(":")[0] for chunk_id, _ in search.search(query, 10, filters)]


def _article(doc_id: str, text: str, **extra: str) -> dict[str, str]:
    return {"id": doc_id, "title": f"Story {doc_id}", "text": text, "published_at": "2022-06-12", **extra}


class _Heard:
    def __init__(self) -> None:
        self.events: list[KeywordRefreshed] = []

    def observe(self, event: object) -> None:
        if isinstance(event, KeywordRefreshed):
            self.events.append(event)


def test_writes_it_was_not_told_of_are_caught_up_by_article_version(settings: Settings, tmp_path: Path) -> None:
    path, folder, heard = tmp_path / "a.jsonl", settings.data_dir / "kw", _Heard()
    store = _ingest(
        settings, path, [_article("a", "Police arrested 31 men near a pride event."), _article("b", "Rain on Sunday.")]
    )
    search = KeywordSearch(store, folder, check_every_s=0, observer=heard)
    assert _ids(search, "pride event") == ["a"]  # the first search builds it from the store
    assert [(e.built, e.articles) for e in heard.events] == [(True, 2)]

    _ingest(settings, path, [_article("a", "Charges were later dropped."), _article("c", "Kherson counteroffensive begins.")])
    store.delete_article("b")
    search.search("anything", 1)  # notices the new generation: catches up in the background
    search.wait()
    assert _ids(search, "pride event") == [] and _ids(search, "charges dropped") == ["a"] and _ids(search, "rain") == []
    assert _ids(search, "Kherson") == ["c"] and heard.events[-1].articles == 3  # a replaced, b deleted, c added
    assert search.index.held() == store.article_revs()

    search.close()
    restarted = KeywordSearch(ChromaStore.open(settings), folder, observer=heard)
    restarted.catch_up()  # the index on disk is current: nothing to rewrite
    assert heard.events[-1].articles == 3 and _ids(restarted, "Kherson") == ["c"]


def test_a_write_through_articles_is_searchable_when_it_returns(settings: Settings) -> None:
    components = build_components(settings, embedder=BagOfWordsEmbedder(), token_counter=WordCounter())
    keyword = components.keyword
    components.articles.add(_article("x", "The quay crane tender was cancelled."))
    assert _ids(keyword, "quay crane tender") == ["x"]  # no catch-up ran: the write told the index
    components.articles.add(_article("x", "The ferry strike ended."))
    assert _ids(keyword, "quay crane") == [] and _ids(keyword, "ferry strike") == ["x"]
    components.articles.delete("x")
    assert _ids(keyword, "ferry strike") == []
    components.close()


def test_a_write_killed_before_its_keyword_commit_is_repaired_on_restart(settings: Settings, tmp_path: Path) -> None:
    folder = settings.data_dir / "kw"
    store = _ingest(settings, tmp_path / "a.jsonl", [_article("a", "Police arrested 31 men.")])
    search = KeywordSearch(store, folder)
    search.catch_up()
    search.close()
    # Chroma took the write, the keyword index never heard of it (the process died in between)
    store.delete_article("a")
    _ingest(settings, tmp_path / "b.jsonl", [_article("b", "Snow is expected on Monday.")])
    restarted = KeywordSearch(ChromaStore.open(settings), folder)
    assert _ids(restarted, "police arrested") == [] and _ids(restarted, "snow Monday") == ["b"]


def test_filters_run_in_the_index_as_in_chroma(settings: Settings, tmp_path: Path) -> None:
    store = _ingest(
        settings,
        tmp_path / "a.jsonl",
        [
            {"id": "old", "title": "Budget", "text": "The budget vote failed.", "published_at": "2022-01-05", "source": "X"},
            {"id": "new", "title": "Budget", "text": "The budget vote passed.", "published_at": "2022-06-16", "source": "Y"},
            {"id": "undated", "title": "Budget", "text": "A budget vote is due."},
        ],
    )
    search = KeywordSearch(store, settings.data_dir / "kw")
    assert sorted(_ids(search, "budget vote")) == ["new", "old", "undated"]
    assert _ids(search, "budget vote", Filters(published_after=date(2022, 6, 1))) == ["new"]  # undated fail bounds
    # a date as the upper bound includes its whole day
    assert sorted(_ids(search, "budget vote", Filters(published_before=date(2022, 6, 16)))) == ["new", "old"]
    assert _ids(search, "budget vote", Filters(published_before=date(2022, 6, 15))) == ["old"]
    assert _ids(search, "budget vote", Filters(source="X")) == ["old"]
    assert _ids(search, "budget vote", Filters(doc_ids=("new",))) == ["new"]
    assert sorted(_ids(search, "budget vote", Filters(exclude_doc_ids=("new",)))) == ["old", "undated"]
    assert _ids(search, "budget vote", Filters(doc_ids=("missing",))) == []
    frame = Filters(not_before=datetime(2022, 6, 1, tzinfo=UTC))  # the time frame lets undated articles through
    assert sorted(_ids(search, "budget vote", frame)) == ["new", "undated"]
    passing = search.passing(frame)
    assert passing.count == 2 and passing.known == 3 and sorted(c.split(":")[0] for c in passing.ids()) == ["new", "undated"]
    rows = store.live_rows(["old", "new", "undated"])
    ok, held = passing.which([r[0] for r in rows] + ["never:written:0"])
    assert ok == {r[0] for r in rows if passes(r[2], frame)} and len(held) == 3


def test_empty_store_and_empty_query(settings: Settings) -> None:
    search = KeywordSearch(ChromaStore.open(settings), settings.data_dir / "kw")
    assert search.search("anything", 5) == []
    assert search.search("the of and", 5) == []
    assert search.published([]) == [] and search.passing(Filters()).count == 0
