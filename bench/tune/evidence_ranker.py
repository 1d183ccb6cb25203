"""Fit the evidence ranker (rag/answer/ranker.json) on both dev sets' candidate sentences, the answer-bearing ones as
the label, and report out of fold how often the sentences chosen for the model hold the answer: the hand-set score
against the fitted ranker, over the same candidates; and, for answer.context_chars, how often they hold it when the
ranker chooses by a budget of characters instead of five sentences, with and without the length penalty.

Usage: python -m bench.tune.evidence_ranker [--read 20] [--write | --out FILE]. Each set is indexed as `newsqa eval`
indexes it (reused while unchanged); the chat model is never started. Writes bench/results/evidence_ranker.json, and
with --write the ranker file the service ships (--out: elsewhere, for answer.ranker_file).
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bench.common import RESULTS, ROOT
from evals.data import Question
from evals.machine import stamp
from evals.metrics import answer_matches
from evals.runs import Run, indexed
from rag.answer.candidates import Candidate, Links
from rag.answer.choosing import choose, source_chars
from rag.answer.evidence import Pool
from rag.answer.ranking import FEATURES, Ranker, columns
from rag.answers import Ask
from rag.settings import AnswerSettings, LLMSettings, Settings

SHARED = ROOT.parent / "shared" / "eval"
SETS = {
    "realtimeqa": (SHARED / "realtimeqa" / "dev.jsonl", SHARED / "realtimeqa" / "corpus.jsonl.gz", 600),
    "realtimeqa2025": (SHARED / "realtimeqa2025" / "questions.jsonl", SHARED / "realtimeqa2025" / "corpus.jsonl.gz", -1),
}
BUDGET = AnswerSettings().context_sentences
# left out of the shipped ranker: the place check raised the answer's share of the sentences given (2022 dev 0.835 ->
# 0.881, 2025 0.556 -> 0.619) and extractive answers, but not the local model's right answers (docs/benchmarks-notes.md)
DROPPED = ("offers_place",)
CHARS = (800, 900, 1000)  # the character budgets compared, about five sentences' worth (chars_of_five_p50)
PENALTIES = (0.0, 0.5, 1.0)  # rag/answer/choosing.py LENGTH_PENALTY, and either side of it


@dataclass
class Candidates:
    """One question's candidates: features, labels, hand scores, the candidates themselves and their neighbours."""

    name: str
    rows: np.ndarray[Any, np.dtype[np.float64]]
    labels: list[bool]
    hand: list[float]
    cands: list[Candidate]
    links: Links


def collect(read: int, base: Settings, given: dict[str, Path]) -> list[Candidates]:
    out: list[Candidates] = []
    for name, (questions, corpus, distractors) in SETS.items():
        run = Run(questions, corpus, "answer", distractors=distractors, index_dir=given.get(name))
        with indexed(run, base) as scored:
            c = scored.components
            for q in scored.questions:
                out.append(_one(name, q, c.retriever, c.evidence, read))
    return out


def _one(name: str, q: Question, retriever: Any, selector: Any, read: int) -> Candidates:
    question = retriever.question(Ask.of(q.question, as_of=q.day, top_k=read))
    pool: Pool = selector.pool(question.text, retriever.search(question), question.as_of)
    labels = [answer_matches(c.quote, q.answer_text) for c in pool.cands]
    return Candidates(name, pool.rows, labels, pool.hand, pool.cands, pool.links)


def chosen(q: Candidates, scores: list[float], spread: bool) -> list[int]:
    """What the service gives with today's settings (rag/answer/choosing.py); with spread, the BUDGET best taking the
    best of each article first, then the rest by score."""
    if not spread:
        return choose(scores, q.cands, q.links, AnswerSettings())
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    articles = [c.hit.doc_id for c in q.cands]
    firsts = [i for n, i in enumerate(order) if articles[i] not in {articles[j] for j in order[:n]}]
    return (firsts + [i for i in order if i not in firsts])[:BUDGET]


def _found(qs: list[Candidates], scores: list[list[float]], spread: bool) -> float:
    held = [(q, s) for q, s in zip(qs, scores, strict=True) if any(q.labels)]
    return sum(any(q.labels[i] for i in chosen(q, s, spread)) for q, s in held) / max(1, len(held))


