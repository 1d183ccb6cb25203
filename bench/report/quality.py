"""The quality sections of the benchmark page: retrieval, answers (by type, by stage, with and without as_of),
the context sweep, multiple choice, follow-ups and fuzzing."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bench.report.format import Result, metric_row, ms, stamp

UNAWARE = " (no as_of)"  # evals/retrieval.py's suffix for time-unaware rows (not imported: bench imports no evals logic)
ANSWER_KEYS = (  # the answer metrics the as_of comparison puts side by side
    "evidence_recall",
    "answer_accuracy",
    "resolved_choice_accuracy",
    "citation_precision",
    "abstention_without_gold",
    "false_abstention",
    "answered",
)


def retrieval(r: Result) -> list[str]:
    rows = {**r["retrieval"], **({"LlamaIndex baseline (dense, top-5 chunks cited)": r["baseline"]} if "baseline" in r else {})}
    cols = list(dict.fromkeys(c for row in rows.values() for c in row))
    unaware = any(mode.endswith(UNAWARE) for mode in rows)
    lines = [
        f"## Retrieval on the dev split ({r.get('questions', '?')} questions, {r.get('articles', '?')} articles)",
        "",
        stamp(r, "newsqa eval --mode retrieval")
        + (f" Rows marked{UNAWARE} search without the question's date, time words or recency prior." if unaware else ""),
        "",
        "| retrieval | " + " | ".join(cols) + " |",
        "|---|" + "---|" * len(cols),
    ]
    for mode, row in rows.items():
        lines.append(f"| {mode} | " + " | ".join(f"{row[c]:.3f}" if c in row else "" for c in cols) + " |")
    return [*lines, "", *_evidence(r.get("evidence", {}))]


def _evidence(percentiles: Mapping[str, Mapping[str, float]]) -> list[str]:
    """The best evidence score with the gold articles indexed and filtered out: what abstention is calibrated on."""
    if not percentiles:
        return []
    lines = ["| best evidence score | gold present | gold filtered out |", "|---|---|---|"]
    lines += [f"| {p} | {v['present']:.3f} | {v['removed']:.3f} |" for p, v in percentiles.items()]
    return [*lines, ""]


def _hits_rows(answers: Result, retrieval: Result | None, own: bool) -> list[str]:
    """Article Hits@1/@5 for the answer run's retrieval mode, taken from the retrieval run (retrieval.json), or with
    own from the answer run itself (the whole-corpus run has no retrieval run of its own corpus)."""
    source, where = (answers, "this run") if own else (retrieval, "the retrieval run")
    if source is None:
        return []
    rows = []
    for mode in answers.get("retrieval", {}):
        block = source.get("retrieval", {}).get(mode, {})
        rows += metric_row(f"article Hits@1 from {where}, {mode}", block, "hits@1", ">= 0.85")
        rows += metric_row(f"article Hits@5 from {where}, {mode}", block, "hits@5", ">= 0.95")
    return rows


def answers(r: Result, retrieval: Result | None = None, own_hits: bool = False) -> list[str]:
    a = r["answers"]
    as_of = {True: ", as_of on", False: ", as_of off"}.get(a.get("as_of"), "")
    accuracy_target = ">= 0.45" if a.get("provider") == "extractive" else ">= 0.55"
    lines = [
        f"## Answers on the dev {'questions over the whole corpus' if own_hits else 'split'} ({r.get('questions', '?')} "
        f"questions, {r.get('articles', '?')} articles, "
        f"provider `{a.get('provider', '?')}`{as_of})",
        "",
        stamp(r, "newsqa eval --mode answer"),
        "",
        "| metric | measured | target |",
        "|---|---|---|",
        *_hits_rows(r, retrieval, own_hits),
        *metric_row("evidence recall (the gold answer is in the sentences given)", a, "evidence_recall", ">= 0.70"),
        *metric_row("answer accuracy (answer contains the gold answer)", a, "answer_accuracy", accuracy_target),
        *metric_row("resolved-choice accuracy (answer resolves to the right option)", a, "resolved_choice_accuracy", ">= 0.70"),
        *metric_row("citation precision (citations inside a gold article)", a, "citation_precision", ">= 0.90"),
        *metric_row("citation support (inside a gold article, or the quote states the gold answer)", a, "citation_support"),
        *metric_row(f"exact-quote rate ({a.get('citations', '?')} citations)", a, "exact_quote_rate", "1.000"),
        *metric_row("abstention with the gold articles filtered out", a, "abstention_without_gold", ">= 0.80"),
        *metric_row("gold filtered out, yet the evidence left holds the gold answer", a, "answer_elsewhere"),
        *metric_row("abstention where no evidence left holds it", a, "abstention_without_answer"),
        *metric_row("false abstention (abstained, a gold article retrieved)", a, "false_abstention", "<= 0.10"),
        *metric_row("false abstention where the evidence given held the gold answer", a, "false_abstention_with_answer"),
        *metric_row("answered", a, "answered"),
        *_length_row(a),
        "",
    ]
    return lines + _by_type(a.get("by_type", {})) + _latency(a.get("latency_ms", {}))


def _length_row(a: Mapping[str, Any]) -> list[str]:
    """The median length of the answers given: accuracy by "contains the gold answer" rises with length."""
    value = a.get("answer_chars_p50")
    return [f"| answer length, characters (median of those answered) | {value:.0f} | |"] if isinstance(value, int | float) else []


def _by_type(by_type: Mapping[str, Mapping[str, float]]) -> list[str]:
    """Evidence recall beside accuracy per answer type: shows whether retrieval or the answer step is the limit."""
    if not by_type:
        return []
    lines = ["| answer type | questions | evidence recall | contains gold | resolved choice |", "|---|---|---|---|---|"]
    for kind, v in by_type.items():
        cells = (f"{v[k]:.3f}" if k in v else "" for k in ("evidence_recall", "correct", "resolved_choice"))
        lines.append(f"| {kind} | {v.get('questions', '')} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _latency(stages: Mapping[str, Mapping[str, float]]) -> list[str]:
    if not stages:
        return []
    lines = ["| stage | p50 ms | p95 ms |", "|---|---|---|"]
    lines += [f"| {stage.removesuffix('_ms')} | {ms(v['p50'])} | {ms(v['p95'])} |" for stage, v in stages.items()]
    return [*lines, ""]


def _diff_row(label: str, on: Mapping[str, Any], off: Mapping[str, Any], key: str) -> list[str]:
    if not (isinstance(on.get(key), int | float) and isinstance(off.get(key), int | float)):
        return []
    return [f"| {label} | {on[key]:.3f} | {off[key]:.3f} | {on[key] - off[key]:+.3f} |"]


def as_of_comparison(without: Result, with_as_of: Result | None, retrieval: Result | None) -> list[str]:
    """Answers and retrieval with the question's date against without it (rendered after the no-as_of answers)."""
    if with_as_of is None:
        return []
    on, off = with_as_of["answers"], without["answers"]
    lines = [
        f"## Answers with as_of vs without (provider `{on.get('provider', '?')}`)",
        "",
        f"With as_of: {with_as_of.get('date', '?')}, without: {without.get('date', '?')}; two runs, so latency",
        "differences include the machine's noise.",
        "",
        "| metric | with as_of | without | difference |",
        "|---|---|---|---|",
    ]
    for key in ANSWER_KEYS:
        lines += _diff_row(key.replace("_", " "), on, off, key)
    rows = (retrieval or {}).get("retrieval", {})
    for unaware in (m for m in rows if m.endswith(UNAWARE) and m.removesuffix(UNAWARE) in rows):
        aware = unaware.removesuffix(UNAWARE)
        for key in ("hits@1", "hits@5", "mrr@10"):
            lines += _diff_row(f"article {key} from the retrieval run, {aware}", rows[aware], rows[unaware], key)
    return [*lines, ""]


