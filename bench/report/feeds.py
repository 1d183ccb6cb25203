"""The live news section of the benchmark page: polling 20 local feeds (bench/measure/feeds.py)."""

from __future__ import annotations

from bench.report.format import Result, ms, stamp


def _ratio(s: Result) -> str:
    return f"{s['ratio']:.2f}x" if s.get("ratio") is not None else "n/a"


def _search(s: Result, how: str) -> list[str]:
    return [
        f"| GET /v1/search p50 while a poll ingests, {how} ({s['searches_during_poll']} searches back to back"
        + (f"; the poll took {s['poll_s']:.0f} s" if "poll_s" in s else "")
        + f") | {ms(s['search_p50_ms_during_poll'] or 0)} ms | |",
        f"| GET /v1/search p50 idle, same server | {ms(s['search_p50_ms_idle'])} ms | |",
        f"| ratio, {how} | {_ratio(s)} | <= 1.5x |",
    ]


def feeds(r: Result) -> list[str]:
    p, s = r["polls"], r["search"]
    shared = _search(r["search_shared"], "one embedder shared (feeds.nice=0, the baseline)") if "search_shared" in r else []
    how = f"the loop's own embedder at feeds.nice={s['nice']}" if "nice" in s else "one embedder shared"
    return [
        f"## Live news: polling {p['feeds']} local feeds of {p['entries']} entries",
        "",
        stamp(r, "python -m bench.measure.feeds")
        + " Feeds and pages are served from the benchmark's own process on 127.0.0.1 (no pause between requests);"
        " the real embedder; freshness is from an entry's appearance in its feed to its article being searchable.",
        "",
        "| measure | value | target |",
        "|---|---|---|",
        f"| first poll ({p['first_poll_articles']} articles fetched, embedded, stored) | {p['first_poll_s']:.1f} s | |",
        f"| poll with nothing new (every feed answers 304) | {p['nothing_new_poll_s']:.3f} s | <= 1 s |",
        f"| freshness p50 / p95 ({p['fresh_articles']} entries appearing over {p['interval_s']:g} s, one poll after) "
        f"| {p['freshness_p50_s']} s / {p['freshness_p95_s']} s | one poll interval + 10 s |",
        *shared,
        *_search(s, how),
        "",
    ]
