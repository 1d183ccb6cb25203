"""Load benchmark with wrk (Debian's package) on loopback: 50 connections on /v1/search and 8 on /v1/ask
(extractive), 60 s each; errors, throughput, latency percentiles, and the API's RSS before and after. The asks
cycle through the 139 dev questions, so after the first pass each is asked again: measured as served (the answers
just formed kept: answer.recent_answers, the hit rate read from /metrics) and on a second server that keeps none.
Usage: python -m bench.measure.load [--seconds 60] [--articles 300]."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

from bench.common import DEV, RESULTS, corpus_articles
from bench.measure.serve import NO_CALLER_LIMITS, indexed_data_dir, shared_models
from evals.data import load_questions
from evals.machine import stamp
from newsqa.launch import running_server_process

LUA = """
local requests = {}
for line in io.lines("%(lines)s") do requests[#requests + 1] = line end
local i = 0
request = function()
  i = i + 1
  local item = requests[(i %% #requests) + 1]
  if "%(method)s" == "GET" then return wrk.format("GET", item) end
  return wrk.format("POST", "/v1/ask", {["Content-Type"] = "application/json"}, item)
end
"""
_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNIT[unit]


def parse_wrk(output: str) -> dict[str, float]:
    """requests, req/s, p50/p90/p99 latency (ms) and errors from `wrk --latency` output."""
    result: dict[str, float] = {"requests": float(re.search(r"(\d+) requests in", output).group(1))}  # type: ignore[union-attr]
    result["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    for pct in ("50", "90", "99"):
        result[f"p{pct}_ms"] = _ms(re.search(rf"\s{pct}%\s+([\d.]+\w+)", output).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    result["errors"] = float(non2xx.group(1) if non2xx else 0) + float(sum(int(g) for g in socket.groups()) if socket else 0)
    return result


def _wrk(base: str, method: str, lines: list[str], connections: int, seconds: int, tmp: Path) -> dict[str, float]:
    import subprocess

    data = tmp / f"{method}.txt"
    data.write_text("\n".join(lines) + "\n")
    script = tmp / f"{method}.lua"
    script.write_text(LUA % {"lines": data, "method": method})
    out = subprocess.run(
        ["wrk", "--latency", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s", "-s", str(script), base],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return parse_wrk(out)


def _hit_rate(base: str) -> float:
    """Answers served from the ones just formed over all answers, from the server's /metrics."""
    import urllib.request

    with urllib.request.urlopen(f"{base}/metrics", timeout=10) as response:
        text = response.read().decode()
    cached = sum(float(m) for m in re.findall(r"^newsqa_answers_cached_total ([\d.e+]+)$", text, re.M))
    answers = sum(float(m) for m in re.findall(r"^newsqa_answers_total\{[^}]*\} ([\d.e+]+)$", text, re.M))
    return cached / answers if answers else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (make bench does)")
    from urllib.parse import quote

    questions = [q.question for q in load_questions(DEV)]
    data_dir = indexed_data_dir(corpus_articles(args.articles), log=lambda m: print(m, file=sys.stderr))
    results: dict[str, Any] = {**stamp(), "articles": args.articles, "seconds": args.seconds}
    env = {**shared_models(data_dir), **NO_CALLER_LIMITS, "NEWSQA_LLM__PROVIDER": "extractive"}
    with tempfile.TemporaryDirectory() as tmp, running_server_process(data_dir, Path(tmp) / "server.log", **env) as (base, pid):
        server = psutil.Process(pid)
        searches = [f"/v1/search?q={quote(q)}&k=5" for q in questions]
        asks = [json.dumps({"question": q}) for q in questions]
        # warm up at the measured concurrency: thread pools and allocator arenas grow once, that is not a leak
        _wrk(base, "GET", searches, 50, 10, Path(tmp))
        _wrk(base, "POST", asks, 8, 10, Path(tmp))
        results["rss_before_mb"] = server.memory_info().rss / 2**20
        results["search_c50"] = _wrk(base, "GET", searches, 50, args.seconds, Path(tmp))
        print("search", results["search_c50"], file=sys.stderr)
        results["ask_extractive_c8"] = _wrk(base, "POST", asks, 8, args.seconds, Path(tmp))
        results["ask_extractive_c8"]["cache_hit_rate"] = _hit_rate(base)
        print("ask", results["ask_extractive_c8"], file=sys.stderr)
        time.sleep(1)
        results["rss_after_mb"] = server.memory_info().rss / 2**20
    uncached = env | {"NEWSQA_ANSWER__RECENT_ANSWERS": "0"}
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_server_process(data_dir, Path(tmp) / "server.log", **uncached) as (base, _),
    ):
        _wrk(base, "POST", asks, 8, 10, Path(tmp))
        results["ask_extractive_c8_no_cache"] = _wrk(base, "POST", asks, 8, args.seconds, Path(tmp))
        print("ask, no answers kept", results["ask_extractive_c8_no_cache"], file=sys.stderr)
    results["rss_growth"] = results["rss_after_mb"] / results["rss_before_mb"] - 1
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
