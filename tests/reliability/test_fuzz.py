"""schemathesis against a live `newsqa serve` (extractive, seeded): every documented operation, generated and
mutated inputs, stateful sequences; zero 5xx and zero responses that break the OpenAPI schema."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsqa.launch import running_server
from rag.settings import Settings
from tests.helpers import SEEDS, newsqa

CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance"
)


def schemathesis_command(base: str, *extra: str) -> list[str]:
    exe = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or "schemathesis"
    return [exe, "run", f"{base}/openapi.json", "--checks", CHECKS, "--workers", "1", *extra]


@pytest.mark.slow
def test_fuzzing_finds_no_server_error_and_no_schema_violation(settings: Settings, tmp_path: Path) -> None:
    assert newsqa(settings, "ingest", str(SEEDS), "--json").returncode == 0
    env = {"NEWSQA_LLM__PROVIDER": "extractive"}
    with running_server(settings.data_dir, tmp_path / "server.log", **env) as base:
        run = subprocess.run(
            schemathesis_command(base, "--max-examples", "10", "--seed", "924"),
            cwd=tmp_path,  # its example database stays out of the repository
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    counts = re.search(r"Selected: (\d+)/(\d+)\s+Tested: (\d+)", run.stdout)
    assert counts and len(set(counts.groups())) == 1, run.stdout[-3000:]  # every operation was exercised
