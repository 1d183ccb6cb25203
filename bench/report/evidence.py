"""The evidence sections of the benchmark page: where the answer is lost on its way to the reader, the earlier
sentence choice against today's in one run (bench/measure/evidence_funnel.py), and the ranker's fit
(bench/tune/evidence_ranker.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bench.measure.funnel_arms import BEFORE
from bench.report.format import Result, stamp

SETS = {"realtimeqa": "2022 dev (600 distractors)", "realtimeqa2025": "2025 set (every search result)"}
STAGES = ("in_read", "in_candidates", "in_given", "in_answer")


def _settings(choice: Mapping[str, Any]) -> str:
    return ", ".join(f"answer.{k}={v}" for k, v in choice.items())


def funnel(r: Result) -> list[str]:
    earlier = r.get("choices", {}).get("earlier", BEFORE)
    today = r.get("choices", {}).get("today") or {}
    if earlier == BEFORE:
        title, against = "earlier choice", _settings(today) if today else "today's"
        arms = "earlier: the hand-set score over the 5 chunks retrieved; today: the fitted ranker over answer.read_chunks chunks"
        arms += f", with {against}" if today else ""
    else:
        title, against = _settings(earlier) or "the defaults", _settings(today) if today else "today's"
        given = f" with {title}" if earlier else ""
        arms = f"earlier: the defaults of the run's date{given}; today: " + (f"with {against}" if today else "those defaults")
    lines = [
        f"## Evidence funnel, {title} against {against} (provider={r.get('provider', '?')}, one run, {r.get('date', '?')})",
        "",
        stamp(r, "python -m bench.measure.evidence_funnel"),
        f"Each question answered by both, by turns, one chat model shared. {arms}. Stages: the answer's words in the "
        "chunks read, in their candidate sentences, in the sentences given to the model, in the answer; rates among the "
        "questions whose own articles hold the answer (in brackets: among all).",
        "",
    ]
    if kinds := r.get("kinds"):
        lines += [f"Only the questions that ask for: {', '.join(kinds)} (bench/measure/evidence_funnel.py --kinds).", ""]
    if note := r.get("note"):
        lines += [str(note), ""]
    if common := r.get("common"):
        lines += [f"Both with {', '.join(f'answer.{k}={v}' for k, v in common.items())} (not what is compared).", ""]
    for name, label in SETS.items():
        if name in r:
            lines += _set(label, r[name], float(r.get("gate", 0.0)))
    return lines


def _set(label: str, block: Mapping[str, Any], gate: float) -> list[str]:
    earlier, today = block["earlier"], block["today"]
    held = int(today["funnel"]["answer_in_sources"]["questions"])
    lines = [
        f"**{label}**: {block['questions']} questions, the answer in a question's own articles for {held}.",
        "",
        "| | earlier | today |",
        "|---|---|---|",
    ]
    for stage in STAGES:
        cells = [f"{b['funnel']['answer_in_sources'][stage]:.3f} ({b['funnel']['all'][stage]:.3f})" for b in (earlier, today)]
        lines.append(f"| {stage} | {cells[0]} | {cells[1]} |")
    rows = (
        ("contains gold (all)", "contains_gold", "{:.3f}"),
        (f"answered at the default gate ({gate:g})", "answered_at_gate", "{:.3f}"),
        ("right among those answered", "right_among_answered_at_gate", "{:.3f}"),
        ("prompt tokens, p50", "prompt_tokens_p50", "{:.0f}"),
        ("seconds per answer, p50", "seconds_p50", "{:.2f}"),
    )
    lines += [f"| {text} | {fmt.format(earlier[key])} | {fmt.format(today[key])} |" for text, key, fmt in rows]
    lines.append(f"| today / earlier seconds, paired p50 | | {block['seconds_ratio_p50']:.2f} |")
    if (both := block.get("seconds_ratio_p50_both_answered")) is not None:
        lines.append(f"| the same, over the {block['both_answered']} both arms answered | | {both:.2f} |")
    if "articles_given_mean" in today:
        lines.append(f"| articles given, mean | {earlier['articles_given_mean']:.2f} | {today['articles_given_mean']:.2f} |")
    return [*lines, "", *_by_type(earlier, today), ""]


def _by_type(earlier: Mapping[str, Any], today: Mapping[str, Any]) -> list[str]:
    lines = ["| answer type | questions | in_given earlier | in_given today | in_answer earlier | in_answer today |"]
    lines.append("|---|---|---|---|---|---|")
    for kind, row in today["funnel"]["by_type"].items():
        was = earlier["funnel"]["by_type"][kind]
        lines.append(
            f"| {kind} | {row['questions']:.0f} | {was['in_given']:.3f} | {row['in_given']:.3f} | "
            f"{was['in_answer']:.3f} | {row['in_answer']:.3f} |"
        )
    return lines


def ranker(r: Result) -> list[str]:
    dropped = list(r.get("dropped", []))
    every = f" | every feature (with {', '.join(dropped)})" if dropped else ""
    lines = [
        f"## Evidence ranker, out of fold (candidates of {r.get('read', '?')} chunks, budget 5 sentences)",
        "",
        stamp(r, "python -m bench.tune.evidence_ranker"),
        "Share of the questions whose candidates hold the answer for which the 5 sentences chosen hold it: the hand-set "
        "score, the ranker fitted on the other folds, and that ranker taking one sentence per article first (spread)"
        + (f"; the shipped ranker leaves out {', '.join(dropped)}, and the last column fits it too" if dropped else "")
        + ".",
        "",
        f"| set | questions | answer in candidates | hand-set | ranker | ranker, spread{every} |",
        "|---|---|---|---|---|---|" + ("---|" if dropped else ""),
    ]
    for name in SETS:
        if name in r:
            b = r[name]
            extra = f" {b['given_ranker_oof_every_feature']:.3f} |" if dropped else ""
            lines.append(
                f"| {name} | {b['questions']} | {b['answer_in_candidates']} | {b['given_hand']:.3f} | "
                f"{b['given_ranker_oof']:.3f} | {b['given_ranker_oof_spread']:.3f} |{extra}"
            )
    return [*lines, "", *_by_chars(r)]


def _by_chars(r: Result) -> list[str]:
    """The same out-of-fold ranker choosing by a budget of characters (answer.context_chars), when the file has it."""
    sets = [name for name in SETS if "by_chars" in r.get(name, {})]
    if not sets:
        return []
    lines = [
        "Choosing by characters instead (answer.context_chars: each sentence, its number and its article's title line "
        "counted), the same ranker's scores lowered by penalty x log(length). Five sentences cost "
        + "; ".join(f"{r[name]['by_chars']['chars_of_five_p50']:.0f} characters at p50 on {name}" for name in sets)
        + ". Share given, as above, and the sentences chosen (p50):",
        "",
        "| characters | penalty | " + " | ".join(f"{name}: given | sentences" for name in sets) + " |",
        "|---|---|" + "---|---|" * len(sets),
    ]
    rows = zip(*(r[name]["by_chars"]["budgets"] for name in sets), strict=True)
    for row in rows:
        cells = " | ".join(f"{b['given']:.3f} | {b['sentences_p50']:.0f}" for b in row)
        lines.append(f"| {row[0]['chars']} | {row[0]['penalty']} | {cells} |")
    return [*lines, ""]
