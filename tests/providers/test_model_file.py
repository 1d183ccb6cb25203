"""The chat model's GGUF: found through package metadata, joined once, refused unless its sha256 matches."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.errors import LLMUnavailable
from rag.providers.model_file import MODEL_NAME, MODEL_SIZE, model_path, part_paths


def test_the_22_parts_add_up_to_the_pinned_size() -> None:
    parts = part_paths()
    assert len(parts) == 22
    assert [p.name for p in parts] == sorted(p.name for p in parts)  # part01 .. part22, in order
    assert sum(p.stat().st_size for p in parts) == MODEL_SIZE


def test_a_tampered_cached_model_is_refused(tmp_path: Path) -> None:
    (tmp_path / MODEL_NAME).write_bytes(b"GGUF" + b"\x00" * 1024)
    with pytest.raises(LLMUnavailable, match="does not match the pinned sha256"):
        model_path(tmp_path)


def test_a_tampered_file_with_a_stale_marker_is_refused(tmp_path: Path) -> None:
    target = tmp_path / MODEL_NAME
    target.write_bytes(b"x" * 10)
    (tmp_path / f"{MODEL_NAME}.verified").write_text("cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046 10 0")
    with pytest.raises(LLMUnavailable):
        model_path(tmp_path)


def test_an_explicit_model_path_must_exist(tmp_path: Path) -> None:
    with pytest.raises(LLMUnavailable, match="does not exist"):
        model_path(tmp_path, tmp_path / "missing.gguf")
