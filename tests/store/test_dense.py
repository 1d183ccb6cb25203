"""Filtered dense search takes its filter from the keyword index's filter fields, not Chroma's where-clause (slow
at scale); it must return what the where-clause returns (real Chroma, bag-of-words vectors: this is about logic)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ingest.job import IngestJob
from rag.answers import Ask
from rag.components import Components, build_components
from rag.search.retrieval import Retriever
from rag.settings import Settings
from rag.store import dense
from rag.store.keyword_sync import KeywordSearch
from rag.types import Filters
from tests.fakes import BagOfWordsEmbedder, WordCounter

TOPICS = ["harbour ferry strike", "election count delayed", "wheat harvest record", "storm closes schools"]
FAR_FUTURE = date(2100, 1, 1)  # as_of past every article: the time frame excludes nothing


def _components(settings: Settings, tmp_path: Path) -> Components:
    articles = [
        {
            "id": f"a{i:02d}",
            "title": f"Report {i}",
            "text": f"The {TOPICS[i % 4]} was reported on day {i}. Officials said more news would follow.",
            "published_at": f"2022-03-{i + 1:02d}",
            "source": "Wire" if i % 3 == 0 else "Daily",
        }
        for i in range(28)
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in articles))
    components = build_components(settings, embedder=BagOfWordsEmbedder(), token_counter=WordCounter())
    IngestJob(components.indexer).run([path])
    return components


def _dense(components: Components, keyword: KeywordSearch) -> Retriever:
    settings = components.settings.retrieval.model_copy(update={"mode": "dense", "recency_weight": 0.0, "candidates": 5})
    return Retriever(components.embedder, components.store, keyword, settings)


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),  # no filter: the plain query
        Filters(published_before=date(2022, 3, 25)),  # most pass: over-fetch and drop
        Filters(published_after=date(2022, 3, 20), published_before=date(2022, 3, 22)),  # few pass: by ids
        Filters(source="Wire"),
        Filters(doc_ids=("a01", "a05", "a09")),
        Filters(exclude_doc_ids=("a00", "a04", "a08")),
    ],
)
@pytest.mark.parametrize("exact_up_to", [300, 0])  # few passing chunks: scored exactly / an id-restricted query
def test_dense_filters_match_chromas_where_clause(
    settings: Settings, tmp_path: Path, filters: Filters, exact_up_to: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dense, "_EXACT_UP_TO", exact_up_to)
    components = _components(settings, tmp_path)
    retriever = _dense(components, components.keyword)
    for question in TOPICS:
        hits = retriever.search(retriever.question(Ask.of(question, top_k=5, filters=filters, as_of=FAR_FUTURE))).hits
        vector = components.embedder.embed([question])[0]
        expected = components.store.query(vector, 5, filters)
        # the same similarities in the same order (bag-of-words vectors tie, and ties may come in any order),
        # and every hit passes the filter as Chroma's where-clause reads it
        assert [h.dense_score for h in hits] == pytest.approx([score for _, score in expected]) and hits
        allowed = {i for i, _ in components.store.query(vector, 100, filters)}
        assert {h.chunk_id for h in hits} <= allowed


@pytest.mark.parametrize("exact_up_to", [300, 0])
def test_a_deleted_chunk_the_index_still_lists_is_not_returned(
    settings: Settings, tmp_path: Path, exact_up_to: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # scored exactly, a deleted id is simply not found; an id-restricted query fails on it and falls back
    monkeypatch.setattr(dense, "_EXACT_UP_TO", exact_up_to)
    components = _components(settings, tmp_path)
    stale = KeywordSearch(components.store, settings.data_dir / "keyword-stale", check_every_s=3600)
    stale.catch_up()
    components.store.delete_article("a05")  # the index does not look again for an hour: it still lists a05
    retriever = _dense(components, stale)
    filters = Filters(published_after=date(2022, 3, 5), published_before=date(2022, 3, 7))  # a04, a05, a06
    hits = retriever.search(retriever.question(Ask.of(TOPICS[1], top_k=5, filters=filters, as_of=FAR_FUTURE))).hits
    assert sorted(h.doc_id for h in hits) == ["a04", "a06"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), ["fresh"]),  # only the time frame (as_of): most chunks pass
        (Filters(published_before=date(2022, 3, 25)), []),  # most pass; the fresh one is undated: it fails this bound
    ],
)
def test_a_new_article_is_judged_by_its_own_metadata_before_the_index_knows_it(
    settings: Settings, tmp_path: Path, filters: Filters, expected: list[str]
) -> None:
    # replicas share the store: one writes, another's keyword index has not caught up, its vectors must find it
    components = _components(settings, tmp_path)
    stale = KeywordSearch(components.store, settings.data_dir / "keyword-stale", check_every_s=3600)
    stale.catch_up()
    path = tmp_path / "new.jsonl"
    path.write_text(json.dumps({"id": "fresh", "title": "Quay", "text": "The quay crane tender was cancelled."}) + "\n")
    IngestJob(components.indexer).run([path])
    retriever = _dense(components, stale)
    hits = retriever.search(
        retriever.question(Ask.of("quay crane tender cancelled", top_k=3, filters=filters, as_of=FAR_FUTURE))
    ).hits
    assert [h.doc_id for h in hits if h.doc_id == "fresh"] == expected and hits


def test_a_named_article_is_found_the_moment_its_write_returns(settings: Settings, tmp_path: Path) -> None:
    components = _components(settings, tmp_path)
    stale = KeywordSearch(components.store, settings.data_dir / "keyword-stale", check_every_s=3600)
    stale.catch_up()
    path = tmp_path / "new.jsonl"
    path.write_text(json.dumps({"id": "fresh", "title": "Ferry", "text": "The harbour ferry strike ended today."}) + "\n")
    IngestJob(components.indexer).run([path])  # the keyword index does not know it (it looks again in an hour)
    retriever = _dense(components, stale)
    asked = Ask.of(TOPICS[0], top_k=5, filters=Filters(doc_ids=("fresh", "a00")), as_of=FAR_FUTURE)
    hits = retriever.search(retriever.question(asked)).hits
    assert sorted(h.doc_id for h in hits) == ["a00", "fresh"]
