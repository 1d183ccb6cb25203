"""Ingest benchmark: newsqa vs a plain LlamaIndex pipeline vs the embedder alone, in one run.

Usage: python -m bench.measure.ingest [--articles 300]. Writes bench/results/ingest.json; docs/benchmarks.md is
rewritten from the results files by bench/report/page.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from bench.common import RESULTS, run_phase
from evals.machine import machine

PHASE = "bench.measure.ingest_phase"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300, help="first N articles of the real corpus")
    args = parser.parse_args()
    n = str(args.articles)
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        shared = Path(tmp) / "newsqa"
        # the ONNX graph is built once before timing, as after the first run on a real machine
        run_phase(PHASE, "ceiling", "1", str(Path(tmp) / "warm"))
        (shared / "models").parent.mkdir(parents=True, exist_ok=True)
        (Path(tmp) / "warm" / "models").rename(shared / "models")
        for phase, where in [("newsqa", shared), ("rerun", shared), ("llamaindex", Path(tmp) / "li"), ("ceiling", shared)]:
            if where != shared:
                where.mkdir()
                (where / "models").symlink_to(shared / "models", target_is_directory=True)
            print(f"running {phase} on {n} articles...", file=sys.stderr, flush=True)
            rows[phase] = run_phase(PHASE, phase, n, str(where))
            print(json.dumps(rows[phase]), file=sys.stderr, flush=True)
    for row in rows.values():
        row["articles_per_s"] = row["articles"] / row["seconds"]
        row["chunks_per_s"] = row["chunks"] / row["seconds"] if row["chunks"] else 0.0
    ratios = {
        "newsqa_vs_llamaindex_articles_per_s": rows["newsqa"]["articles_per_s"] / rows["llamaindex"]["articles_per_s"],
        "newsqa_vs_ceiling_chunks_per_s": rows["newsqa"]["chunks_per_s"] / rows["ceiling"]["chunks_per_s"],
        "rerun_speedup": rows["newsqa"]["seconds"] / rows["rerun"]["seconds"],
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    result = {
        "machine": machine(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "articles": args.articles,
        "rows": rows,
        "ratios": ratios,
    }
    (RESULTS / "ingest.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(ratios, indent=2))


if __name__ == "__main__":
    main()
