"""Confidence metrics over eval rows (pure, no fitting): the answers a calibrator is fitted on, ECE, AUROC, the
reliability bins, the risk-coverage table, and what a min_confidence threshold gives when replayed on one run.

A run made with min_confidence=0 (newsqa eval always asks so) formed every answer; at a threshold t an answer whose
confidence p < t becomes a low_confidence abstention: nothing right, a false abstention where gold was retrieved.
The replay is exact because the gate comes after the answer is formed (it changes no other answer).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from evals.metrics import mean

Row = Mapping[str, Any]
COVERAGES = (1.0, 0.9, 0.8, 0.7, 0.6)


@dataclass(frozen=True)
class Sample:
    """One answer given (abstentions carry no confidence): its signals, whether it was right, and where from."""

    signals: Mapping[str, float]
    right: bool
    key: str  # run:question id, with :without_gold for the pass with the gold articles filtered out
    gold: bool  # asked with its gold articles in the store (False: the pass with them filtered out)


def samples(rows: Sequence[Row], run: str) -> list[Sample]:
    """The answers given in one eval run (and in its pass without gold articles, when it made one)."""
    out = []
    for r in rows:
        for suffix, key, gold in (("", "", True), ("_without_gold", ":without_gold", False)):
            if r.get(f"signals{suffix}") and r.get(f"reason{suffix}") is None and f"right{suffix}" in r:
                out.append(Sample(r[f"signals{suffix}"], bool(r[f"right{suffix}"]), f"{run}:{r['id']}{key}", gold))
    return out


def auroc(p: Sequence[float], y: Sequence[bool]) -> float | None:
    """The probability that a right answer scores above a wrong one (ties count half); None without both kinds."""
    pos = [a for a, b in zip(p, y, strict=True) if b]
    neg = [a for a, b in zip(p, y, strict=True) if not b]
    if not pos or not neg:
        return None
    wins = sum((a > b) + 0.5 * (a == b) for a in pos for b in neg)
    return wins / (len(pos) * len(neg))


def reliability(p: Sequence[float], y: Sequence[bool], bins: int = 10) -> list[dict[str, float]]:
    """Equal-width bins over [0, 1]: how many answers, their mean confidence and the share right."""
    out = []
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [(a, c) for a, c in zip(p, y, strict=True) if low <= a < high or (b == bins - 1 and a == 1.0)]
        if inside:
            out.append({"low": low, "high": high, "n": len(inside), "confidence": mean([a for a, _ in inside]),
                        "right": mean([float(c) for _, c in inside])})  # fmt: skip
    return out


def ece(p: Sequence[float], y: Sequence[bool], bins: int = 10) -> float:
    """Expected calibration error: the answer-weighted gap between confidence and the share right, per bin."""
    total = len(p)
    return sum(b["n"] / total * abs(b["confidence"] - b["right"]) for b in reliability(p, y, bins)) if total else 0.0


def risk_coverage(p: Sequence[float], y: Sequence[bool], coverages: Sequence[float] = COVERAGES) -> list[dict[str, float]]:
    """Accuracy among the answers kept when only the most confident share of them is given."""
    ranked = [c for _, c in sorted(zip(p, y, strict=True), key=lambda t: -t[0])]
    out = []
    for share in coverages:
        kept = ranked[: max(1, round(share * len(ranked)))] if ranked else []
        out.append({"coverage": share, "answers": len(kept), "accuracy": mean([float(c) for c in kept])})
    return out


def _kept(p: Mapping[str, float], key: str, threshold: float) -> bool:
    """The answer stands at this threshold: it was given and its confidence reaches the threshold."""
    return key in p and p[key] >= threshold


def at_threshold(rows: Sequence[Row], p: Mapping[str, float], threshold: float, run: str) -> dict[str, float | None]:
    """One run's answer metrics replayed at a min_confidence (p: confidence per Sample.key)."""
    kept = [_kept(p, f"{run}:{r['id']}", threshold) for r in rows]
    right = [float(k and bool(r["right"])) for k, r in zip(kept, rows, strict=True)]
    out: dict[str, float | None] = {
        "threshold": threshold,
        "answered": mean([float(k) for k in kept]),
        "contains_answer": mean(right),
        "right_among_answered": mean([c for c, k in zip(right, kept, strict=True) if k]) if any(kept) else None,
    }
    if any("gold_retrieved" in r and r.get("signals_without_gold") is not None for r in rows):
        out["false_abstention"] = mean([float(r["gold_retrieved"] and not k) for r, k in zip(rows, kept, strict=True)])
        without = [not _kept(p, f"{run}:{r['id']}:without_gold", threshold) for r in rows if "right_without_gold" in r]
        out["abstention_without_gold"] = mean([float(a) for a in without])
    if any("answer_in_results" in r for r in rows):
        nowhere = [not k for r, k in zip(rows, kept, strict=True) if r.get("answer_in_results") is False]
        out["abstention_answer_in_no_result"] = mean([float(a) for a in nowhere])
    return out


def over_questions(rows: Sequence[Row], p: Mapping[str, float], run: str, gold: bool = True) -> float | None:
    """AUROC over every question asked, an abstention counting as confidence 0 (it is never right): how well the
    service as a whole (its abstentions and its confidence) separates right answers from the rest."""
    suffix, key = ("", "") if gold else ("_without_gold", ":without_gold")
    asked = [r for r in rows if f"right{suffix}" in r]
    scores = [p.get(f"{run}:{r['id']}{key}", 0.0) for r in asked]
    return auroc(scores, [bool(r[f"right{suffix}"]) for r in asked])
