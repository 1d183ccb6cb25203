"""The keyword index alone, at the whole corpus and at 10x it: tantivy against the bm25s index it replaced, same rows.

Usage: python -m bench.measure.keyword_scale [--copies 10] [--baseline-src DIR]. The rows are the whole realtimeqa corpus
cut into chunks by the write path (no embedding: the keyword index never sees vectors); 10x is ten copies of every
row under new ids (the text and dates repeat, the ids and doc_ids do not). Each engine and scale runs in its own
process, so its memory is its own: build time, peak RSS, RSS after building, index size on disk, keyword search
p50/p99 over the dev questions (as the retriever asks: k=50, inside an as_of time frame) and, for one new article
written after the build, the time until it is searchable. The baseline (bm25s, its delta and its saved main index)
runs from DIR, a checkout of the code before the swap (git worktree add DIR e030a77~1, and pip install
bm25s==0.3.16 into this venv); without it only tantivy runs. Writes bench/results/keyword_scale.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import CORPUS, DEV, RESULTS, ROOT, dir_bytes
from evals.data import load_questions
from evals.machine import stamp

# this tree's cache, also when the engine (and so bench.measure.serve) is imported from the baseline's checkout
HERE_CACHE = Path(__file__).resolve().parents[1] / ".data"
ROWS = HERE_CACHE / "keyword-rows.jsonl"
AS_OF = 1_656_633_600  # 2022-07-01: every dev question's time frame ends by then


def _rows() -> None:
    """The corpus as the store would hold it: (chunk_id, text, metadata) per chunk, cut by the write path."""
    from rag.providers.embedder import build_token_counter
    from rag.settings import Settings
    from rag.store.filters import published_ts
    from rag.store.records import chunk_id
    from rag.write.chunking import chunk_text
    from rag.write.identity import make_article

    counter = build_token_counter(Settings(data_dir=ROOT / "data", _env_file=None))
    ROWS.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(CORPUS, "rt", encoding="utf-8") as source, ROWS.open("w", encoding="utf-8") as out:
        for line in source:
            article = make_article(json.loads(line))
            meta: dict[str, Any] = {"doc_id": article.doc_id, "rev": "r0", "title": article.title, "source": article.source or ""}
            if (ts := published_ts(article.published_at)) is not None:
                meta["published_ts"] = ts
            for chunk in chunk_text(article.doc_id, article.text, counter):
                row = [chunk_id(article.doc_id, "r0", chunk.index), chunk.text, {**meta, "chunk": chunk.index}]
                out.write(json.dumps(row) + "\n")


def _copies(copies: int) -> list[tuple[str, str, dict[str, Any]]]:
    base = [json.loads(line) for line in ROWS.open(encoding="utf-8")]
    out = []
    for n in range(copies):
        for cid, text, meta in base:
            suffix = "" if n == 0 else f"~{n}"
            out.append((f"{cid}{suffix}", text, {**meta, "doc_id": f"{meta['doc_id']}{suffix}"}))
    return out


def _measure(engine: str, copies: int, folder: Path) -> dict[str, Any]:
    """Run inside the engine's own process: build, then search, then one write."""
    import psutil

    rows = _copies(copies)
    questions = [q.question for q in load_questions(DEV)]
    build, search, write = _engine(engine, folder)
    started = time.perf_counter()
    build(rows)
    built = time.perf_counter() - started
    rss_built = psutil.Process().memory_info().rss / 2**20
    times = []
    for q in questions * 2:
        t = time.perf_counter()
        search(q)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    new = [("fresh:r0:0", "The zqxfresh committee met on Tuesday.", {"doc_id": "fresh", "rev": "r0", "title": "Fresh"})]
    started = time.perf_counter()
    write(new)
    while "fresh:r0:0" not in [c for c, _ in search("zqxfresh committee")]:
        time.sleep(0.001)
    return {
        "engine": engine,
        "chunks": len(rows),
        "build_s": built,
        "rss_mb_after_build": rss_built,
        "peak_rss_mb": psutil.Process().memory_info().rss / 2**20,
        "index_mb": dir_bytes(folder) / 1e6,
        "search_p50_ms": times[len(times) // 2],
        "search_p99_ms": times[int(len(times) * 0.99)],
        "searchable_after_write_s": time.perf_counter() - started,
    }


def _engine(engine: str, folder: Path) -> tuple[Any, Any, Any]:
    """(build, search, write) of one engine; the frame is built from the running tree's own Filters."""
    from datetime import UTC, datetime

    from rag.types import Filters

    frame = Filters(not_after=datetime.fromtimestamp(AS_OF, UTC))
    if engine == "tantivy":
        from rag.store.keyword import KeywordIndex

        index = KeywordIndex(folder)

        def build(rows: list[Any]) -> None:
            for lo in range(0, len(rows), 20_000):
                index.write(rows[lo : lo + 20_000], [])

        return build, lambda q: index.search(q, 50, frame), lambda rows: index.write(rows, [r[2]["doc_id"] for r in rows])
    from rag.store.keyword_parts import Delta, Main, stems  # type: ignore[import-not-found]  # the baseline tree's

    state: dict[str, Any] = {}

    def build_main(rows: list[Any]) -> None:
        main = state["main"] = Main.build("bench", rows)
        state["delta"] = Delta()
        # what the baseline saved: the bm25s index, its vocabulary, and the columns and statistics as JSON
        main.bm25.save(str(folder), show_progress=False)
        main.tokenizer.save_vocab(str(folder))
        columns = {"ids": list(main.columns.ids), "doc_ids": main.columns.doc_ids.tolist(), "df": main.df}
        (folder / "chunks.json").write_text(json.dumps(columns))

    def search_both(q: str) -> list[tuple[str, float]]:
        main, delta = state["main"], state["delta"]
        hits = main.search(q, 50, main.columns.mask(frame))
        if len(delta):
            hits += delta.search(stems(main.tokenizer, q), 50, delta.columns.mask(frame), main, len(main.columns))
        return sorted(hits, key=lambda h: -h[1])[:50]

    def add(rows: list[Any]) -> None:
        state["delta"] = state["delta"].plus(Delta.of(state["main"].tokenizer, rows))

    return build_main, search_both, add


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--baseline-src", type=Path, default=None, help="a checkout of the code before the swap")
    parser.add_argument("--measure", nargs=2, metavar=("ENGINE", "COPIES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        folder = HERE_CACHE / f"keyword-{args.measure[0]}-{args.measure[1]}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        print(json.dumps(_measure(args.measure[0], int(args.measure[1]), folder)))
        shutil.rmtree(folder, ignore_errors=True)
        return
    if not ROWS.is_file():
        _rows()
    runs = []
    for copies in (1, args.copies):
        for engine, src in (("tantivy", ROOT), ("bm25s", args.baseline_src)):
            if src is None:
                continue
            env = {**os.environ, "PYTHONPATH": str(src), "NEWSQA_BENCH_SRC": str(src)}
            cmd = [sys.executable, str(Path(__file__).resolve()), "--measure", engine, str(copies)]
            done = subprocess.run(cmd, env=env, cwd=src, capture_output=True, text=True, check=True)
            runs.append({"copies": copies, **json.loads(done.stdout.strip().splitlines()[-1])})
            print(json.dumps(runs[-1]), file=sys.stderr, flush=True)
    result = {**stamp(), "command": f"python -m bench.measure.keyword_scale --copies {args.copies}", "runs": runs}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "keyword_scale.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
