"""The article collection (real Chroma, the bag-of-words embedder): added, unchanged and replaced decided against what
is stored, chunks whose text is the article's text at their offsets, and the keyword index told what changed."""

from __future__ import annotations

import pytest

from rag.components import Components, build_components
from rag.errors import ArticleNotFound, InvalidArticle
from rag.settings import Settings
from rag.write.articles import Articles
from tests.fakes import BagOfWordsEmbedder, WordCounter

TEXT = "The Kessler bridge reopened on Tuesday. Repairs took two years. The state paid 40 million dollars."


@pytest.fixture
def components(settings: Settings) -> Components:
    return build_components(settings, embedder=BagOfWordsEmbedder(), token_counter=WordCounter())


def test_an_article_is_added_then_unchanged_then_replaced(components: Components) -> None:
    changed: list[str] = []
    articles = Articles(components.store, components.indexer.index, on_change=changed.extend)  # the keyword index's hook
    first = articles.add({"id": "bridge", "title": "Bridge", "text": TEXT})
    again = articles.add({"id": "bridge", "title": "Bridge", "text": TEXT})
    edited = articles.add({"id": "bridge", "title": "Bridge", "text": TEXT + " Cyclists crossed first."})
    assert (first.kind, again.kind, edited.kind) == ("added", "unchanged", "replaced") and again.chunks == 0
    assert changed == ["bridge", "bridge"]  # unchanged writes tell nobody
    info, text = articles.get("bridge")
    assert text.endswith("Cyclists crossed first.") and info.n_chunks == edited.chunks >= 1
    for chunk in components.indexer.chunks(edited.article):
        assert text[chunk.start : chunk.end] == chunk.text


def test_a_batch_is_all_or_nothing_and_a_missing_article_is_named(components: Components) -> None:
    with pytest.raises(InvalidArticle, match=r"articles\[1\]"):
        components.articles.add_many([{"id": "a", "title": "A", "text": TEXT}, {"id": "b", "title": "B", "text": ""}])
    assert components.articles.count() == 0
    with pytest.raises(ArticleNotFound, match="'nope'"):
        components.articles.get("nope")
