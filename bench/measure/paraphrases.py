"""Answerable paraphrases (evals/sets/paraphrases.jsonl: 22 over the seed article, 12 over dev articles) asked of
the chat model and of the extractive path, on one index: how many are refused, how many answers hold the answer.
The test suite checks only the extractive path (the evidence gate); the model's own refusals are measured here.

Usage: python -m bench.measure.paraphrases [--prompts DIR ...] [--refusal-confidence T ...]. Each prompt folder (default:
the bundled prompts) and answer.refusal_confidence (default: 0, every refusal stands, and the configured one) is one
row. Writes bench/results/paraphrases.json."""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import CORPUS, RESULTS, ROOT
from evals.machine import stamp
from evals.paraphrases import load_paraphrases, score_paraphrases, write_dev_articles
from ingest.job import IngestJob
from rag.components import build_components
from rag.settings import LLMSettings, Settings

SEEDS = ROOT / "seeds"


def _label(folder: Path | None) -> str:
    if folder is None:
        return "bundled"
    folder = folder.resolve()
    return str(folder.relative_to(ROOT)) if folder.is_relative_to(ROOT) else folder.name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prompts", type=Path, nargs="*", default=[], help="prompt folders to compare (default: bundled)")
    parser.add_argument(
        "--refusal-confidence", type=float, nargs="*", default=[], help="thresholds to compare (default: 0 and the configured)"
    )
    args = parser.parse_args()
    questions = load_paraphrases(ROOT / "evals" / "sets" / "paraphrases.jsonl")
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Settings(data_dir=Path(tmp), models_dir=ROOT / "data" / "models", _env_file=None)
        dev = write_dev_articles(questions, CORPUS, Path(tmp) / "dev-gold.jsonl")
        with build_components(base.model_copy(update={"llm": LLMSettings(provider="extractive")})) as components:
            IngestJob(components.indexer).run([SEEDS, dev])
            rows.append({"provider": "extractive", "prompts": None} | score_paraphrases(components.qa, questions))
            embedder = components.embedder
        confidences = args.refusal_confidence or sorted({0.0, base.answer.refusal_confidence})
        for folder, confidence in itertools.product(args.prompts or [None], confidences):
            started = time.perf_counter()
            answer = base.answer.model_copy(update={"refusal_confidence": confidence})
            settings = base.model_copy(update={"prompts_dir": folder, "answer": answer})
            with build_components(settings, embedder=embedder) as components:
                scores = score_paraphrases(components.qa, questions)
            row = {"provider": base.llm.provider, "prompts": _label(folder), "refusal_confidence": confidence} | scores
            rows.append(row | {"seconds": round(time.perf_counter() - started, 1)})
            print(json.dumps({k: v for k, v in row.items() if k != "refused"}), file=sys.stderr)
    flags = ["--prompts", *map(_label, args.prompts)] if args.prompts else []
    flags += ["--refusal-confidence", *map(str, args.refusal_confidence)] if args.refusal_confidence else []
    command = " ".join(["python -m bench.measure.paraphrases", *flags])
    result = {**stamp(), "command": command, "questions": len(questions), "rows": rows}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "paraphrases.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