def context(r: Result) -> list[str]:
    rows = r["context"]
    with_model = any("answer_accuracy" in row for row in rows)
    cols = ["sentences", "window", "titles", "evidence recall", "words given"]
    cols += ["answer accuracy", "resolved choice", "answered", "p50 s", "p95 s"] if with_model else []
    lines = [
        f"## Context size: evidence given to the model ({r.get('questions', '?')} questions, provider `{r.get('provider', '?')}`)",
        "",
        stamp(r, "newsqa eval --mode context"),
        "",
        "| " + " | ".join(cols) + " |",
        "|" + "---|" * len(cols),
    ]
    for row in rows:
        cells = [str(row["sentences"]), str(row["window"]), "yes" if row["titles"] else "no"]
        cells += [f"{row['evidence_recall']:.3f}", f"{row['source_words']:.0f}"]
        if with_model:
            cells += [f"{row[k]:.3f}" if k in row else "" for k in ("answer_accuracy", "resolved_choice_accuracy", "answered")]
            cells += [f"{row[k]:.2f}" if k in row else "" for k in ("p50_s", "p95_s")]
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, "", *_paired(rows)]


def _paired(rows: list[dict[str, Any]]) -> list[str]:
    """Settings the model ran with, compared question by question against the first: means alone hide how many
    questions changed sides."""
    ran = [row for row in rows if "correct_by_question" in row]
    if len(ran) < 2:
        return []
    first, out = ran[0], []
    for row in ran[1:]:
        a, b = first["correct_by_question"], row["correct_by_question"]
        only_a = sum(x == "1" and y == "0" for x, y in zip(a, b, strict=False))
        only_b = sum(x == "0" and y == "1" for x, y in zip(a, b, strict=False))
        out.append(
            f"Question by question, {_setting(row)} against {_setting(first)}: {only_b} answers right only with "
            f"{_setting(row)}, {only_a} only with {_setting(first)}."
        )
    return [*out, ""]


