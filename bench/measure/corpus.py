"""The whole corpus: `newsqa ingest` of every article, then search latency, memory and keyword freshness on it.

Usage: python -m bench.measure.corpus [--articles 0 (all)] [--requests 300] [--keep] [--serve-only]. Steps, in one run:
1. `newsqa ingest corpus.jsonl.gz` into a fresh data dir: wall time, peak RSS of the ingest process, chunks,
   disk size of the data dir (Chroma + models excluded: the models are shared, not per index).
2. `newsqa serve` on it: the first search builds the keyword index (its build time and the RSS it adds), then
   sequential /v1/search over the dev questions (p50/p99) and the server's RSS.
3. Keyword freshness: POST one new article with a word no other article has, then poll /v1/search until the
   keyword retriever returns it (time to searchable), five times; the same for a delete.
4. A keyword index built from scratch in this process (a first start over a stored corpus): listing the article
   versions, then reading and indexing every article.
Writes bench/results/corpus.json.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import resource
import shutil
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import psutil
from prometheus_client.parser import text_string_to_metric_families

from bench.common import CORPUS, DEV, RESULTS, dir_bytes
from bench.measure.serve import CACHE, NO_CALLER_LIMITS, run_ingest
from evals.data import load_questions
from evals.machine import machine
from evals.metrics import percentile
from newsqa.launch import running_server_process


def _dir_mb(path: Path) -> float:
    return dir_bytes(path) / 1e6


def _ingest(data_dir: Path, source: Path) -> dict[str, Any]:
    started = time.perf_counter()
    report = run_ingest(data_dir, source)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "articles": report["articles"],
        "chunks": report["chunks_added"],
        "failed": len(report["failed"]),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "data_dir_mb": _dir_mb(data_dir / "chroma"),
        "articles_per_s": report["articles"] / seconds,
        "chunks_per_s": report["chunks_added"] / seconds,
    }


def _rss_mb(pid: int) -> float:
    return float(psutil.Process(pid).memory_info().rss) / 2**20


def _keyword_found(client: httpx.Client, word: str, doc_id: str) -> bool:
    # only the probe's article: unfiltered, its keyword hit can rank below the dense hits that also get the
    # recency prior (the probe is undated), and the probe then looks unsearchable when it is not
    hits = client.get("/v1/search", params={"q": word, "k": 5, "doc_id": doc_id}).json()["hits"]
    return any(h["doc_id"] == doc_id and h.get("keyword_score") for h in hits)


def _until(check: Any, timeout: float = 60.0) -> float:
    started = time.perf_counter()
    while not check():
        if time.perf_counter() - started > timeout:
            raise SystemExit("timed out waiting for keyword search to catch up")
        time.sleep(0.02)
    return time.perf_counter() - started


def _freshness(client: httpx.Client, rounds: int) -> dict[str, Any]:
    writes, searchable, deletes, gone = [], [], [], []
    for i in range(rounds):
        word = f"zq{uuid.uuid4().hex[:10]}"
        doc_id = f"bench-fresh-{i}"
        article = {"id": doc_id, "title": f"Freshness probe {i}", "text": f"The {word} committee met on Tuesday. " * 5}
        started = time.perf_counter()
        client.post("/v1/documents", json=article).raise_for_status()
        writes.append(time.perf_counter() - started)
        searchable.append(writes[-1] + _until(lambda w=word, d=doc_id: _keyword_found(client, w, d)))
        started = time.perf_counter()
        client.delete(f"/v1/documents/{doc_id}").raise_for_status()
        deletes.append(time.perf_counter() - started)
        gone.append(deletes[-1] + _until(lambda w=word, d=doc_id: not _keyword_found(client, w, d)))
    return {
        "write_s": writes,
        "searchable_after_post_s": searchable,
        "delete_s": deletes,
        "gone_after_delete_s": gone,
        "searchable_p50_s": percentile([s * 1000 for s in searchable], 50) / 1000,
    }


def _keyword_rebuild(data_dir: Path) -> dict[str, float]:
    """A keyword index built from scratch in this process (what a first start over a stored corpus costs), step by
    step, with the RSS it reaches: listing the article versions, then rewriting every article in batches."""
    from rag.components import build_components
    from rag.settings import Settings
    from rag.store.keyword_sync import KeywordSearch

    store = build_components(Settings(data_dir=data_dir, _env_file=None)).store
    before = _rss_mb(os.getpid())
    started = time.perf_counter()
    revs = store.article_revs()
    listed = time.perf_counter() - started
    folder = data_dir / "keyword-bench"
    shutil.rmtree(folder, ignore_errors=True)
    search = KeywordSearch(store, folder)
    started = time.perf_counter()
    search.catch_up()
    built = time.perf_counter() - started
    search.close()
    result = {
        "articles": len(revs),
        "list_versions_s": listed,
        "build_s": built,
        "rss_mb_added": _rss_mb(os.getpid()) - before,
        "index_mb": _dir_mb(folder),
    }
    shutil.rmtree(folder, ignore_errors=True)
    return result


def _metric(text: str, name: str) -> float:
    """The unlabelled sample called name in a /metrics page (NaN when absent)."""
    samples = {s.name: s.value for f in text_string_to_metric_families(text) for s in f.samples if not s.labels}
    return samples.get(name, float("nan"))


def _serve(data_dir: Path, requests: int) -> dict[str, Any]:
    questions = [q.question for q in load_questions(DEV)]
    work = [questions[i % len(questions)] for i in range(requests)]
    env = {**NO_CALLER_LIMITS, "NEWSQA_LLM__PROVIDER": "extractive"}
    with (
        running_server_process(data_dir, data_dir / "server.log", **env) as (base, pid),
        httpx.Client(base_url=base, timeout=120) as client,
    ):
        before = _rss_mb(pid)
        started = time.perf_counter()
        client.get("/v1/search", params={"q": "warm up"}).raise_for_status()  # builds the keyword index
        first = time.perf_counter() - started
        after_build = _rss_mb(pid)
        for q in work[:20]:
            client.get("/v1/search", params={"q": q})
        latencies = []
        for q in work:
            t = time.perf_counter()
            client.get("/v1/search", params={"q": q}).raise_for_status()
            latencies.append((time.perf_counter() - t) * 1000)
        rss = _rss_mb(pid)
        fresh = _freshness(client, 5)
        metrics = client.get("/metrics").text
    return {
        "first_search_s": first,
        "keyword_build_s": _metric(metrics, "newsqa_keyword_index_rebuild_seconds_sum"),
        "keyword_catch_up_s_mean": _metric(metrics, "newsqa_keyword_index_catch_up_seconds_sum")
        / max(_metric(metrics, "newsqa_keyword_index_catch_up_seconds_count"), 1),
        "rss_mb_before_first_search": before,
        "rss_mb_after_keyword_build": after_build,
        "rss_mb_after_searches": rss,
        "keyword_dir_mb": _dir_mb(data_dir / "keyword-tantivy"),
        "search": {
            "n": len(latencies),
            "p50_ms": percentile(latencies, 50),
            "p95_ms": percentile(latencies, 95),
            "p99_ms": percentile(latencies, 99),
        },
        "freshness": fresh,
    }


def _serving(data_dir: Path, requests: int) -> dict[str, Any]:
    return {**_serve(data_dir, requests), "keyword_rebuild": _keyword_rebuild(data_dir)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=0, help="first N articles (0: the whole corpus)")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="keep the data dir (bench/.data/corpus-N) afterwards")
    parser.add_argument(
        "--serve-only",
        action="store_true",
        help="re-measure serving on the data dir a --keep run left, keeping that run's ingest numbers",
    )
    args = parser.parse_args()
    data_dir = CACHE / f"corpus-{args.articles or 'all'}"
    if args.serve_only:
        previous = json.loads((RESULTS / "corpus.json").read_text())
        result = {
            **previous,
            "serve": _serving(data_dir, args.requests),
            "serve_date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        }
        (RESULTS / "corpus.json").write_text(json.dumps(result, indent=2))
        print(json.dumps(result["serve"], indent=2))
        return
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    source = CORPUS
    if args.articles:
        source = data_dir.parent / f"corpus-{args.articles}.jsonl"
        with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
            source.write_text("".join(itertools.islice(handle, args.articles)), encoding="utf-8")
    print(f"ingesting {source} into {data_dir}...", file=sys.stderr, flush=True)
    ingest = _ingest(data_dir, source)
    print(json.dumps(ingest), file=sys.stderr, flush=True)
    served = _serving(data_dir, args.requests)
    result = {
        "machine": machine(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "command": f"python -m bench.measure.corpus --articles {args.articles} --requests {args.requests}",
        "ingest": ingest,
        "serve": served,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "corpus.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    if not args.keep:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
