"""Paired latency: this code against a baseline checkout, each serving its own index of the same articles,
requests alternating between the two so the shared machine's noise falls on both alike.

    git worktree add /tmp/baseline 900f814     # the pipeline before the answer-quality work
    python -m bench.measure.paired --baseline /tmp/baseline [--articles 100] [--questions 20] [--llm-questions 5]

Writes bench/results/paired.json (--name NAME: paired-NAME.json, so one comparison does not overwrite another):
p50/p95 per route for baseline and current, and current/baseline.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from bench.common import DEV, RESULTS, ROOT, articles_for
from bench.measure.serve import NO_CALLER_LIMITS, run_ingest
from evals.data import load_questions
from evals.machine import stamp
from evals.metrics import percentile
from newsqa.launch import running_server

SEED_QUESTIONS = ["Who led the Russian delegation?", "How many prisoners will Russia and Ukraine exchange?"]
# what both versions accept: the baseline knows no keys, rate limits or as_of
COMMON_ENV = {"NEWSQA_MODELS_DIR": str(ROOT / "data" / "models"), **NO_CALLER_LIMITS}


@contextmanager
def _pair(trees: dict[str, Path], dirs: dict[str, Path], provider: str) -> Iterator[dict[str, str]]:
    with ExitStack() as stack:
        bases = {
            name: stack.enter_context(
                running_server(
                    dirs[name],
                    dirs[name] / f"server-{provider}.log",
                    **COMMON_ENV,
                    PYTHONPATH=str(tree),
                    NEWSQA_LLM__PROVIDER=provider,
                )
            )
            for name, tree in trees.items()
        }
        yield bases


# (route, path, JSON body or {} for a GET, the question's date or None): only the current code is sent the date
Request = tuple[str, str, dict[str, Any], str | None]


def _for(name: str, path: str, body: dict[str, Any], as_of: str | None, same: bool) -> tuple[str, dict[str, Any]]:
    """The request as each server takes it: the first baseline knows no as_of, and without it the current code would
    read a dev question's "this week" as this week of today and answer from nothing. same: a newer baseline that
    knows as_of gets it too (--same-requests)."""
    if (name == "baseline" and not same) or as_of is None:
        return path, body
    return (path, body | {"as_of": as_of}) if body else (f"{path}&{urlencode({'as_of': as_of})}", body)


def _alternate(
    bases: dict[str, str],
    requests: list[Request],
    warm: int,
    answered: dict[str, dict[str, int]] | None = None,
    same: bool = False,
) -> dict[str, dict[str, list[float]]]:
    """Each request to both servers, the order flipped every time; the first `warm` rounds are not counted.
    answered (if given) counts, per server and route, the counted asks that came back answered (not abstained)."""
    times: dict[str, dict[str, list[float]]] = {name: {} for name in bases}
    names = list(bases)
    with httpx.Client(timeout=300) as client:
        for i, (route, raw_path, raw_body, as_of) in enumerate(requests):
            for name in names if i % 2 == 0 else names[::-1]:
                path, body = _for(name, raw_path, raw_body, as_of, same)
                started = time.perf_counter()
                response = client.post(bases[name] + path, json=body) if body else client.get(bases[name] + path)
                response.raise_for_status()
                if i >= warm:
                    times[name].setdefault(route, []).append((time.perf_counter() - started) * 1000)
                    if answered is not None and body:
                        counts = answered.setdefault(name, {})
                        counts[route] = counts.get(route, 0) + (response.json().get("status") == "answered")
    return times


def _summary(times: dict[str, dict[str, list[float]]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for route in times["current"]:
        old, new = times["baseline"][route], times["current"][route]
        out[route] = {
            "n": len(new),
            "baseline_p50_ms": percentile(old, 50),
            "current_p50_ms": percentile(new, 50),
            "baseline_p95_ms": percentile(old, 95),
            "current_p95_ms": percentile(new, 95),
            "ratio_p50": percentile(new, 50) / percentile(old, 50),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True, help="a source tree of the baseline commit")
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--questions", type=int, default=20, help="dev questions for search and extractive ask")
    parser.add_argument("--llm-questions", type=int, default=5, help="questions for the local model (0: skip)")
    parser.add_argument("--name", default="", help="results go to paired-NAME.json (default: paired.json)")
    parser.add_argument("--same-requests", action="store_true", help="send as_of to the baseline too (it knows it)")
    parser.add_argument("--llm-only", action="store_true", help="skip the search and extractive rounds")
    args = parser.parse_args()
    dev = load_questions(DEV)[: max(args.questions, args.llm_questions)]
    questions = [(q.question, q.day.isoformat()) for q in dev]
    seeds: list[tuple[str, str | None]] = [(q, None) for q in SEED_QUESTIONS]
    trees = {"baseline": args.baseline.resolve(), "current": ROOT}
    work = Path(tempfile.mkdtemp(prefix="paired-"))
    source = work / "articles.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in articles_for(dev, args.articles)), encoding="utf-8")
    dirs = {name: work / name for name in trees}
    for name, tree in trees.items():
        dirs[name].mkdir()
        print(f"indexing {args.articles} articles with the {name} code", file=sys.stderr)
        run_ingest(dirs[name], source, ROOT / "seeds", **COMMON_ENV, PYTHONPATH=str(tree))
    fast: list[Request] = []
    for q, day in seeds[:1] * 3 + questions[: args.questions]:  # the first rounds warm both servers up
        fast += [
            ("search", "/v1/search?" + urlencode({"q": q, "k": 5}), {}, day),
            ("ask_extractive", "/v1/ask", {"question": q}, day),
        ]
    times: dict[str, dict[str, list[float]]] = {name: {} for name in trees}
    if not args.llm_only:
        with _pair(trees, dirs, "extractive") as bases:
            times = _alternate(bases, fast, warm=6, same=args.same_requests)
    result: dict[str, Any] = {
        **stamp(),
        "command": "python -m bench.measure.paired " + " ".join(sys.argv[1:]),
        "articles": args.articles,
    }
    result["baseline"] = str(trees["baseline"])
    if args.llm_questions:
        slow: list[Request] = [
            ("ask_local", "/v1/ask", {"question": q}, day) for q, day in seeds[:1] + seeds + questions[: args.llm_questions]
        ]
        answered: dict[str, dict[str, int]] = {}
        with _pair(trees, dirs, "local") as bases:
            llm = _alternate(bases, slow, warm=1, answered=answered, same=args.same_requests)
        result["answered"] = answered  # an abstention stops before the model: the p50 means little if most did
        for name in times:
            times[name] |= llm[name]
    result["routes"] = _summary(times)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / (f"paired-{args.name}.json" if args.name else "paired.json")).write_text(json.dumps(result, indent=2))
    print(json.dumps(result["routes"], indent=2))


if __name__ == "__main__":
    main()
