"""Claims stated, the earlier citation rule against today's, in one run: each dev question answered as `newsqa eval
--mode answer` answers it (today's code: the claim check, numbering, the yes/no verification), and every reply the
model wrote is also cited by the earlier rule (support alone, no claim check) from the same reply and the same
sentences given. Both are scored: the share of the model's answers whose cited quotes state every value they add to
the question (numbers, names, dates), the share that cite nothing, and (today's) the answers withheld as not_stated.

    python -m bench.measure.claims [--provider local|openai] [--base-url URL] [--logprobs] [--no-verify] [--runs DIR]

Writes each set's eval run (the `newsqa eval` results format, with per-question signals: what
bench/tune/calibrate.py fits on) to DIR/{set}-{provider}.json, and bench/results/claims-{provider}.json.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import RESULTS, ROOT
from bench.tune.evidence_ranker import SETS
from evals.machine import stamp
from evals.metrics import mean, values_stated
from evals.runs import MODES, Run, indexed
from rag.answer.evidence import Evidence, EvidenceSelector
from rag.answer.service import QAService
from rag.answers import Answer, Ask
from rag.settings import AnswerSettings, LLMSettings, Settings
from rag.trust.citations import attribute, split_claims


class Keeping:
    """The service, keeping every answer it gives (the eval scores them; this run also re-cites their replies)."""

    def __init__(self, qa: QAService) -> None:
        self._qa = qa
        self.answers: list[tuple[str, Answer]] = []

    def answer(self, ask: Ask) -> Answer:
        found = self._qa.answer(ask)
        self.answers.append((ask.question, found))
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._qa, name)


@dataclass
class Tally:
    """Per reply the model wrote: stated and uncited under each rule; today's withheld as not_stated."""

    stated: dict[str, list[float]] = field(default_factory=lambda: {"earlier": [], "today": []})
    uncited: dict[str, list[float]] = field(default_factory=lambda: {"earlier": [], "today": []})
    not_stated: list[float] = field(default_factory=list)

    def add(self, selector: EvidenceSelector, question: str, answer: Answer) -> None:
        reply, given = answer.trace.reply, answer.trace.evidence
        if not reply:  # the model refused, or no model wrote this answer
            return
        quotes = [p.quote for p in given]
        claims = split_claims(reply)
        cosines = selector.claim_cosines([c.text for c in claims], selector.passage_vectors(Evidence(list(given))))
        text, earlier, _ = attribute(reply, claims, given, cosines, None, {p.n: p.n for p in given})
        shown = answer.status == "answered"
        for rule, said, cited in (("earlier", text, earlier), ("today", answer.answer, answer.citations if shown else [])):
            self.uncited[rule].append(float(not cited))
            self.stated[rule].append(float(bool(cited) and values_stated(said, question, [c.quote for c in cited], quotes)))
        self.not_stated.append(float(answer.status == "not_in_corpus" and answer.reason == "not_stated"))

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {"replies": len(self.not_stated), "withheld_not_stated": mean(self.not_stated)}
        for rule in ("earlier", "today"):
            out[rule] = {"values_stated": mean(self.stated[rule]), "uncited": mean(self.uncited[rule])}
        return out


def run_set(name: str, base: Settings, index_dir: Path | None, runs: Path, limit: int) -> dict[str, Any]:
    questions, corpus, distractors = SETS[name]
    run = Run(questions, corpus, "answer", distractors=distractors, limit=limit, index_dir=index_dir)
    provider = base.llm.provider
    started = time.monotonic()
    with indexed(run, base) as scored:
        keeping = Keeping(scored.components.qa)
        scored.components.__dict__["qa"] = keeping  # the eval asks through it (a cached property: set once here)
        results: dict[str, Any] = {**stamp(), "command": run.command(), "questions": len(scored.questions)}
        results["articles"] = len(scored.articles)
        results |= MODES["answer"](run, scored)
        results["wall_s"] = round(time.monotonic() - started)
        tally = Tally()
        for question, answer in keeping.answers:
            tally.add(scored.components.evidence, question, answer)
    runs.mkdir(parents=True, exist_ok=True)
    (runs / f"{name}-{provider}.json").write_text(json.dumps(results, indent=2))
    answers = results["answers"]
    keys = ("answer_accuracy", "right_among_answered", "answered", "claim_stated", "uncited")
    return tally.summary() | {"eval": {k: answers.get(k) for k in keys}, "run": str(runs / f"{name}-{provider}.json")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--provider", choices=["local", "openai"], default="local")
    parser.add_argument("--base-url", default=None, help="provider=openai: the server (e.g. `newsqa model-server`).")
    parser.add_argument("--model", default="local", help="provider=openai: the model name the server knows.")
    parser.add_argument("--logprobs", action="store_true", help="provider=openai: ask the server for logprobs.")
    parser.add_argument(
        "--no-verify", action="store_true", help="Leave the yes/no verification call out (what a default deployment does)."
    )
    parser.add_argument("--sets", nargs="+", choices=list(SETS), default=list(SETS))
    parser.add_argument("--limit", type=int, default=0, help="The first N questions of each set (0: all).")
    parser.add_argument("--runs", type=Path, default=ROOT / "data" / "runs", help="Where the eval runs are written.")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data", help="Where the eval indexes live.")
    parser.add_argument("--index", action="append", default=[], metavar="SET=DIR", help="A set's index built already.")
    args = parser.parse_args()
    llm = LLMSettings(provider=args.provider, base_url=args.base_url, model=args.model, logprobs=args.logprobs)
    # verify on: the runs record the verification signal for a calibrator refit (bench/tune/calibrate.py)
    base = Settings(data_dir=args.data_dir, _env_file=None, llm=llm, answer=AnswerSettings(verify=not args.no_verify))
    given = {name: Path(path) for name, path in (item.split("=", 1) for item in args.index)}
    result: dict[str, Any] = {**stamp(), "command": f"python -m bench.measure.claims --provider {args.provider}"}
    result["provider"] = args.provider + (" (logprobs)" if args.logprobs else "") + (" (no verify)" if args.no_verify else "")
    for name in args.sets:
        result[name] = run_set(name, base, given.get(name), args.runs, args.limit)
        print(json.dumps({name: result[name]}, indent=1), flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"claims-{args.provider}.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
