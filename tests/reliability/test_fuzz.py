"""schemathesis against a live `newsqa serve` (extractive, seeded, keys required), once with a read key and once
with a write key: every documented operation, generated and mutated inputs; zero 5xx, zero responses that break
the OpenAPI schema, every 405 with a true Allow header, and no operation that ignores a missing key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.measure.fuzz import keyed_server, schemathesis
from rag.settings import Settings


@pytest.mark.slow
def test_fuzzing_with_a_read_and_a_write_key_finds_no_server_error_and_no_schema_violation(
    settings: Settings, tmp_path: Path
) -> None:
    with keyed_server(settings.data_dir, {}) as (base, keys):
        runs = {scope: schemathesis(base, key, tmp_path, "--max-examples", "6", "--seed", "924") for scope, key in keys.items()}
    for scope, run in runs.items():
        assert run.returncode == 0, f"{scope} key:\n{run.stdout[-6000:]}{run.stderr[-2000:]}"
        counts = re.search(r"Selected: (\d+)/(\d+)\s+Tested: (\d+)", run.stdout)
        assert counts and len(set(counts.groups())) == 1, run.stdout[-3000:]  # every operation was exercised
