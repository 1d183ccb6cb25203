"""Fuzzing for a fixed time: schemathesis against a live `newsqa serve` (extractive, the seed ingested).
Usage: python bench/fuzz.py [--seconds 120]. Writes bench/results/fuzz.json (cases generated, failures) and fuzz-output.txt (schemathesis' report)."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import RESULTS, ROOT
from bench.serve import shared_models
from evals.machine import stamp
from newsqa.launch import running_server

CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=120)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        env = {**shared_models(data), "NEWSQA_LLM__PROVIDER": "extractive"}
        newsqa = [sys.executable, "-m", "newsqa", "ingest", str(ROOT / "seeds"), "--json"]
        subprocess.run(newsqa, env={**os.environ, **env}, cwd=tmp, check=True, capture_output=True)
        with running_server(data, Path(tmp) / "server.log", **env) as base:
            exe = Path(sys.executable).parent / "schemathesis"
            command = [str(exe), "run", f"{base}/openapi.json", "--checks", CHECKS, "--workers", "1"]
            timed = [*command, "--max-time", str(args.seconds), "--seed", "924"]
            run = subprocess.run(timed, cwd=tmp, capture_output=True, text=True, check=False)
    cases = re.search(r"(\d+) generated, (.*)", run.stdout)
    result = {
        **stamp(),
        "seconds": args.seconds,
        "exit_code": run.returncode,
        "cases": int(cases.group(1)) if cases else 0,
        "outcome": cases.group(2).strip() if cases else run.stdout[-500:],
        "checks": CHECKS.split(","),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "fuzz.json").write_text(json.dumps(result, indent=2))
    (RESULTS / "fuzz-output.txt").write_text(run.stdout[-20_000:])  # the failures, with curl lines to replay them
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
