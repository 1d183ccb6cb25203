"""Rewrite docs/benchmarks.md from bench/results/*.json (the numbers of the last runs, with their machine)."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import RESULTS, ROOT

OUT = ROOT / "docs" / "benchmarks.md"
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
Result = dict[str, Any]
Renderer = Callable[[Result], list[str]]


def _load(name: str) -> Result | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.is_file() else None


def _stamp(r: Mapping[str, Any], command: str) -> str:
    """The line under every heading: which machine, when, and how to re-run it."""
    return f"Machine: {r.get('machine', '?')}. Date: {r.get('date', '?')}. Command: `{r.get('command', command)}`."


def _row(label: str, block: Mapping[str, Any], key: str, target: str = "") -> list[str]:
    """One metric row, or none: older runs lack the newer metrics, and a missing number must not crash the report."""
    value = block.get(key)
    return [f"| {label} | {value:.3f} | {target} |"] if isinstance(value, int | float) else []


def _ingest(r: Result) -> list[str]:
    rows, ratios = r["rows"], r["ratios"]
    names = {
        "newsqa": "(a) newsqa ingest",
        "llamaindex": "(b) LlamaIndex VectorStoreIndex.from_documents",
        "ceiling": "(c) embedder alone (same chunk texts)",
        "rerun": "newsqa re-ingest, all unchanged",
    }
    lines = [
        f"## Ingest ({r['articles']} real articles, one run)",
        "",
        f"Machine: {r['machine']}. Date: {r['date']}. Command: `python bench/ingest.py`.",
        "",
        "| pipeline | seconds | articles/s | chunks | chunks/s | peak RSS (MB) |",
        "|---|---|---|---|---|---|",
    ]
    for key in ("newsqa", "llamaindex", "ceiling", "rerun"):
        row = rows[key]
        lines.append(
            f"| {names[key]} | {row['seconds']:.2f} | {row['articles_per_s']:.2f} | {row['chunks']} | "
            f"{row['chunks_per_s']:.1f} | {row['peak_rss_mb']:.0f} |"
        )
    lines += [
        "",
        "| ratio | measured | target |",
        "|---|---|---|",
        f"| (a) / (b), articles/s | {ratios['newsqa_vs_llamaindex_articles_per_s']:.2f}x | >= 1.5x |",
        f"| (a) / (c), chunks/s | {ratios['newsqa_vs_ceiling_chunks_per_s']:.0%} | >= 85% |",
        f"| first ingest / unchanged re-ingest | {ratios['rerun_speedup']:.0f}x | >= 50x |",
        "",
    ]
    return lines


def _query(r: Result) -> list[str]:
    lines = [
        f"## Query latency over HTTP ({r['articles']} real articles + the seed, warm)",
        "",
        f"Machine: {r['machine']}. Date: {r['date']}. Command: `python bench/query.py`. Questions: the dev split's.",
        "",
        "| route | clients | p50 ms | p95 ms | p99 ms | req/s |",
        "|---|---|---|---|---|---|",
    ]
    for key in ("search_c1", "search_c8", "ask_extractive_c1", "ask_extractive_c8"):
        if key in r:
            s = r[key]
            name, clients = key.rsplit("_c", 1)
            lines.append(f"| {name} | {clients} | {s['p50_ms']:.1f} | {s['p95_ms']:.1f} | {s['p99_ms']:.1f} | {s['rps']:.1f} |")
    if "local_llm" in r:
        llm = r["local_llm"]
        lines += [
            "",
            f"Local LLM (streamed, {llm['n']} seed questions, {llm['answered']} answered): time to first token "
            f"p50 {llm['ttft_p50_s']:.2f} s, total p50 {llm['total_p50_s']:.2f} s, max {llm['total_max_s']:.2f} s.",
        ]
    return [*lines, ""]


def _retrieval(r: Result) -> list[str]:
    rows = {**r["retrieval"], **({"LlamaIndex baseline (dense, top-5 chunks cited)": r["baseline"]} if "baseline" in r else {})}
    cols = list(dict.fromkeys(c for row in rows.values() for c in row))
    unaware = any(mode.endswith(UNAWARE) for mode in rows)
    lines = [
        f"## Retrieval on the dev split ({r.get('questions', '?')} questions, {r.get('articles', '?')} articles)",
        "",
        _stamp(r, "newsqa eval --mode retrieval")
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


def _hits_rows(answers: Result, retrieval: Result | None) -> list[str]:
    """Article Hits@1/@5 for the answer run's retrieval mode, taken from the retrieval run (retrieval.json)."""
    if retrieval is None:
        return []
    rows = []
    for mode in answers.get("retrieval", {}):
        row = retrieval.get("retrieval", {}).get(mode, {})
        rows += _row(f"article Hits@1 from the retrieval run, {mode}", row, "hits@1", ">= 0.85")
        rows += _row(f"article Hits@5 from the retrieval run, {mode}", row, "hits@5", ">= 0.95")
    return rows


