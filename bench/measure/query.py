"""Query benchmark over HTTP: /v1/search and /v1/ask (extractive) sequential and with 8 clients, then the
embedded LLM's time to first token and total per answer (the seed questions, and dev questions as of their dates).
Usage: python -m bench.measure.query [--articles 300]."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from bench.common import DEV, RESULTS, articles_for
from bench.measure.serve import indexed_data_dir, serve
from evals.data import load_questions
from evals.machine import machine
from evals.metrics import percentile

SEED_QUESTIONS = [
    "Who led the Russian delegation?",
    "How many prisoners will Russia and Ukraine exchange?",
    "What did Zelenskyy call the Russian delegation?",
    "Who did Lavrov speak with by telephone?",
    "Where were the talks held?",
]


def _stats(latencies: list[float], seconds: float) -> dict[str, float]:
    return {
        "n": len(latencies),
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "p99_ms": percentile(latencies, 99),
        "mean_ms": statistics.fmean(latencies),
        "rps": len(latencies) / seconds,
    }


def _timed(client: httpx.Client, method: str, url: str, **kwargs: Any) -> float:
    started = time.perf_counter()
    response = client.request(method, url, **kwargs)
    response.raise_for_status()
    return (time.perf_counter() - started) * 1000


def _run(base: str, requests: list[tuple[str, str, dict[str, Any]]], clients: int) -> dict[str, float]:
    def worker(part: list[tuple[str, str, dict[str, Any]]]) -> list[float]:
        with httpx.Client(base_url=base, timeout=120) as client:
            return [_timed(client, m, u, **kw) for m, u, kw in part]

    parts = [requests[i::clients] for i in range(clients)]
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        latencies = [lat for result in pool.map(worker, parts) for lat in result]
    return _stats(latencies, time.perf_counter() - started)


def _llm_answer(base: str, question: str, as_of: str | None = None) -> dict[str, float]:
    started = time.perf_counter()
    first: float | None = None
    body: dict[str, Any] = {"question": question, "stream": True} | ({"as_of": as_of} if as_of else {})
    with (
        httpx.Client(base_url=base, timeout=300) as client,
        client.stream("POST", "/v1/ask", json=body) as response,
    ):
        response.raise_for_status()
        done: dict[str, Any] = {}
        for line in response.iter_lines():
            if line.startswith("event: delta") and first is None:
                first = time.perf_counter()
            if line.startswith("data: ") and '"status"' in line:
                done = json.loads(line[6:])
    total = time.perf_counter() - started
    return {"ttft_s": (first or time.perf_counter()) - started, "total_s": total, "answered": done.get("status") == "answered"}


def _llm_stats(runs: list[dict[str, float]]) -> dict[str, float]:
    return {
        "n": len(runs),
        "answered": sum(bool(r["answered"]) for r in runs),
        "ttft_p50_s": statistics.median(r["ttft_s"] for r in runs),
        "total_p50_s": statistics.median(r["total_s"] for r in runs),
        "total_max_s": max(r["total_s"] for r in runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--requests", type=int, default=200, help="requests per measurement")
    parser.add_argument("--llm-questions", type=int, default=10, help="dev questions for the local model")
    parser.add_argument("--skip-llm", action="store_true")
    args = parser.parse_args()
    dev = load_questions(DEV)
    # each as of its question's date: "this week" read as the week of today finds nothing and times the gate
    questions = [(q.question, q.day.isoformat()) for q in dev]
    work = [questions[i % len(questions)] for i in range(args.requests)]
    asked = dev[: args.requests]  # the questions `work` cycles through
    data_dir = indexed_data_dir(articles_for(asked, args.articles), log=lambda m: print(m, file=sys.stderr))
    results: dict[str, Any] = {
        "machine": machine(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "articles": args.articles,
    }
    with serve(data_dir, {"NEWSQA_LLM__PROVIDER": "extractive"}) as base:
        search = [("GET", "/v1/search", {"params": {"q": q, "k": 5, "as_of": day}}) for q, day in work]
        ask = [("POST", "/v1/ask", {"json": {"question": q, "as_of": day}}) for q, day in work]
        _run(base, search[:20] + ask[:20], 1)  # warm up
        for name, reqs in (("search", search), ("ask_extractive", ask)):
            for clients in (1, 8):
                results[f"{name}_c{clients}"] = _run(base, reqs, clients)
                print(name, clients, results[f"{name}_c{clients}"], file=sys.stderr)
    if not args.skip_llm:
        with serve(data_dir, {"NEWSQA_LLM__PROVIDER": "local"}) as base:
            _llm_answer(base, "warm up: who met in Istanbul?")
            results["local_llm"] = _llm_stats([_llm_answer(base, q) for q in SEED_QUESTIONS])
            print("local_llm", results["local_llm"], file=sys.stderr)
            dev_runs = [_llm_answer(base, q, day) for q, day in questions[: args.llm_questions]]
            results["local_llm_dev"] = _llm_stats(dev_runs)
            print("local_llm_dev", results["local_llm_dev"], file=sys.stderr)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "query.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
