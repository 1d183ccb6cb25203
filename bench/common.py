"""Helpers shared by the benchmarks: the real corpus, the machine description, phase subprocesses."""

from __future__ import annotations

import gzip
import itertools
import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

from evals.data import Question, select_corpus

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "eval" / "realtimeqa" / "corpus.jsonl.gz"
DEV = CORPUS.parent / "dev.jsonl"
RESULTS = ROOT / "bench" / "results"


def corpus_articles(n: int) -> list[dict[str, Any]]:
    """The first n articles of the real corpus (read from ../shared, never copied into the repo)."""
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in itertools.islice(handle, n)]


def articles_for(questions: list[Question], n: int) -> list[dict[str, Any]]:
    """The questions' gold articles, then the corpus' first articles up to n: a question whose article is not
    indexed stops at the evidence gate and would time the gate, not the model."""
    gold = {d for q in questions for d in q.gold_doc_ids}
    everything = select_corpus(CORPUS, gold, None)
    chosen = [a for a in everything if a["doc_id"] in gold]
    return chosen + [a for a in everything if a["doc_id"] not in gold][: max(0, n - len(chosen))]


def dir_bytes(path: Path) -> int:
    """Bytes of every file under path."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def peak_rss_mb() -> float:
    """This process's peak resident set size in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_phase(module: str, *args: str) -> dict[str, Any]:
    """Run one benchmark phase in a fresh process (so peak RSS is its own) and return its JSON result."""
    env = {**os.environ, "ORT_DISABLE_TELEMETRY": "1", "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
    out = subprocess.run([sys.executable, "-m", module, *args], check=False, capture_output=True, text=True, env=env, cwd=ROOT)
    if out.returncode != 0:
        raise SystemExit(f"{module} {' '.join(args)} failed:\n{out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result
