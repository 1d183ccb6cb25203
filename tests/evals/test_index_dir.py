"""`newsqa eval --index-dir`: an index built elsewhere is used only when it holds exactly the selected articles,
and nothing is ingested into it. Real Chroma with the bag-of-words embedder (the test is about the check)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.index import IndexMismatch, ensure_index, eval_settings
from ingest.job import IngestJob
from rag.components import build_components
from rag.settings import Settings
from tests.fakes import BagOfWordsEmbedder, WordCounter

ARTICLES = [
    {"doc_id": "a1", "title": "Harbour", "text": "The harbour reopened on Monday after the storm."},
    {"doc_id": "a2", "title": "Bridge", "text": "The bridge will cost 40 million pounds, engineers said."},
]


def _built(settings: Settings, tmp_path: Path) -> Path:
    source = tmp_path / "corpus.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    with build_components(settings, embedder=BagOfWordsEmbedder(), token_counter=WordCounter()) as c:
        IngestJob(c.indexer).run([source])
    return settings.data_dir


def test_a_given_index_with_exactly_the_articles_is_used_as_it_is(settings: Settings, tmp_path: Path) -> None:
    index_dir = _built(settings, tmp_path)
    given = eval_settings(settings, ARTICLES, index_dir)
    assert given.data_dir == index_dir and given.chroma.host is None
    with build_components(given, embedder=BagOfWordsEmbedder(), token_counter=WordCounter()) as c:
        ensure_index(c, ARTICLES, given=True)
        assert c.articles.count() == 2
    assert not (index_dir / "complete.json").exists()  # nothing marked or ingested


def test_a_given_index_with_other_articles_is_refused_untouched(settings: Settings, tmp_path: Path) -> None:
    index_dir = _built(settings, tmp_path)
    more = [*ARTICLES, {"doc_id": "a3", "title": "Rain", "text": "Rain is expected across the valley."}]
    with build_components(
        eval_settings(settings, more, index_dir), embedder=BagOfWordsEmbedder(), token_counter=WordCounter()
    ) as c:
        with pytest.raises(IndexMismatch, match="lacks 1 of the 3 selected"):
            ensure_index(c, more, given=True)
        with pytest.raises(IndexMismatch, match="1 of them not selected"):
            ensure_index(c, ARTICLES[:1], given=True)
        assert c.articles.count() == 2
