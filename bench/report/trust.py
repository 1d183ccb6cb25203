"""The trust sections of the benchmark page: the confidence calibrator's quality, risk-coverage and thresholds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bench.report.format import Result, stamp

THRESHOLD_COLUMNS = (  # (key in evals.calibration.at_threshold's rows, heading)
    ("answered", "answered"),
    ("contains_answer", "contains the answer"),
    ("right_among_answered", "right among answered"),
    ("false_abstention", "false abstention"),
    ("abstention_without_gold", "abstention without gold"),
    ("abstention_answer_in_no_result", "abstention, answer in no result"),
)


def _num(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, int | float) else "-"


def _runs(r: Result) -> list[str]:
    return [f"- `{name}`: {run['questions']} questions, `{run['command']}` ({run['date']})" for name, run in r["runs"].items()]


def _quality(r: Result) -> list[str]:
    lines = [
        "| run | answers | right | ECE | AUROC | AUROC, gold kept | AUROC, gold removed | AUROC over questions "
        "(abstention = 0) | ... gold removed |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, q in r["cross_validated"].items():
        lines.append(
            f"| {name} (5-fold CV) | {q['answers']} | {_num(q['right'])} | {_num(q['ece'])} | {_num(q['auroc'])} | "
            f"{_num(q['auroc_with_gold'])} | {_num(q['auroc_without_gold'])} | {_num(q.get('auroc_questions'))} | "
            f"{_num(q.get('auroc_questions_without_gold'))} |"
        )
    for name, q in r["across_runs"].items():
        lines.append(
            f"| {name} (fitted on the other runs) | {q['answers']} | {_num(q['right'])} | {_num(q['ece'])} | "
            f"{_num(q['auroc'])} | {_num(q['auroc_with_gold'])} | {_num(q['auroc_without_gold'])} | | |"
        )
    for name, q in r.get("checked", {}).items():
        lines.append(
            f"| {name} (another run, not fitted on) | {q['answers']} | {_num(q['right'])} | {_num(q['ece'])} | "
            f"{_num(q['auroc'])} | {_num(q.get('auroc_with_gold'))} | {_num(q.get('auroc_without_gold'))} | "
            f"{_num(q.get('auroc_questions'))} | |"
        )
    return lines


def _risk_coverage(cv: Mapping[str, Mapping[str, Any]]) -> list[str]:
    names = list(cv)
    lines = ["| coverage | " + " | ".join(f"{n}: answers, accuracy" for n in names) + " |", "|---|" + "---|" * len(names)]
    for i, row in enumerate(cv[names[0]]["risk_coverage"]):
        cells = [f"{cv[n]['risk_coverage'][i]['answers']}, {_num(cv[n]['risk_coverage'][i]['accuracy'])}" for n in names]
        lines.append(f"| {row['coverage']:.0%} | " + " | ".join(cells) + " |")
    return lines


def _thresholds(name: str, rows: Sequence[Mapping[str, Any]], default: float | None) -> list[str]:
    columns = [(k, h) for k, h in THRESHOLD_COLUMNS if any(k in row for row in rows)]
    lines = [
        f"`{name}`:",
        "",
        "| min_confidence | " + " | ".join(h for _, h in columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    for row in rows:
        mark = " (default)" if default is not None and abs(row["threshold"] - default) < 1e-9 else ""
        lines.append(f"| {row['threshold']:g}{mark} | " + " | ".join(_num(row.get(k)) for k, _ in columns) + " |")
    return [*lines, ""]


def calibration(r: Result) -> list[str]:
    kind = r["kind"]
    machine = next(iter(r["runs"].values()))["machine"]
    lines = [
        f"## Confidence calibration ({kind})",
        "",
        f"Machine: {machine}. Date: {r['date']}. Command: `{r.get('command', f'python -m bench.tune.calibrate --run NAME=RUN.json ... --kind {kind}')}`"
        f" on these `newsqa eval --mode answer` runs (made with min_confidence 0, so every answer was formed):",
        "",
        *_runs(r),
        "",
        f"Features: {', '.join(r['features'])}. Every number below is out-of-fold (5 folds grouped by question) unless"
        " the row says it was fitted on the other runs. 'right': the answer contains the gold answer; 'gold removed':"
        " the same question asked with its gold articles filtered out (2022 dev only).",
        "",
        *_quality(r),
        "",
        f"![reliability, {kind}](../bench/results/calibration-{kind}.png)",
        "",
        "Risk-coverage: accuracy among the answers kept when only the most confident share is given.",
        "",
        *_risk_coverage(r["cross_validated"]),
        "",
        "Each run replayed at min_confidence thresholds (an answer below it becomes a low_confidence abstention).",
        "",
    ]
    for name, rows in r["thresholds"].items():
        lines += _thresholds(name, rows, r.get("default_min_confidence"))
    for name, q in r.get("checked", {}).items():
        lines += [f"Checked, not fitted on: `{name}` = `{q['command']}` ({q['date']}).", ""]
        lines += _thresholds(name, q["thresholds"], r.get("default_min_confidence"))
    return lines


def claims(r: Result) -> list[str]:
    """bench/measure/claims.py: the share of the model's replies whose cited quotes state every value they add to
    the question, cited by support alone and by today's claim check, from the same replies in one run."""
    sets = {name: v for name, v in r.items() if isinstance(v, Mapping) and "earlier" in v}
    lines = [
        f"## Claims stated ({r['provider']})",
        "",
        stamp(r, "python -m bench.measure.claims") + " Each reply the model wrote is cited twice from the same sentences "
        "given: by support alone (no claim check) and by today's default claim check.",
        "",
        "| set | replies | values stated, support alone | values stated, claim check | cite nothing, support alone |"
        " cite nothing, claim check | contains-gold | answered, no gate | right among answered, no gate |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, v in sets.items():
        e = v.get("eval", {})
        lines.append(
            f"| {name} | {v['replies']} | {_num(v['earlier']['values_stated'])} | {_num(v['today']['values_stated'])} | "
            f"{_num(v['earlier']['uncited'])} | {_num(v['today']['uncited'])} | {_num(e.get('answer_accuracy'))} | "
            f"{_num(e.get('answered'))} | {_num(e.get('right_among_answered'))} |"
        )
    return [*lines, ""]
