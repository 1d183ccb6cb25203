"""A served newsqa for benchmarks: an index of real articles (cached under bench/.data) and a server process."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.common import ROOT
from newsqa.launch import running_server

CACHE = ROOT / "bench" / ".data"


def shared_models(data_dir: Path) -> dict[str, str]:
    """Benchmarks reuse the models `make run` built (data/models) instead of joining another 1.1 GB copy."""
    return {"NEWSQA_DATA_DIR": str(data_dir), "NEWSQA_MODELS_DIR": str(ROOT / "data" / "models")}


# a benchmark measures the service, not the per-caller limits (120 requests a minute, 2 answers in flight by default:
# 8 clients would measure 429s)
NO_CALLER_LIMITS = {"NEWSQA_API__RATE_PER_MINUTE": "1000000", "NEWSQA_API__ANSWERS_PER_CALLER": "1000"}


def run_ingest(data_dir: Path, *sources: Path, **env: str) -> dict[str, Any]:
    """`newsqa ingest --json` of the sources into data_dir (in the data dir, so a stray .env elsewhere cannot
    change its settings); env adds settings (e.g. PYTHONPATH for another source tree). Returns its report."""
    environ = {**os.environ, **shared_models(data_dir), **env}
    out = subprocess.run(
        [sys.executable, "-m", "newsqa", "ingest", *map(str, sources), "--json"],
        cwd=data_dir,
        env=environ,
        check=True,
        capture_output=True,
        text=True,
    )
    report: dict[str, Any] = json.loads(out.stdout)
    return report


def indexed_data_dir(articles: list[dict[str, Any]], log: Callable[[str], None]) -> Path:
    """A data dir holding the seed and these articles; built once, then reused (unchanged articles are skipped).
    Named by the articles' ids, so two benches indexing different articles never share (and grow) one index."""
    digest = hashlib.sha256("\n".join(a["doc_id"] for a in articles).encode()).hexdigest()[:10]
    data_dir = CACHE / f"index-{len(articles)}-{digest}"
    data_dir.mkdir(parents=True, exist_ok=True)
    source = data_dir / "articles.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    log(f"indexing into {data_dir} (skips what is already there)")
    run_ingest(data_dir, source, ROOT / "seeds")
    return data_dir


@contextmanager
def serve(data_dir: Path, env: dict[str, str]) -> Iterator[str]:
    """`newsqa serve` on a free loopback port (the tests' helper); yields its base URL once /readyz is 200."""
    with running_server(data_dir, data_dir / "server.log", **shared_models(data_dir), **NO_CALLER_LIMITS, **env) as base:
        yield base
