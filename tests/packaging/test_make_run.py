"""`make run` installs what serving needs, not the development tools `make test` adds (issue 41)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _planned(target: str) -> str:
    """The commands make would run for target from nothing (-B: every stamp out of date; -n: none run)."""
    return subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is missing")
def test_make_run_installs_the_service_and_make_test_the_tools_too() -> None:
    run, test = _planned("run"), _planned("test")
    assert "install -e '.[local-llm]'" in run and "newsqa serve" in run
    assert "dev" not in run.replace("/dev/", "") and "llama-index-retrievers-newsqa" not in run
    assert "install -e '.[dev,local-llm]'" in test and "llama-index-retrievers-newsqa" in test
