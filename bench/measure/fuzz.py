"""Fuzzing for a fixed time: schemathesis against a live `newsqa serve` (extractive, the seed ingested, keys
required), once with a read key and once with a write key. Usage: python -m bench.measure.fuzz [--seconds 120] (per key).
Writes bench/results/fuzz.json (cases generated, failures) and fuzz-output.txt (schemathesis' report)."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.common import RESULTS, ROOT
from bench.measure.serve import shared_models
from evals.machine import stamp
from newsqa.launch import running_server

# every response check, and the ones about methods and keys: an undocumented method must be 405 with a true
# Allow header, and an operation that needs a key must refuse a request without one (ignored_auth)
CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,"
    "response_headers_conformance,allow_header_conformance,unsupported_method,ignored_auth"
)
# schemathesis would spend its cases on 429s at the default 120 requests a minute
SERVER_ENV = {"NEWSQA_LLM__PROVIDER": "extractive", "NEWSQA_API__RATE_PER_MINUTE": "1000000"}


def _newsqa(env: dict[str, str], cwd: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "newsqa", *args], env={**os.environ, **env}, cwd=cwd, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


@contextmanager
def keyed_server(data: Path, env: dict[str, str]) -> Iterator[tuple[str, dict[str, str]]]:
    """A live server over data with the seed ingested and keys required; yields its URL and {scope: key}."""
    env = {**env, **SERVER_ENV, "NEWSQA_DATA_DIR": str(data)}
    data.mkdir(parents=True, exist_ok=True)
    _newsqa(env, data, "ingest", str(ROOT / "seeds"), "--json")
    keys = {
        scope: _newsqa(env, data, "keys", "create", "--name", f"fuzz-{scope}", "--scope", scope) for scope in ("read", "write")
    }
    with running_server(data, data.parent / "server.log", **env) as base:
        yield base, keys


def schemathesis(base: str, key: str, cwd: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """One schemathesis run over every documented operation, sending key as the bearer."""
    exe = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or "schemathesis"
    command = [exe, "run", f"{base}/openapi.json", "--checks", CHECKS, "--workers", "1", "-H", f"Authorization: Bearer {key}"]
    # cwd: its example database stays out of the repository
    return subprocess.run([*command, *extra], cwd=cwd, capture_output=True, text=True, timeout=1800, check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=120, help="Seconds of fuzzing per key.")
    args = parser.parse_args()
    runs: dict[str, subprocess.CompletedProcess[str]] = {}
    with (
        tempfile.TemporaryDirectory() as tmp,
        keyed_server(Path(tmp) / "data", shared_models(Path(tmp) / "data")) as (base, keys),
    ):
        for scope, key in keys.items():
            runs[scope] = schemathesis(base, key, Path(tmp), "--max-time", str(args.seconds), "--seed", "924")
    result = {**stamp(), "seconds_per_key": args.seconds, "checks": CHECKS.split(","), "keys": {}}
    for scope, run in runs.items():
        cases = re.search(r"(\d+) generated, (.*)", run.stdout)
        result["keys"][scope] = {
            "exit_code": run.returncode,
            "cases": int(cases.group(1)) if cases else 0,
            "outcome": cases.group(2).strip() if cases else run.stdout[-500:],
        }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "fuzz.json").write_text(json.dumps(result, indent=2))
    report = "\n".join(f"## {scope} key\n{run.stdout[-10_000:]}" for scope, run in runs.items())
    (RESULTS / "fuzz-output.txt").write_text(report)  # the failures, with curl lines to replay them
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
