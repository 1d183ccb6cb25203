"""The evidence funnel before and after the evidence work, in one run: each question of both dev sets is answered by
the earlier choice (the hand-set score over retrieval.top_k chunks) and by today's (the fitted ranker over
answer.read_chunks chunks), the two by turns, with one chat model shared, so the shared machine's noise falls on both.

    python -m bench.measure.evidence_funnel [--provider local|extractive] [--limit N] [--index realtimeqa2025=DIR]
        [--earlier '{"claim_check": false}' --name claim-check]  (another earlier arm: any answer settings)

Per set and choice: where the answer is lost (evals/funnel.py), contains-gold, right among answered at the default
gate (answer.min_confidence, replayed from each answer's confidence), the prompt's tokens and the answer's latency
(p50, and today's over the earlier's, paired). Writes bench/results/evidence-funnel-PROVIDER.json.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.common import RESULTS, ROOT
from bench.measure.funnel_arms import BEFORE
from bench.tune.evidence_ranker import SETS
from evals.data import Question
from evals.funnel import Funnel, answer_kind, funnel, funnel_table
from evals.machine import stamp
from evals.metrics import answer_matches, mean, percentile
from evals.runs import Run, indexed
from rag.answers import Answer, Ask
from rag.components import Components, build_components
from rag.settings import AnswerSettings, LLMSettings, Settings

# Both choices without the verification call: it changes nothing the funnel counts (the shipped calibrator does not
# read its signal yet) and would add one model call to each answer of both; bench/measure/claims.py measures it.
COMMON = {"verify": False}
GATE = AnswerSettings().min_confidence


@dataclass
class Rows:
    """One choice's answers over a set."""

    funnels: list[Funnel] = field(default_factory=list)
    right: list[bool] = field(default_factory=list)
    kept: list[bool] = field(default_factory=list)  # answered with confidence at or above the default gate
    prompt_tokens: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    answered: list[bool] = field(default_factory=list)  # answered at all (a refusal is short to write: it is faster)
    articles: list[int] = field(default_factory=list)  # distinct articles given (each brings its title to the prompt)

    def add(self, answer: Answer, gold: str, own: list[str], seconds: float) -> None:
        answered = answer.status == "answered"
        self.answers.append(answer.answer if answered else f"({answer.status})")
        self.funnels.append(funnel(gold, own, answer))
        self.right.append(answered and answer_matches(answer.answer, gold))
        self.kept.append(answered and (answer.confidence or 0.0) >= GATE)
        self.prompt_tokens.append(float(answer.trace.usage.prompt_tokens) if answer.trace.usage else 0.0)
        self.seconds.append(seconds)
        self.answered.append(answered)
        self.articles.append(len({p.doc_id for p in answer.trace.evidence}))

    def summary(self, kinds: Sequence[str]) -> dict[str, Any]:
        table = funnel_table(self.funnels, kinds)
        return {
            "funnel": table,
            "contains_gold": mean([float(r) for r in self.right]),
            "answered_at_gate": mean([float(k) for k in self.kept]),
            "right_among_answered_at_gate": mean([float(r) for r, k in zip(self.right, self.kept, strict=True) if k]),
            "prompt_tokens_p50": percentile(self.prompt_tokens, 50),
            "seconds_p50": percentile(self.seconds, 50),
            "articles_given_mean": mean([float(n) for n in self.articles]),
        }


def _variant(base: Settings, choice: dict[str, Any], chat: Components | None) -> Components:
    answer = AnswerSettings.model_validate(base.answer.model_dump() | COMMON | choice)
    return build_components(base.model_copy(update={"answer": answer}), llm=chat.chat.model if chat else None)


