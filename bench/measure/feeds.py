"""Live news benchmark: 20 local feeds of 50 entries each, served from this process on 127.0.0.1.

1. In-process, with the real embedder: wall time of the first poll (1,000 pages fetched, embedded, stored) and of a
   poll with nothing new (20 feeds answering 304; target <= 1 s); then 20 entries appear one by one over an
   interval and the next poll takes them: freshness p50 / p95 (entry's appearance -> searchable).
2. A running `newsqa serve` with NEWSQA_FEEDS__SOURCES over a second set of feeds: GET /v1/search p50 while its
   first poll ingests beside it, then idle; twice in the same run, with the loop at feeds.nice=10 (the default: its
   own embedder at a lower CPU priority) and at 0 (the baseline: one embedder shared at normal priority).

Usage: python -m bench.measure.feeds [--interval 10]. Writes bench/results/feeds.json. Not a test: needs a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

from bench.common import RESULTS, ROOT
from bench.measure.serve import serve
from evals.machine import machine
from evals.metrics import percentile
from rag.components import build_components
from rag.feeds.poll import Poller
from rag.feeds.sources import Source
from rag.feeds.state import StateFile, state_path
from rag.settings import Settings

FEEDS, ENTRIES = 20, 50
WORDS = [
    "harbour",
    "council",
    "lantern",
    "orchard",
    "ferry",
    "quarry",
    "meadow",
    "beacon",
    "tannery",
    "granary",
    "kiln",
    "weir",
    "mill",
    "bridge",
]


class Site:
    """Feeds /f{n}.xml (with ETags) and pages /f{n}/{m}.html of invented text; add() publishes a new entry."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.items: dict[int, list[tuple[int, float]]] = {
            f: [(m, time.time() - 3600) for m in range(ENTRIES)] for f in range(FEEDS)
        }
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, body, ctype, etag = site.respond(self.path, self.headers.get("if-none-match"))
                self.send_response(status)
                self.send_header("content-type", ctype)
                self.send_header("content-length", str(len(body)))
                if etag:
                    self.send_header("etag", etag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def add(self, feed: int) -> None:
        with self.lock:
            self.items[feed].insert(0, (len(self.items[feed]), time.time()))

    def respond(self, path: str, etag: str | None) -> tuple[int, bytes, str, str | None]:
        if path.endswith(".xml"):
            feed = int(path[2:-4])
            with self.lock:
                items = list(self.items[feed])
            tag = f'"{self.prefix}-{feed}-{len(items)}"'
            if etag == tag:
                return 304, b"", "application/rss+xml", tag
            xml = "".join(
                f"<item><title>{self.prefix} {feed}-{m}</title><link>{self.base}/f{feed}/{m}.html</link>"
                f"<pubDate>{formatdate(t, usegmt=True)}</pubDate></item>"
                for m, t in items
            )
            return (
                200,
                f'<rss version="2.0"><channel><title>f{feed}</title>{xml}</channel></rss>'.encode(),
                "application/rss+xml",
                tag,
            )
        if path.endswith(".html"):
            feed, m = (int(x) for x in path[2:-5].split("/"))
            return 200, _page(f"{self.prefix} {feed}-{m}", feed, m), "text/html; charset=utf-8", None
        return 404, b"", "text/plain", None


def _page(title: str, feed: int, m: int) -> bytes:
    words = [WORDS[(feed + m + i) % len(WORDS)] for i in range(8)]
    paras = "".join(
        f"<p>The {words[i]} committee of district {feed} met on day {m} and agreed that the {words[i + 1]} would "
        f"reopen after repairs costing {feed * 1000 + m * 10 + i} crowns, a spokesperson said.</p>"
        for i in range(6)
    )
    return f"<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>{paras}</article></body></html>".encode()


def _settings(data: Path, **feeds: Any) -> Settings:
    base = Settings(data_dir=data, models_dir=ROOT / "data" / "models", _env_file=None)  # the models `make run` built
    return base.model_copy(update={"feeds": base.feeds.model_copy(update={"allow_private": True, "host_delay_s": 0.0, **feeds})})


def polls(interval: float) -> dict[str, Any]:
    """Part 1: first poll, nothing-new poll, freshness of entries that appear over `interval` seconds."""
    site = Site("poll")
    sources = [Source(name=f"feed{f}", url=f"{site.base}/f{f}.xml") for f in range(FEEDS)]
    with tempfile.TemporaryDirectory() as tmp, build_components(_settings(Path(tmp))) as components:
        settings = components.settings
        state = StateFile(state_path(settings.data_dir), settings.feeds.max_entries)
        poller = Poller(settings.feeds, state, components.articles.put, None, settings.ingest.batch_articles)
        started = time.monotonic()
        first = poller.poll(sources)
        first_s = time.monotonic() - started
        started = time.monotonic()
        poller.poll(sources)
        idle_s = time.monotonic() - started
        for f in range(FEEDS):  # one new entry per feed, appearing evenly over the interval
            site.add(f)
            time.sleep(interval / FEEDS)
        poller.poll(sources)
        fresh = [
            s.searchable - s.appeared
            for src in state.data.sources.values()
            for key, s in src.entries.items()
            if s.searchable is not None and key.endswith(f"/{ENTRIES}.html")
        ]
    site.server.shutdown()
    return {
        "feeds": FEEDS,
        "entries": ENTRIES,
        "first_poll_s": round(first_s, 2),
        "first_poll_articles": sum(r.new for r in first),
        "nothing_new_poll_s": round(idle_s, 3),
        "interval_s": interval,
        "freshness_p50_s": round(statistics.median(fresh), 2) if fresh else None,
        "freshness_p95_s": round(percentile(fresh, 95), 2) if fresh else None,
        "fresh_articles": len(fresh),
    }


def _search_ms(client: httpx.Client, n: int) -> float:
    started = time.perf_counter()
    client.get("/v1/search", params={"q": f"{WORDS[n % len(WORDS)]} committee repairs district {n % FEEDS}"}).raise_for_status()
    return (time.perf_counter() - started) * 1000


def _polls_done(client: httpx.Client) -> float:
    lines = client.get("/metrics").text.splitlines()
    return sum(float(line.rsplit(" ", 1)[1]) for line in lines if line.startswith("newsqa_feed_polls_total{"))


def search_beside_a_poll(tmp: Path, nice: int) -> dict[str, Any]:
    """Part 2: the server's first poll ingests 1,000 articles while searches run; then the same searches idle."""
    site = Site("serve")
    sources = tmp / "sources.toml"
    sources.write_text("".join(f'[[sources]]\nname = "feed{f}"\nurl = "{site.base}/f{f}.xml"\n' for f in range(FEEDS)))
    env = {
        "NEWSQA_FEEDS__SOURCES": str(sources),
        "NEWSQA_FEEDS__ALLOW_PRIVATE": "true",
        "NEWSQA_FEEDS__HOST_DELAY_S": "0",
        "NEWSQA_FEEDS__EVERY_S": "86400",
        "NEWSQA_LLM__PROVIDER": "extractive",
        "NEWSQA_FEEDS__NICE": str(nice),
    }
    busy: list[float] = []
    (tmp / "data").mkdir()
    with serve(tmp / "data", env) as base, httpx.Client(base_url=base, timeout=120) as client:
        polling = time.monotonic()
        while _polls_done(client) < FEEDS:
            busy.append(_search_ms(client, len(busy)))
        poll_s = time.monotonic() - polling  # from the server being ready: the poll beside back-to-back searches
        idle = [_search_ms(client, n) for n in range(max(50, len(busy)))]
    site.server.shutdown()
    p50_busy, p50_idle = statistics.median(busy) if busy else None, statistics.median(idle)
    return {
        "nice": nice,
        "searches_during_poll": len(busy),
        "poll_s": round(poll_s, 1),
        "search_p50_ms_during_poll": round(p50_busy, 1) if p50_busy else None,
        "search_p50_ms_idle": round(p50_idle, 1),
        "ratio": round(p50_busy / p50_idle, 2) if p50_busy else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--interval", type=float, default=10.0, help="Seconds over which the new entries appear.")
    args = parser.parse_args()
    started = time.monotonic()
    result: dict[str, Any] = {"machine": machine(), "date": time.strftime("%Y-%m-%d"), "command": "python -m bench.measure.feeds"}
    result["polls"] = polls(args.interval)
    for key, nice in (("search_shared", 0), ("search", 10)):  # the baseline first, then the default
        with tempfile.TemporaryDirectory() as tmp:
            result[key] = search_beside_a_poll(Path(tmp), nice)
    result["wall_s"] = round(time.monotonic() - started, 1)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "feeds.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
