"""Fit the confidence calibrator on eval runs and measure it: one command, also how to refit it for another model.

Each run is `newsqa eval QUESTIONS --corpus CORPUS --mode answer --out RUN.json` made with the model the calibrator
is for (every answer's signals are in its per-question rows). Then:

  python -m bench.tune.calibrate --run dev2022=RUN1.json --run y2025=RUN2.json --kind local

fits a logistic regression (standardised signals, L2 strength chosen by inner cross-validation) on the answers of
all runs, writes rag/trust/calibration/KIND.json (shipped; --out elsewhere for a model of your own, then set
NEWSQA_ANSWER__CALIBRATION to it), and measures it cross-validated (5 folds grouped by question, so a question's
two passes never sit on both sides) and across runs (fit on one run, checked on the other): ECE, AUROC, the
reliability chart, risk-coverage, and each run's metrics replayed at min_confidence thresholds. Results:
bench/results/calibration-KIND.json and .png. Kinds: local and extractive use the model's signals they have;
evidence uses no model signal (for any model behind provider=openai until it is refitted on its own runs).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegressionCV
from sklearn.model_selection import StratifiedGroupKFold, cross_val_predict
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from bench.common import RESULTS, ROOT
from evals.calibration import Sample, at_threshold, auroc, ece, over_questions, reliability, risk_coverage, samples
from rag.settings import Settings
from rag.trust.confidence import SIGNALS

# what only the embedded model gives: token log-probabilities, and the yes/no verdict (a model call of its own)
MODEL_SIGNALS = (*SIGNALS[:4], "verified")
THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
SEED = 924


def _features(kind: str, found: Sequence[Sample]) -> list[str]:
    """The signals this kind of model has, without those that never vary in the runs (they would carry nothing)."""
    wanted = [s for s in SIGNALS if kind == "local" or s not in MODEL_SIGNALS]
    return [f for f in wanted if len({s.signals.get(f) for s in found if s.signals.get(f) is not None}) > 1]


def _matrix(found: Sequence[Sample], features: Sequence[str], means: Sequence[float] | None = None) -> np.ndarray:
    """Samples by features; a missing value is the feature's mean (as rag.trust.confidence.Calibrator reads it)."""
    raw = np.array([[np.nan if s.signals.get(f) is None else s.signals[f] for f in features] for s in found], float)
    fill = np.nanmean(raw, axis=0) if means is None else np.asarray(means)
    return np.where(np.isnan(raw), fill, raw)


def _model() -> Pipeline:
    inner = LogisticRegressionCV(
        Cs=10, cv=5, scoring="neg_log_loss", max_iter=5000, l1_ratios=(0.0,), use_legacy_attributes=False
    )
    return make_pipeline(StandardScaler(), inner)


def _out_of_fold(found: Sequence[Sample], features: Sequence[str]) -> np.ndarray:
    y = np.array([s.right for s in found])
    groups = [s.key.removesuffix(":without_gold") for s in found]
    folds = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=SEED)
    x = _matrix(found, features)
    return np.asarray(cross_val_predict(_model(), x, y, groups=groups, cv=folds, method="predict_proba")[:, 1])


def _fit(found: Sequence[Sample], features: Sequence[str]) -> Pipeline:
    return _model().fit(_matrix(found, features), np.array([s.right for s in found]))


def _quality(p: Sequence[float], found: Sequence[Sample]) -> dict[str, Any]:
    y = [s.right for s in found]
    with_gold = [i for i, s in enumerate(found) if s.gold]
    without = [i for i, s in enumerate(found) if not s.gold]
    return {
        "answers": len(found),
        "right": float(np.mean(y)) if y else None,
        "ece": ece(p, y),
        "auroc": auroc(p, y),
        "auroc_with_gold": auroc([p[i] for i in with_gold], [y[i] for i in with_gold]),
        "auroc_without_gold": auroc([p[i] for i in without], [y[i] for i in without]) if without else None,
        "reliability": reliability(p, y),
        "risk_coverage": risk_coverage(p, y),
    }


def _calibrator_file(model: Pipeline, features: Sequence[str], kind: str, runs: dict[str, Any], n: int) -> dict[str, Any]:
    scaler, logistic = model[0], model[-1]
    return {
        "version": 1,
        "name": kind,
        "features": list(features),
        "mean": [round(float(v), 6) for v in scaler.mean_],
        "scale": [round(float(v), 6) for v in scaler.scale_],
        "coef": [round(float(v), 6) for v in logistic.coef_[0]],
        "intercept": round(float(logistic.intercept_[0]), 6),
        "fitted_on": {name: run["command"] for name, run in runs.items()},
        "answers": n,
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "refit": "python -m bench.tune.calibrate --run NAME=RUN.json ... --kind KIND (see its docstring)",
    }


