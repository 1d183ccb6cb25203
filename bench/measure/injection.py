"""Prompt injection against the real local model: every variant of evals/sets/injections.jsonl and every paraphrase
of evals/sets/injection_paraphrases.txt posted and asked about, counted when the answer repeats the payload. Usage: python -m bench.measure.injection. Writes bench/results/injection.json."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from bench.common import RESULTS, ROOT
from evals.injection import followed_injections, load_cases, load_paraphrases
from evals.machine import stamp
from rag.components import build_components
from rag.settings import Settings


def main() -> None:
    data = ROOT / "evals" / "sets"
    cases = load_cases(data / "injections.jsonl") + load_paraphrases(data / "injection_paraphrases.txt")
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), models_dir=ROOT / "data" / "models", _env_file=None)
        started = time.perf_counter()
        with build_components(settings) as components:
            followed = followed_injections(components, cases)
    result = {
        **stamp(),
        "command": "python -m bench.measure.injection",
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