def _answers(r: Result, retrieval: Result | None = None) -> list[str]:
    a = r["answers"]
    as_of = {True: ", as_of on", False: ", as_of off"}.get(a.get("as_of"), "")
    accuracy_target = ">= 0.45" if a.get("provider") == "extractive" else ">= 0.55"
    lines = [
        f"## Answers on the dev split ({r.get('questions', '?')} questions, {r.get('articles', '?')} articles, "
        f"provider `{a.get('provider', '?')}`{as_of})",
        "",
        _stamp(r, "newsqa eval --mode answer"),
        "",
        "| metric | measured | target |",
        "|---|---|---|",
        *_hits_rows(r, retrieval),
        *_row("evidence recall (the gold answer is in the sentences given)", a, "evidence_recall", ">= 0.70"),
        *_row("answer accuracy (answer contains the gold answer)", a, "answer_accuracy", accuracy_target),
        *_row("resolved-choice accuracy (answer resolves to the right option)", a, "resolved_choice_accuracy", ">= 0.70"),
        *_row("citation precision (citations inside a gold article)", a, "citation_precision", ">= 0.90"),
        *_row(f"exact-quote rate ({a.get('citations', '?')} citations)", a, "exact_quote_rate", "1.000"),
        *_row("abstention with the gold articles filtered out", a, "abstention_without_gold", ">= 0.80"),
        *_row("false abstention (abstained, a gold article retrieved)", a, "false_abstention", "<= 0.10"),
        *_row("answered", a, "answered"),
        "",
    ]
    return lines + _by_type(a.get("by_type", {})) + _latency(a.get("latency_ms", {}))


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
    lines += [f"| {stage.removesuffix('_ms')} | {_ms(v['p50'])} | {_ms(v['p95'])} |" for stage, v in stages.items()]
    return [*lines, ""]


def _ms(value: float) -> str:
    """Whole milliseconds, but a decimal under 10 ms: the evidence and cite stages would otherwise all read 0."""
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def _diff_row(label: str, on: Mapping[str, Any], off: Mapping[str, Any], key: str) -> list[str]:
    if not (isinstance(on.get(key), int | float) and isinstance(off.get(key), int | float)):
        return []
    return [f"| {label} | {on[key]:.3f} | {off[key]:.3f} | {on[key] - off[key]:+.3f} |"]


def _as_of_comparison(without: Result, with_as_of: Result | None, retrieval: Result | None) -> list[str]:
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


def _context(r: Result) -> list[str]:
    rows = r["context"]
    with_model = any("answer_accuracy" in row for row in rows)
    cols = ["sentences", "window", "titles", "evidence recall", "words given"]
    cols += ["answer accuracy", "resolved choice", "p50 s"] if with_model else []
    lines = [
        f"## Context size: evidence given to the model ({r.get('questions', '?')} questions, provider `{r.get('provider', '?')}`)",
        "",
        _stamp(r, "newsqa eval --mode context"),
        "",
        "| " + " | ".join(cols) + " |",
        "|" + "---|" * len(cols),
    ]
    for row in rows:
        cells = [str(row["sentences"]), str(row["window"]), "yes" if row["titles"] else "no"]
        cells += [f"{row['evidence_recall']:.3f}", f"{row['source_words']:.0f}"]
        if with_model:
            cells += [f"{row[k]:.3f}" if k in row else "" for k in ("answer_accuracy", "resolved_choice_accuracy")]
            cells.append(f"{row['p50_s']:.2f}" if "p50_s" in row else "")
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def _choice(r: Result) -> list[str]:
    c = r["choice"]
    return [
        f"## Multiple choice on the dev split ({r.get('questions', '?')} questions, picked by {c.get('by', '?')})",
        "",
        _stamp(r, "newsqa eval --mode choice"),
        "",
        f"Choice accuracy: **{c['accuracy']:.3f}** (goal >= 0.80).",
        "",
    ]


