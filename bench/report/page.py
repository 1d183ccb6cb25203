"""Rewrite docs/benchmarks.md from bench/results/*.json (the numbers of the last runs, with their machine)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import partial

from bench.common import RESULTS, ROOT
from bench.report import briefings as report_briefings
from bench.report import evidence as report_evidence
from bench.report import feeds as report_feeds
from bench.report import quality, scale, trust
from bench.report.format import Renderer, Result

OUT = ROOT / "docs" / "benchmarks.md"


def _load(name: str) -> Result | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.is_file() else None


def _query(r: Result) -> list[str]:
    lines = [
        f"## Query latency over HTTP ({r['articles']} real articles + the seed, warm)",
        "",
        f"Machine: {r['machine']}. Date: {r['date']}. Command: `python -m bench.measure.query`. Questions: the dev split's, "
        "each as of its date, over an index holding their gold articles.",
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
    if "local_llm_dev" in r:
        llm = r["local_llm_dev"]
        lines += [
            "",
            f"Local LLM on {llm['n']} dev questions (as of their dates; five sources with titles, longer prompts than "
            f"the seed's; {llm['answered']} answered): time to first token p50 {llm['ttft_p50_s']:.2f} s, total p50 "
            f"{llm['total_p50_s']:.2f} s, max {llm['total_max_s']:.2f} s.",
        ]
    return [*lines, ""]


def _load_test(r: Result) -> list[str]:
    lines = [
        f"## Load ({r['seconds']} s per route with wrk on loopback, {r['articles']} real articles, extractive answers)",
        "",
        f"Machine: {r['machine']}. Date: {r['date']}. Command: `python -m bench.measure.load`.",
        "",
        "| route | connections | requests | errors | req/s | p50 ms | p90 ms | p99 ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    routes = (
        ("search_c50", "GET /v1/search", 50),
        ("ask_extractive_c8", "POST /v1/ask (answers just formed kept, the default)", 8),
        ("ask_extractive_c8_no_cache", "POST /v1/ask (none kept: answer.recent_answers=0)", 8),
    )
    for key, name, conns in routes:
        if (s := r.get(key)) is None:
            continue
        lines.append(
            f"| {name} | {conns} | {s['requests']:.0f} | {s['errors']:.0f} | {s['rps']:.1f} | {s['p50_ms']:.0f} | "
            f"{s['p90_ms']:.0f} | {s['p99_ms']:.0f} |"
        )
    if (rate := r["ask_extractive_c8"].get("cache_hit_rate")) is not None:
        lines += ["", f"The asks cycle through the 139 dev questions: {rate:.1%} of the answers were served again (/metrics)."]
    lines += [
        "",
        f"API process RSS: {r['rss_before_mb']:.0f} MB after warm-up, {r['rss_after_mb']:.0f} MB after both runs "
        f"({r['rss_growth']:+.1%}; target: under 10% growth and under 600 MB).",
        "",
    ]
    return lines


def _funnels(results: Mapping[str, Result]) -> list[str]:
    """The evidence funnel's files: the two default runs, then every variant run (--name), newest first."""
    main = ["evidence-funnel-local", "evidence-funnel-extractive"]
    variants = [k for k in results if k.startswith("evidence-funnel-") and k not in main]
    return main + sorted(variants, key=lambda k: str(results[k].get("date", "")), reverse=True)


def renders(results: Mapping[str, Result]) -> list[tuple[str, Renderer]]:
    """(results file, renderer) in page order; a file may feed two sections (the as_of comparison)."""
    answers = partial(quality.answers, retrieval=results.get("retrieval"))
    comparison = partial(
        quality.as_of_comparison, with_as_of=results.get("answer-extractive"), retrieval=results.get("retrieval")
    )
    return [
        ("ingest", scale.ingest),
        ("costs", scale.costs),
        ("embedder", scale.embedder),
        ("corpus", scale.corpus),
        ("keyword_scale", scale.keyword_scale),
        ("retrieval", quality.retrieval),
        ("answer", answers),
        ("answer-extractive", answers),
        ("answer-extractive-no-as-of", answers),
        ("answer-extractive-all", partial(quality.answers, own_hits=True)),
        ("answer-extractive-no-as-of", comparison),
        *((name, report_evidence.funnel) for name in _funnels(results)),
        ("evidence_ranker", report_evidence.ranker),
        ("context", quality.context),
        ("context-local", quality.context),
        ("choice", quality.choice),
        ("choice-extractive", quality.choice),
        ("followups", quality.followups),
        ("followups-extractive", quality.followups),
        ("query", _query),
        ("paired", quality.paired),
        ("paired-trust", quality.paired),
        ("load", _load_test),
        ("fuzz", quality.fuzz),
        ("injection", quality.injection),
        ("paraphrases", quality.paraphrases),
        ("refusal_confidence", quality.refusal_confidence),
        ("calibration-local", trust.calibration),
        ("calibration-extractive", trust.calibration),
        ("calibration-evidence", trust.calibration),
        ("claims-local", trust.claims),
        ("claims-openai", trust.claims),
        ("feeds", report_feeds.feeds),
        ("briefings", report_briefings.briefings),
    ]


def render_page(results: Mapping[str, Result]) -> list[str]:
    """Every section whose results file exists, in page order."""
    parts = [
        "# Benchmarks",
        "",
        "Generated by `python -m bench.report` from bench/results/*.json; every comparison in a",
        "table was measured in the same run on the machine it names (the machine is shared and noisy),",
        "except the as_of comparison, which names its two runs.",
        "",
    ]
    for name, render in renders(results):
        if name in results:
            parts += render(results[name])
    return parts


def main() -> None:
    funnels = (path.stem for path in sorted(RESULTS.glob("evidence-funnel-*.json")))  # variants come by name
    names = dict.fromkeys([*(name for name, _ in renders({})), *funnels])
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
