"""The sources file in its three forms, and the one-line reasons it is refused with."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.errors import InvalidRequest
from rag.feeds.sources import read_sources, source_for


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("s.txt", "# feeds\nhttps://example.org/rss  # the gazette\n\nhttps://example.net/feed.json\n"),
        (
            "s.toml",
            '[[sources]]\nname = "example.org-rss"\nurl = "https://example.org/rss"\noutlet = "Gazette"\n'
            '[[sources]]\nname = "example.net-feed.json"\nurl = "https://example.net/feed.json"\n',
        ),
        (
            "s.yaml",
            "sources:\n  - {name: example.org-rss, url: 'https://example.org/rss', outlet: Gazette}\n"
            "  - {name: example.net-feed.json, url: 'https://example.net/feed.json'}\n",
        ),
    ],
)
def test_each_form_lists_the_same_sources(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text)
    sources = read_sources(tmp_path / name)
    assert [(s.name, s.url) for s in sources] == [
        ("example.org-rss", "https://example.org/rss"),
        ("example.net-feed.json", "https://example.net/feed.json"),
    ]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("ftp://example.org/x\n", "url: must be an http or https URL"),
        ("https://example.org/a\nhttps://example.org/a\n", "source names must be unique"),
    ],
)
def test_bad_files_are_refused_on_one_line(tmp_path: Path, text: str, reason: str) -> None:
    (tmp_path / "s.txt").write_text(text)
    with pytest.raises(InvalidRequest, match=reason):
        read_sources(tmp_path / "s.txt")


def test_a_bare_url_must_be_http() -> None:
    with pytest.raises(InvalidRequest, match="only http and https"):
        source_for("file:///etc/passwd")