def run_set(
    name: str,
    base: Settings,
    index_dir: Path | None,
    limit: int | None,
    choices: dict[str, Any],
    per_question: list[dict[str, Any]] | None = None,
    kinds_asked: Sequence[str] = (),
) -> dict[str, Any]:
    questions, corpus, distractors = SETS[name]
    run = Run(questions, corpus, "answer", distractors=distractors, index_dir=index_dir)
    with indexed(run, base) as scored, ExitStack() as stack:
        settings = scored.components.settings
        first = stack.enter_context(_variant(settings, choices["earlier"], None))
        variants = {"earlier": first, "today": stack.enter_context(_variant(settings, choices["today"], first))}
        rows = {choice: Rows() for choice in variants}
        asked: list[Question] = [q for q in scored.questions if not kinds_asked or answer_kind(q.question) in kinds_asked]
        asked = asked[:limit]
        for i, q in enumerate(asked):
            own = [text for d in (q.gold_doc_ids or q.gcs_doc_ids) if (text := _text(first, d))]
            for choice in list(variants) if i % 2 == 0 else list(variants)[::-1]:
                started = time.perf_counter()
                answer = variants[choice].qa.answer(Ask.of(q.question, as_of=q.day, min_confidence=0.0))
                rows[choice].add(answer, q.answer_text, own, time.perf_counter() - started)
            print(f"{name}: {i + 1}/{len(asked)}", flush=True)
        kinds = [answer_kind(q.question) for q in asked]
        if per_question is not None:
            per_question += [_row(name, q, kind, rows, i) for i, (q, kind) in enumerate(zip(asked, kinds, strict=True))]
        out: dict[str, Any] = {"questions": len(asked)} | {c: r.summary(kinds) for c, r in rows.items()}
        out |= _paired(rows["earlier"], rows["today"])
        return out


def _paired(earlier: Rows, today: Rows) -> dict[str, Any]:
    """Today's seconds over the earlier arm's, question by question: over all, and over the questions both arms
    answered (an arm that answers where the other refuses spends longer writing, which is not the evidence's cost)."""
    pairs = list(zip(earlier.seconds, today.seconds, earlier.answered, today.answered, strict=True))
    both = [t / e for e, t, a, b in pairs if e > 0 and a and b]
    return {
        "seconds_ratio_p50": percentile([t / e for e, t, _, _ in pairs if e > 0], 50),
        "seconds_ratio_p50_both_answered": percentile(both, 50) if both else None,
        "both_answered": len(both),
    }


def _row(name: str, q: Question, kind: str, rows: dict[str, Rows], i: int) -> dict[str, Any]:
    """One question's outcome in each arm, to compare the arms question by question."""
    arms = {
        arm: asdict(r.funnels[i])
        | {"answer": r.answers[i], "right": r.right[i], "kept": r.kept[i]}
        | {"seconds": round(r.seconds[i], 3), "prompt_tokens": r.prompt_tokens[i], "articles": r.articles[i]}
        for arm, r in rows.items()
    }
    return {"set": name, "id": q.question_id, "question": q.question, "gold": q.answer_text, "kind": kind} | arms


def _text(components: Components, doc_id: str) -> str:
    found = components.store.get_article(doc_id)
    return found[1] if found else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--provider", choices=["local", "extractive"], default="local", help="Who writes the answers.")
    parser.add_argument("--limit", type=int, default=None, help="At most this many questions of each set.")
    parser.add_argument("--sets", nargs="+", choices=list(SETS), default=list(SETS))
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data", help="Where the eval indexes live.")
    parser.add_argument("--index", action="append", default=[], metavar="SET=DIR", help="A set's index built already.")
    parser.add_argument("--earlier", type=json.loads, default=None, help="The earlier arm's answer settings (JSON).")
    parser.add_argument("--today", type=json.loads, default=None, help="The today arm's answer settings (JSON; default: none).")
    parser.add_argument("--name", default=None, help="Results file suffix (for another earlier arm).")
    parser.add_argument("--kinds", nargs="+", default=[], help="Only questions of these answer kinds (place, name, ...).")
    parser.add_argument("--per-question", type=Path, default=None, help="Also write each question's outcome per arm (JSONL).")
    args = parser.parse_args()
    choices = {"earlier": BEFORE if args.earlier is None else args.earlier, "today": args.today or {}}
    base = Settings(data_dir=args.data_dir, _env_file=None, llm=LLMSettings(provider=args.provider))
    given = {name: Path(path) for name, path in (item.split("=", 1) for item in args.index)}
    result: dict[str, Any] = {**stamp(), "command": shlex.join(["python", "-m", "bench.measure.evidence_funnel", *sys.argv[1:]])}
    result |= {"choices": choices, "common": COMMON, "gate": GATE, "provider": args.provider, "kinds": args.kinds}
    per_question: list[dict[str, Any]] | None = [] if args.per_question else None
    for name in args.sets:
        result[name] = run_set(name, base, given.get(name), args.limit, choices, per_question, args.kinds)
    if args.per_question and per_question is not None:
        args.per_question.write_text("".join(json.dumps(row) + "\n" for row in per_question))
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"evidence-funnel-{args.provider}{'-' + args.name if args.name else ''}.json"
    path.write_text(json.dumps(result, indent=2))
    print(json.dumps({k: v for k, v in result.items() if k in SETS}, indent=1)[:4000])


if __name__ == "__main__":
    main()
