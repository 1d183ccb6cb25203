"""False positives of the injection check on real news: every sentence and title of both eval corpora (read from
../shared, never copied) run through rag/text/injection.py, the flagged ones counted and listed.
Usage: python -m bench.measure.injection_scan. Writes bench/results/injection_scan.json."""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Iterator
from pathlib import Path

from bench.common import RESULTS, ROOT
from evals.machine import stamp
from rag.text.injection import addresses_the_model
from rag.write.sentences import sentence_spans

CORPORA = [ROOT.parent / "shared" / "eval" / name / "corpus.jsonl.gz" for name in ("realtimeqa", "realtimeqa2025")]


def texts(path: Path) -> Iterator[str]:
    """Each article's title, then each of its sentences."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            article = json.loads(line)
            yield article.get("title") or ""
            text = article.get("text") or ""
            yield from (text[s:e] for s, e in sentence_spans(text))


def main() -> None:
    started, seen, flagged = time.perf_counter(), 0, []
    for corpus in CORPORA:
        for text in texts(corpus):
            seen += 1
            if text and addresses_the_model(text):
                flagged.append(text)
    result = {
        **stamp(),
        "command": "python -m bench.measure.injection_scan",
        "texts": seen,
        "flagged": len(flagged),
        "seconds": round(time.perf_counter() - started, 1),
        "examples": flagged,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "injection_scan.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(json.dumps({k: v for k, v in result.items() if k != "examples"}, indent=2))
    for text in flagged:
        print("-", text[:300])


if __name__ == "__main__":
    main()