def _setting(row: dict[str, Any]) -> str:
    return f"{row['sentences']} sentences / window {row['window']}"


def choice(r: Result) -> list[str]:
    c = r["choice"]
    return [
        f"## Multiple choice on the dev split ({r.get('questions', '?')} questions, picked by {c.get('by', '?')})",
        "",
        stamp(r, "newsqa eval --mode choice"),
        "",
        f"Choice accuracy: **{c['accuracy']:.3f}** (goal >= 0.80).",
        "",
    ]


def followups(r: Result) -> list[str]:
    """Accuracy per turn asked with the conversation (rewritten) and alone: what rewriting buys."""
    on, off = r.get("with_rewriting", {}), r.get("without_rewriting", {})
    lines = [
        f"## Follow-up questions ({r.get('conversations', '?')} conversations, {r.get('articles', '?')} articles, "
        f"provider `{r.get('provider', '?')}`)",
        "",
        stamp(r, "newsqa eval conversations.jsonl --mode followups"),
        "",
        "| turn | questions | accuracy with rewriting | without rewriting |",
        "|---|---|---|---|",
    ]
    for turn, v in on.get("turns", {}).items():
        alone = off.get("turns", {}).get(turn, {})
        lines.append(f"| {turn} | {v['questions']} | {v['accuracy']:.3f} | " + (f"{alone['accuracy']:.3f} |" if alone else " |"))
    if "follow_up_accuracy" in on and "follow_up_accuracy" in off:
        later = sum(v["questions"] for turn, v in on.get("turns", {}).items() if turn != "1")
        lines.append(
            f"| all follow-ups (turn > 1) | {later} | {on['follow_up_accuracy']:.3f} | {off['follow_up_accuracy']:.3f} |"
        )
    return [*lines, ""]


def _fuzz_failures(outcome: str) -> str:
    """schemathesis's summary says 'N passed' or 'N found M unique failures'; anything else is shown as unknown."""
    found = re.search(r"(\d+) unique failure", outcome)
    return found.group(1) if found else "0" if re.search(r"\d+ passed", outcome) else "?"


def fuzz(r: Result) -> list[str]:
    seconds = r.get("seconds_per_key", r.get("seconds", 120))
    runs = r.get("keys") or {"none": r}  # results from before keys were required have one run without a key
    lines = [
        f"## API fuzzing (schemathesis against a live server, {seconds} s per key)",
        "",
        stamp(r, f"python -m bench.measure.fuzz --seconds {seconds}"),
        "",
        "| key | cases generated | unique failures | exit code |",
        "|---|---|---|---|",
    ]
    for scope, run in runs.items():
        outcome = str(run.get("outcome", ""))
        lines.append(f"| {scope} | {run.get('cases', '?')} | {_fuzz_failures(outcome)} | {run.get('exit_code', '?')} |")
    outcomes = "; ".join(f"{scope}: `{' '.join(str(run.get('outcome', '')).split())}`" for scope, run in runs.items())
    return [*lines, "", f"Checks: {', '.join(r.get('checks', [])) or '?'}. Outcome: {outcomes}.", ""]


