"""Per-chunk costs of ingest, one step at a time (no overlap): plan (sort out + chunk), embed, write.

Usage: python -m bench.measure.costs [--articles 300]. The ingest job overlaps the three steps on 2 cores; here each runs
alone over the same batches, so their sum is the CPU work per chunk that docs/scaling.md extrapolates from.
Writes bench/results/costs.json.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from bench.common import RESULTS, corpus_articles, dir_bytes, peak_rss_mb
from evals.machine import machine
from rag.components import build_components
from rag.settings import Settings
from rag.write.identity import make_article
from rag.write.indexing import embedding_text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300, help="first N articles of the real corpus")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        components = build_components(Settings(data_dir=Path(tmp), _env_file=None))
        components.embedder.embed(["warm up"])
        indexer, size = components.indexer, components.settings.ingest.batch_articles
        articles = [make_article(a) for a in corpus_articles(args.articles)]
        batches = [articles[i : i + size] for i in range(0, len(articles), size)]
        seconds: dict[str, float] = {}
        started = time.perf_counter()
        plans = [indexer.plan(b) for b in batches]
        seconds["plan"] = time.perf_counter() - started
        started = time.perf_counter()
        prepared = [indexer.prepare(p) for p in plans]
        seconds["embed"] = time.perf_counter() - started
        started = time.perf_counter()
        for p in prepared:
            indexer.write(p)
        seconds["write"] = time.perf_counter() - started
        chunks = sum(len(c) for p in prepared for _, c in p.items)
        sentences = sum(len(e.chunk.sentences) for p in prepared for _, c in p.items for e in c)
        # what a remote embedder is sent: each chunk (with its title) and, again, each of its sentences
        texts = [embedding_text(a, e.chunk) for p in prepared for a, c in p.items for e in c]
        chunk_tokens = sum(components.token_counter.count(texts))
        sentence_tokens = sum(
            sum(components.token_counter.count([e.chunk.text[s:t] for s, t in e.chunk.sentences]))
            for p in prepared
            for _, c in p.items
            for e in c
        )
        disk = dir_bytes(Path(tmp) / "chroma")
    result = {
        "machine": machine(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "command": f"python -m bench.measure.costs --articles {args.articles}",
        "variant": components.settings.embedding.variant,
        "articles": len(articles),
        "chunks": chunks,
        "sentences": sentences,
        "word_pieces_per_chunk": chunk_tokens / chunks,
        "word_pieces_per_chunk_sentences": sentence_tokens / chunks,
        "seconds": seconds,
        "ms_per_chunk": {k: 1000 * v / chunks for k, v in seconds.items()},
        "disk_bytes_per_chunk": disk / chunks,
        "peak_rss_mb": peak_rss_mb(),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "costs.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
