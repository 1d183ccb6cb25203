"""Choose answer.refusal_confidence: replay thresholds on one dev answer run that asked every refusal again.

Make the run with (22.8 min with the local model on 2 Xeon cores, 2026-12-02):
  NEWSQA_ANSWER__REFUSAL_CONFIDENCE=1 newsqa eval dev.jsonl --corpus corpus.jsonl.gz --mode answer --out RUN.json
then: python -m bench.tune.refusal_confidence RUN.json [--thresholds 0,0.3,...]. Writes bench/results/refusal_confidence.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bench.common import RESULTS
from evals.refusals import refusal_table

THRESHOLDS = "0,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run", type=Path, help="newsqa eval --mode answer --out file, made with refusal_confidence=1")
    parser.add_argument("--thresholds", default=THRESHOLDS, help=f"comma-separated, 0..1 (default {THRESHOLDS})")
    args = parser.parse_args()
    run = json.loads(args.run.read_text())
    answers = run["answers"]
    thresholds = sorted(float(t) for t in args.thresholds.split(","))
    made_with = answers.get("refusal_confidence", 1.0)
    if made_with < thresholds[-1]:
        sys.exit(f"refusal_confidence: the run was made with {made_with}; it replays only thresholds up to that")
    rows = answers["per_question"]
    p = sorted(r["refusal_p"] for r in rows if r["refusal_p"] is not None)
    p_without = sorted(r["refusal_p_without_gold"] for r in rows if r.get("refusal_p_without_gold") is not None)
    result = {
        "machine": run["machine"],
        "date": run["date"],
        "command": f"python -m bench.tune.refusal_confidence RUN.json, RUN: {run['command']} (refusal_confidence={made_with:g})",
        "questions": run["questions"],
        "articles": run["articles"],
        "refusals": {"with_gold": p, "without_gold": p_without},
        "rows": refusal_table(rows, thresholds),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "refusal_confidence.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result["rows"], indent=1))


if __name__ == "__main__":
    main()
