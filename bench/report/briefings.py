"""The open-questions section of the benchmark page: briefings on the open-question set (bench/measure/briefings.py)."""

from __future__ import annotations

from bench.report.format import Result, stamp

_ROWS = (
    ("briefed (answered as a briefing, of the questions with stories)", "briefed", ""),
    ("abstained (of the questions whose window holds no story)", "abstained_without_stories", ""),
    ("lines per briefing", "lines_per_briefing", "2-5"),
    ("distinct articles per briefing", "articles_per_briefing", ""),
    ("lines whose cited quote states them (claim check)", "lines_stated", ">= 0.95"),
    ("lines the model shortened (kept by the claim check)", "lines_shortened", ""),
    ("expected stories found (all of a story's keywords in a cited quote or its title)", "expected_stories_found", ""),
    ("cited articles inside the window", "cited_in_window", "1.0"),
    ("lines another outlet also reported", "with_another_outlet", ""),
)


def _value(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, int | float) else "n/a"


def briefings(r: Result) -> list[str]:
    arms = r["arms"]
    names = [n for n in ("quotes", "model") if n in arms]
    s = r["set"]
    lines = [
        f"## Open questions: briefings ({s['questions']} questions written for it, evals/sets/open_questions.jsonl)",
        "",
        stamp(r, "python -m bench.measure.briefings")
        + f" {s.get('open', '?')} open and {s.get('time', '?')} bare time questions over the 2025 corpus's weeks and the seed,"
        f" as of their dates; {s.get('read_as_factoid', 0)} more were written as open but name the answer they want"
        " (why, what are) and are answered as factoids by rule. `quotes` is the default (each line an article's own"
        " sentence); `model` has the embedded model shorten the lines (briefing.compose=model); the factoid is a dev"
        " question of the same day answered by the embedded model, all three by turns.",
        "",
        "| measure | " + " | ".join(names) + " | target |",
        "|---|" + "---|" * len(names) + "---|",
    ]
    for label, key, target in _ROWS:
        lines.append(f"| {label} | " + " | ".join(_value(arms[n].get(key)) for n in names) + f" | {target} |")
    lines.append(
        "| latency p50 / p95 (s) | " + " | ".join(f"{arms[n]['p50_s']:.2f} / {arms[n]['p95_s']:.2f}" for n in names) + " | |"
    )
    if "factoid" in arms and "p50_over_factoid" in r:
        f = arms["factoid"]
        ratios = r["p50_over_factoid"]
        lines.append("| p50 over the factoid's p50, paired | " + " | ".join(f"{ratios[n]:.2f}x" for n in names) + " | <= 1.5x |")
        lines += ["", f"The factoid answers, same run: p50 {f['p50_s']:.2f} s, p95 {f['p95_s']:.2f} s ({f['questions']} asked)."]
    return [*lines, ""]
