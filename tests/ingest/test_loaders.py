from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from ingest.loaders import Failure, Record, discover, read_file


def _read(path: Path) -> list[Record | Failure]:
    return list(read_file(path))


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"\n  \n", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
        ("latin1.txt", "Caf\xe9 news".encode("latin-1"), "not UTF-8 text (byte 0xe9 at offset 3)"),
        ("bad.json", b"{not json", "malformed JSON"),
        ("list.json", b"[1]", "expected a JSON object"),
    ],
)
def test_bad_files_become_failures(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    (item,) = _read(path)
    assert isinstance(item, Failure) and reason in item.reason and item.where.startswith(str(path))


def test_jsonl_keeps_good_lines_and_reports_bad_ones(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"title": "A", "text": "x"}\n{broken\n\n[]\n{"title": "B", "text": "y"}\n')
    items = _read(path)
    assert [i.where for i in items] == [f"{path}:1", f"{path}:2", f"{path}:4", f"{path}:5"]
    assert [type(i).__name__ for i in items] == ["Record", "Failure", "Failure", "Record"]


def test_gzip_is_read_transparently(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(gzip.compress(json.dumps({"title": "A", "text": "x"}).encode() + b"\n"))
    (item,) = _read(path)
    assert isinstance(item, Record) and item.fields["title"] == "A"


def test_text_file_is_named_by_its_file_name(tmp_path: Path) -> None:
    path = tmp_path / "My Story (1).txt"
    path.write_text("Title\n\nBody sentence.")
    (item,) = _read(path)
    assert isinstance(item, Record) and item.fields["id"] == "My-Story-1"


def test_html_main_text_is_extracted(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Bridge to reopen</title><meta name='author' content='Jane Roe'></head><body>"
        "<nav>Home | World | Sport</nav><article><h1>Bridge to reopen</h1>"
        "<p>The mayor said on Tuesday that the bridge will reopen next month after two years of repairs.</p>"
        "<p>Shop owners said trade had suffered badly during the long closure of the bridge.</p></article>"
        "<footer>Copyright 2024 Example News</footer></body></html>"
    )
    (item,) = _read(path)
    assert isinstance(item, Record)
    assert item.fields["title"] == "Bridge to reopen"
    assert item.fields["text"].startswith("The mayor said on Tuesday")
    assert "Home | World" not in item.fields["text"] and "Copyright" not in item.fields["text"]


def test_discover_walks_folders_and_reports_named_problems(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("B")
    (tmp_path / "a.md").write_text("A")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden.txt").write_text("H")
    found = list(discover([tmp_path, tmp_path / "missing.txt", tmp_path / "image.png"]))
    assert found[:2] == [tmp_path / "a.md", tmp_path / "sub" / "b.txt"]
    assert [f.reason[:14] for f in found[2:] if isinstance(f, Failure)] == ["no such file o", "unsupported fi"]