def by_chars(qs: list[Candidates], scores: list[list[float]]) -> dict[str, Any]:
    """Among the questions whose candidates hold the answer: what five sentences cost in characters (p50), and for
    each budget and length penalty how often the sentences chosen by rag/answer/choosing.py hold the answer, and how
    many are chosen (p50)."""
    held = [(q, s) for q, s in zip(qs, scores, strict=True) if any(q.labels)]
    five = [source_chars(q.cands, chosen(q, s, False)) for q, s in held]
    rows = []
    for chars in CHARS:
        settings = AnswerSettings(context_chars=chars)
        for penalty in PENALTIES:
            picked = [choose(s, q.cands, q.links, settings, penalty) for q, s in held]
            found = sum(any(q.labels[i] for i in p) for (q, _), p in zip(held, picked, strict=True))
            count = float(np.median([len(p) for p in picked])) if picked else 0.0
            rows.append(
                {"chars": chars, "penalty": penalty, "given": round(found / max(1, len(held)), 3), "sentences_p50": count}
            )
    return {"chars_of_five_p50": float(np.median(five)) if five else 0.0, "budgets": rows}


def fit(qs: list[Candidates], features: tuple[str, ...] = FEATURES) -> Ranker:
    from sklearn.linear_model import LogisticRegression  # dev dependency: fitting only

    x = columns(np.vstack([q.rows for q in qs if len(q.labels)]), features)
    y = np.asarray([label for q in qs for label in q.labels])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000).fit((x - mean) / scale, y)
    return Ranker(
        features, tuple(mean.tolist()), tuple(scale.tolist()), tuple(model.coef_[0].tolist()), float(model.intercept_[0])
    )


def out_of_fold(qs: list[Candidates], features: tuple[str, ...] = FEATURES, folds: int = 5) -> list[list[float]]:
    """Each question scored by a ranker fitted on the other folds (questions split in order, by set)."""
    scores: list[list[float]] = [[] for _ in qs]
    for k in range(folds):
        train = [q for i, q in enumerate(qs) if i % folds != k]
        ranker = fit(train, features)
        for i, q in enumerate(qs):
            if i % folds == k:
                scores[i] = ranker.scores(q.rows)
    return scores


def report(qs: list[Candidates], read: int, features: tuple[str, ...], command: str) -> dict[str, Any]:
    """Out of fold, how often the chosen sentences hold the answer: the hand-set score, the ranker over the features
    fitted, and (when some are dropped) over every feature."""
    learned = out_of_fold(qs, features)
    every = out_of_fold(qs) if features != FEATURES else learned
    dropped = [f for f in FEATURES if f not in features]
    result: dict[str, Any] = {**stamp(), "command": command, "read": read, "dropped": dropped}
    for name in SETS:
        picked = [i for i, q in enumerate(qs) if q.name == name]
        sub, hand, fitted = [qs[i] for i in picked], [qs[i].hand for i in picked], [learned[i] for i in picked]
        result[name] = {
            "questions": len(sub),
            "answer_in_candidates": sum(any(q.labels) for q in sub),
            "given_hand": round(_found(sub, hand, False), 3),
            "given_ranker_oof": round(_found(sub, fitted, False), 3),
            "given_ranker_oof_spread": round(_found(sub, fitted, True), 3),
            "given_ranker_oof_every_feature": round(_found(sub, [every[i] for i in picked], False), 3),
            "by_chars": by_chars(sub, fitted),
        }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--read", type=int, default=AnswerSettings().read_chunks, help="Chunks read for candidates (answer.read_chunks)."
    )
    parser.add_argument("--write", action="store_true", help="Write rag/answer/ranker.json (fitted on every question).")
    parser.add_argument("--out", type=Path, help="Write the ranker there instead (set answer.ranker_file to it).")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data", help="Where the eval indexes live.")
    parser.add_argument(
        "--index",
        action="append",
        default=[],
        metavar="SET=DIR",
        help="A set's index built already (as --index-dir of newsqa eval).",
    )
    parser.add_argument(
        "--drop",
        nargs="*",
        default=list(DROPPED),
        choices=FEATURES,
        metavar="FEATURE",
        help=f"Features the ranker leaves out (default: {', '.join(DROPPED)}; --drop alone: none).",
    )
    args = parser.parse_args()
    features = tuple(f for f in FEATURES if f not in args.drop)
    # the hand-set choice: the pool is the same either way, and the ranker being fitted may not exist yet
    base = Settings(
        data_dir=args.data_dir, _env_file=None, llm=LLMSettings(provider="extractive"), answer=AnswerSettings(choice="hand")
    )
    given = {name: Path(path) for name, path in (item.split("=", 1) for item in args.index)}
    qs = collect(args.read, base, given)
    result = report(qs, args.read, features, shlex.join(["python", "-m", "bench.tune.evidence_ranker", *sys.argv[1:]]))
    if args.write or args.out:
        out = args.out or ROOT / "rag" / "answer" / "ranker.json"
        out.write_text(json.dumps(fit(qs, features).as_json(), indent=1) + "\n")
        result["written"] = str(out.relative_to(ROOT) if out.is_relative_to(ROOT) else out)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "evidence_ranker.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