def _chart(result: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 4.5))
    ax.plot([0, 1], [0, 1], color="grey", linestyle=":", label="perfectly calibrated")
    for name, q in result["cross_validated"].items():
        bins = q["reliability"]
        ax.plot([b["confidence"] for b in bins], [b["right"] for b in bins], marker="o", label=f"{name} (ECE {q['ece']:.3f})")
    ax.set(
        title=f"Reliability, {result['kind']} (5-fold CV)", xlabel="confidence", ylabel="share right", xlim=(0, 1), ylim=(0, 1)
    )
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--run", action="append", required=True, help="NAME=RUN.json (newsqa eval --mode answer --out)")
    parser.add_argument("--kind", choices=("local", "extractive", "evidence"), default="local")
    parser.add_argument(
        "--check", action="append", default=[], help="NAME=RUN.json: checked by the fitted calibrator, not fitted on"
    )
    parser.add_argument("--drop", default="", help="signals left out, comma-separated (what one adds: fit with and without)")
    parser.add_argument("--out", type=Path, help="calibrator file (default: the shipped rag/trust/calibration/KIND.json)")
    parser.add_argument("--results", type=Path, default=RESULTS, help=f"where results go (default {RESULTS})")
    args = parser.parse_args(argv)
    runs = {name: json.loads(Path(path).read_text()) for name, path in (r.split("=", 1) for r in args.run)}
    rows = {name: run["answers"]["per_question"] for name, run in runs.items()}
    found = {name: samples(r, name) for name, r in rows.items()}
    every = [s for f in found.values() for s in f]
    features = [f for f in _features(args.kind, every) if f not in args.drop.split(",")]
    oof = dict(zip([s.key for s in every], _out_of_fold(every, features).tolist(), strict=True))
    result: dict[str, Any] = {"kind": args.kind, "features": features, "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}
    result["command"] = " ".join(["python -m bench.tune.calibrate", *(argv if argv is not None else sys.argv[1:])])
    result["runs"] = {n: {k: run[k] for k in ("machine", "date", "command", "questions")} for n, run in runs.items()}
    result["cross_validated"] = {n: _quality([oof[s.key] for s in f], f) for n, f in found.items()}
    result["cross_validated"]["all"] = _quality([oof[s.key] for s in every], every)
    for name, r in rows.items():  # abstentions count as confidence 0: the service's whole separation
        result["cross_validated"][name] |= {"auroc_questions": over_questions(r, oof, name),
                                            "auroc_questions_without_gold": over_questions(r, oof, name, gold=False)}  # fmt: skip
    result["across_runs"] = _across(found, features)
    default = result["default_min_confidence"] = Settings(_env_file=None).answer.min_confidence
    thresholds = sorted({*THRESHOLDS, default})  # the default's row is always there
    result["thresholds"] = {n: [at_threshold(rows[n], oof, t, n) for t in thresholds] for n in runs}
    model = _fit(every, features)
    for name, path in (c.split("=", 1) for c in args.check):  # runs only checked: another server, the same weights
        result.setdefault("checked", {})[name] = _checked(model, features, name, json.loads(Path(path).read_text()), thresholds)
    target = args.out or ROOT / "rag" / "trust" / "calibration" / f"{args.kind}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(_calibrator_file(model, features, args.kind, runs, len(every)), indent=2) + "\n")
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / f"calibration-{args.kind}.json").write_text(json.dumps(result, indent=2))
    _chart(result, args.results / f"calibration-{args.kind}.png")
    _print(result)


def _checked(
    model: Pipeline, features: Sequence[str], name: str, run: dict[str, Any], thresholds: Sequence[float]
) -> dict[str, Any]:
    """A run the fit did not see, scored by the fitted calibrator: its quality and its metrics at each threshold."""
    rows = run["answers"]["per_question"]
    held = samples(rows, name)
    p = model.predict_proba(_matrix(held, features))[:, 1].tolist() if held else []
    scored = dict(zip([s.key for s in held], p, strict=True))
    q = {k: v for k, v in _quality(p, held).items() if k not in ("reliability", "risk_coverage")}
    q |= {"auroc_questions": over_questions(rows, scored, name), "command": run["command"], "date": run["date"]}
    return q | {"thresholds": [at_threshold(rows, scored, t, name) for t in thresholds]}


def _across(found: dict[str, list[Sample]], features: Sequence[str]) -> dict[str, Any]:
    """Fit on every run but one, check on that one: how the calibrator carries to another period's questions."""
    out = {}
    for name, held in found.items():
        rest = [s for n, f in found.items() if n != name for s in f]
        if rest and held:
            p = _fit(rest, features).predict_proba(_matrix(held, features))[:, 1].tolist()
            q = _quality(p, held)
            out[name] = {k: q[k] for k in ("answers", "right", "ece", "auroc", "auroc_with_gold", "auroc_without_gold")}
    return out


def _print(result: dict[str, Any]) -> None:
    for name, q in result["cross_validated"].items():
        print(f"{name}: answers {q['answers']} right {q['right']:.3f} ECE {q['ece']:.3f} AUROC {q['auroc'] or 0:.3f}")
    for name, q in result["across_runs"].items():
        print(f"held out {name}: ECE {q['ece']:.3f} AUROC {q['auroc'] or 0:.3f}")
    for name, q in result.get("checked", {}).items():
        print(f"checked {name}: answers {q['answers']} right {q['right']:.3f} ECE {q['ece']:.3f} AUROC {q['auroc'] or 0:.3f}")
    for name, table in result["thresholds"].items():
        for row in table:
            print(name, json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in row.items()}))


if __name__ == "__main__":
    main()
