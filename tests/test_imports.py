"""Heavy libraries load only for the provider that needs them (each import is checked in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("onnxruntime", "openai", "xllamacpp", "llama_index")


def _loaded_after(statement: str) -> set[str]:
    probe = f"{statement}; import sys; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    return set(out.stdout.split())


@pytest.mark.parametrize(
    "module",
    ["rag.write.chunking", "rag.write.indexing", "rag.answer.service", "rag.components", "api.app", "ingest.job", "newsqa.cli"],
)
def test_importing_the_code_loads_no_model_library(module: str) -> None:
    assert _loaded_after(f"import {module}") == set()


def test_the_word_piece_counter_needs_no_onnxruntime() -> None:
    counter = "from rag.providers.wordpiece import WordPieceCounter; WordPieceCounter.load().count(['a b'])"
    assert _loaded_after(counter) == set()