def injection(r: Result) -> list[str]:
    followed = r.get("followed", [])
    return [
        f"## Prompt injection against the `{r.get('provider', '?')}` model",
        "",
        stamp(r, "python -m bench.measure.injection"),
        "",
        "| variants | followed | rate | which |",
        "|---|---|---|---|",
        f"| {r.get('variants', '?')} | {len(followed)} | {len(followed) / max(int(r.get('variants', 1)), 1):.2f} | "
        f"{', '.join(followed) or 'none'} |",
        "",
    ]


def paired(r: Result) -> list[str]:
    lines = [
        f"## Paired latency: this code against the baseline ({r.get('articles', '?')} articles, requests alternating)",
        "",
        stamp(r, "python -m bench.measure.paired --baseline DIR"),
        f"Baseline tree: `{r.get('baseline', '?')}`.",
        "",
        "| route | n | baseline p50 ms | current p50 ms | baseline p95 ms | current p95 ms | current / baseline p50 |",
        "|---|---|---|---|---|---|---|",
    ]
    for route, s in r.get("routes", {}).items():
        lines.append(
            f"| {route} | {s['n']} | {ms(s['baseline_p50_ms'])} | {ms(s['current_p50_ms'])} | {ms(s['baseline_p95_ms'])} | "
            f"{ms(s['current_p95_ms'])} | {s['ratio_p50']:.2f}x |"
        )
    answered = r.get("answered", {})
    if answered:
        counts = ", ".join(f"{name} {sum(routes.values())}" for name, routes in answered.items())
        lines += ["", f"Local-model asks answered (not abstained before the model): {counts}."]
    return [*lines, ""]


def paraphrases(r: Result) -> list[str]:
    lines = [
        f"## Answerable paraphrases ({r.get('questions', '?')} questions over the seed article and dev articles)",
        "",
        stamp(r, "python -m bench.measure.paraphrases"),
        "",
        "| provider | prompts | refusal_confidence | refused (false abstention) | answers holding the answer | p50 s |",
        "|---|---|---|---|---|---|",
    ]
    for row in r.get("rows", []):
        confidence = row.get("refusal_confidence")
        lines.append(
            f"| {row['provider']} | {row['prompts'] or '-'} | {'-' if confidence is None else f'{confidence:g}'} | "
            f"{len(row['refused'])} ({row['false_abstention']:.2f}) | "
            f"{row['holds_answer']:.2f} | {row['p50_s']:.2f} |"
        )
    return [*lines, ""]


def refusal_confidence(r: Result) -> list[str]:
    refusals = r.get("refusals", {})
    lines = [
        f"## Refusal confidence on the dev split ({r.get('questions', '?')} questions, {r.get('articles', '?')} articles)",
        "",
        stamp(r, "python -m bench.tune.refusal_confidence")
        + " One local-model run asked every refusal once more with its first token banned; each row replays a"
        " threshold on it (a refusal whose first token had at least that probability stands). The model opened with"
        f" a refusal on {len(refusals.get('with_gold', []))} questions, and on"
        f" {len(refusals.get('without_gold', []))} with their gold articles filtered out.",
        "",
        "| refusal_confidence | re-asked | contains gold | resolved choice | false abstention | ... with answer"
        " in evidence | abstention without answer | without gold | citation precision |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in r.get("rows", []):
        lines.append(
            f"| {row['refusal_confidence']:g} | {row['overruled']:.0f} | {row['answer_accuracy']:.3f} | "
            f"{row['resolved_choice_accuracy']:.3f} | {row['false_abstention']:.3f} | "
            f"{row['false_abstention_with_answer']:.3f} | {row['abstention_without_answer']:.3f} | "
            f"{row['abstention_without_gold']:.3f} | {row['citation_precision']:.3f} |"
        )
    return [*lines, ""]