def _followups(r: Result) -> list[str]:
    """Accuracy per turn asked with the conversation (rewritten) and alone: what rewriting buys."""
    on, off = r.get("with_rewriting", {}), r.get("without_rewriting", {})
    lines = [
        f"## Follow-up questions ({r.get('conversations', '?')} conversations, {r.get('articles', '?')} articles, "
        f"provider `{r.get('provider', '?')}`)",
        "",
        _stamp(r, "newsqa eval conversations.jsonl --mode followups"),
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


def _fuzz(r: Result) -> list[str]:
    outcome = str(r.get("outcome", ""))
    return [
        f"## API fuzzing (schemathesis against a live server, {r.get('seconds', '?')} s)",
        "",
        _stamp(r, f"python bench/fuzz.py --seconds {r.get('seconds', 120)}"),
        "",
        "| cases generated | unique failures | exit code | seconds |",
        "|---|---|---|---|",
        f"| {r.get('cases', '?')} | {_fuzz_failures(outcome)} | {r.get('exit_code', '?')} | {r.get('seconds', '?')} |",
        "",
        f"Checks: {', '.join(r.get('checks', [])) or '?'}. Outcome: `{' '.join(outcome.split())}`.",
        "",
    ]


def _load_test(r: Result) -> list[str]:
    lines = [
        f"## Load ({r['seconds']} s per route with wrk on loopback, {r['articles']} real articles, extractive answers)",
        "",
        f"Machine: {r['machine']}. Date: {r['date']}. Command: `python bench/load.py`.",
        "",
        "| route | connections | requests | errors | req/s | p50 ms | p90 ms | p99 ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for key, name, conns in (("search_c50", "GET /v1/search", 50), ("ask_extractive_c8", "POST /v1/ask", 8)):
        s = r[key]
        lines.append(
            f"| {name} | {conns} | {s['requests']:.0f} | {s['errors']:.0f} | {s['rps']:.1f} | {s['p50_ms']:.0f} | "
            f"{s['p90_ms']:.0f} | {s['p99_ms']:.0f} |"
        )
    lines += [
        "",
        f"API process RSS: {r['rss_before_mb']:.0f} MB after warm-up, {r['rss_after_mb']:.0f} MB after both runs "
        f"({r['rss_growth']:+.1%}; target: under 10% growth and under 600 MB).",
        "",
    ]
    return lines


def renders(results: Mapping[str, Result]) -> list[tuple[str, Renderer]]:
    """(results file, renderer) in page order; a file may feed two sections (the as_of comparison)."""
    answers = partial(_answers, retrieval=results.get("retrieval"))
    comparison = partial(_as_of_comparison, with_as_of=results.get("answer-extractive"), retrieval=results.get("retrieval"))
    return [
        ("ingest", _ingest),
        ("retrieval", _retrieval),
        ("answer", answers),
        ("answer-extractive", answers),
        ("answer-extractive-no-as-of", answers),
        ("answer-extractive-no-as-of", comparison),
        ("context", _context),
        ("choice", _choice),
        ("choice-extractive", _choice),
        ("followups", _followups),
        ("followups-extractive", _followups),
        ("query", _query),
        ("load", _load_test),
        ("fuzz", _fuzz),
    ]


def render_page(results: Mapping[str, Result]) -> list[str]:
    """Every section whose results file exists, in page order."""
    parts = [
        "# Benchmarks",
        "",
        "Generated by `python bench/report.py` from bench/results/*.json; every comparison in a",
        "table was measured in the same run on the machine it names (the machine is shared and noisy),",
        "except the as_of comparison, which names its two runs.",
        "",
    ]
    for name, render in renders(results):
        if name in results:
            parts += render(results[name])
    return parts


def main() -> None:
    names = dict.fromkeys(name for name, _ in renders({}))
    results = {name: r for name in names if (r := _load(name)) is not None}
    parts = render_page(results)
    notes = ROOT / "docs" / "benchmarks-notes.md"
    if notes.is_file():
        parts += [notes.read_text().strip(), ""]
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text("\n".join(parts))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
