"""Rewrite docs/benchmarks.md from bench/results/*.json (the numbers of the last runs, with their machine)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import RESULTS, ROOT

OUT = ROOT / "docs" / "benchmarks.md"


def _load(name: str) -> dict[str, Any] | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.is_file() else None


def _ingest(r: dict[str, Any]) -> list[str]:
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


def _query(r: dict[str, Any]) -> list[str]:
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


def _retrieval(r: dict[str, Any]) -> list[str]:
    rows = {**r["retrieval"], **({"LlamaIndex baseline (dense, top-5 chunks cited)": r["baseline"]} if "baseline" in r else {})}
    cols = list(next(iter(r["retrieval"].values())))
    extra = [c for c in ("citation_precision", "exact_quote_rate") if "baseline" in r]
    lines = [
        f"## Retrieval on the dev split ({r['questions']} questions, {r['articles']} articles)",
        "",
        f"Machine: {r.get('machine', '?')}. Date: {r.get('date', '?')}. Command: `{r.get('command', 'newsqa eval')}`.",
        "",
        "| retrieval | " + " | ".join(cols + extra) + " |",
        "|---|" + "---|" * len(cols + extra),
    ]
    for mode, row in rows.items():
        lines.append(f"| {mode} | " + " | ".join(f"{row[c]:.3f}" if c in row else "" for c in cols + extra) + " |")
    return [*lines, ""]


def _answers(r: dict[str, Any]) -> list[str]:
    a = r["answers"]
    lines = [
        f"## Answers on the dev split ({r['questions']} questions, {r['articles']} articles, provider `{a['provider']}`)",
        "",
        f"Machine: {r['machine']}. Date: {r['date']}. Command: `{r['command']}`.",
        "",
        "| metric | measured | goal |",
        "|---|---|---|",
        f"| answer accuracy (answer contains the gold answer) | {a['answer_accuracy']:.3f} | >= 0.60 |",
        f"| citation precision (citations inside a gold article) | {a['citation_precision']:.3f} | >= 0.90 |",
        f"| exact-quote rate ({a['citations']} citations) | {a['exact_quote_rate']:.3f} | 1.000 |",
        f"| abstention with the gold articles filtered out | {a['abstention_without_gold']:.3f} | >= 0.80 |",
        "",
        "| stage | p50 ms | p95 ms |",
        "|---|---|---|",
    ]
    lines += [f"| {stage.removesuffix('_ms')} | {v['p50']:.0f} | {v['p95']:.0f} |" for stage, v in a["latency_ms"].items()]
    return [*lines, ""]


def _choice(r: dict[str, Any]) -> list[str]:
    c = r["choice"]
    return [
        f"## Multiple choice on the dev split ({r['questions']} questions)",
        "",
        f"Machine: {r['machine']}. Date: {r['date']}. Command: `{r['command']}`. Picked by: {c['by']}.",
        "",
        f"Choice accuracy: **{c['accuracy']:.3f}** (goal >= 0.80).",
        "",
    ]


def _load_test(r: dict[str, Any]) -> list[str]:
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


def main() -> None:
    parts = [
        "# Benchmarks",
        "",
        "Generated by `python bench/report.py` from bench/results/*.json; every comparison in a",
        "table was measured in the same run on the machine it names (the machine is shared and noisy).",
        "",
    ]
    renders = (
        ("ingest", _ingest),
        ("retrieval", _retrieval),
        ("answer", _answers),
        ("answer-extractive", _answers),
        ("choice", _choice),
        ("choice-extractive", _choice),
        ("query", _query),
        ("load", _load_test),
    )
    for name, render in renders:
        result = _load(name)
        if result is not None:
            parts += render(result)
    notes = ROOT / "docs" / "benchmarks-notes.md"
    if notes.is_file():
        parts += [notes.read_text().strip(), ""]
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text("\n".join(parts))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
