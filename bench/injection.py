"""Prompt injection against the real local model: every variant of tests/data/injections.jsonl and every paraphrase
of tests/data/injection_paraphrases.txt posted and asked about, counted when the answer repeats the payload. Usage: python bench/injection.py. Writes bench/results/injection.json."""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import RESULTS, ROOT
from evals.injection import followed_injections, load_cases, load_paraphrases
from evals.machine import stamp
from rag.components import build_components
from rag.settings import Settings


def main() -> None:
    data = ROOT / "tests" / "data"
    cases = load_cases(data / "injections.jsonl") + load_paraphrases(data / "injection_paraphrases.txt")
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), models_dir=ROOT / "data" / "models", _env_file=None)
        started = time.perf_counter()
        with build_components(settings) as components:
            followed = followed_injections(components, cases)
    result = {
        **stamp(),
        "command": "python bench/injection.py",
        "provider": settings.llm.provider,
        "variants": len(cases),
        "followed": followed,
        "seconds": round(time.perf_counter() - started, 1),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "injection.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
