from __future__ import annotations

from typing import Any

import pytest

from rag.errors import InvalidArticle
from rag.write.identity import iso_date, make_article

BASE: dict[str, Any] = {"title": "T", "text": "Some text."}


def test_given_id_wins_over_url_and_hash() -> None:
    assert make_article({**BASE, "id": "abc", "url": "https://x.com/a"}).doc_id == "abc"
    assert make_article({**BASE, "doc_id": "d1"}).doc_id == "d1"


def test_url_identity_ignores_tracking_and_fragment() -> None:
    a = make_article({**BASE, "url": "https://News.example.com/story/1?utm_source=x#top"})
    b = make_article({**BASE, "url": "https://news.example.com/story/1", "text": "Edited text."})
    assert a.doc_id == b.doc_id and a.doc_id.startswith("u")
    assert a.content_hash != b.content_hash


def test_content_hash_identity_and_change_detection() -> None:
    a = make_article(BASE)
    assert a.doc_id.startswith("c") and a.doc_id == make_article(dict(BASE)).doc_id
    assert make_article({**BASE, "title": "Other"}).content_hash != a.content_hash


def test_text_is_normalised_to_lf() -> None:
    assert make_article({**BASE, "text": "\r\nA.\r\nB.\r\n"}).text == "A.\nB."


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "T"}, "no text"),
        ({"title": "T", "text": "   \n"}, "no text"),
        ({"title": "T", "text": 5}, "no text"),
        ({**BASE, "id": "has space"}, "id must be"),
        ({**BASE, "published_at": "not a date"}, "is not a date"),
        ({**BASE, "authors": [1, 2]}, "authors must be"),
    ],
)
def test_invalid_articles(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidArticle, match=message):
        make_article(fields)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2022/06/16", "2022-06-16"), ("2025-05-17T10:03:00-04:00", "2025-05-17T10:03:00-04:00"), ("", None), (None, None)],
)
def test_iso_date(value: str | None, expected: str | None) -> None:
    assert iso_date(value) == expected


def test_real_corpus_fields_map(corpus_sample: list[dict[str, Any]]) -> None:
    raw = corpus_sample[0]
    article = make_article(raw)
    assert article.doc_id == raw["doc_id"]
    assert article.published_at == iso_date(raw["publish_date"])
    assert article.url == raw["url"]
