"""One phase of bench/measure/ingest.py, in its own process: newsqa | rerun | llamaindex | ceiling. Prints JSON."""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from bench.common import corpus_articles, peak_rss_mb
from ingest.job import IngestJob
from rag.components import Components, build_components
from rag.settings import Settings
from rag.write.identity import make_article
from rag.write.indexing import embedding_text


def _newsqa(c: Components, phase: str, articles: list[dict[str, object]]) -> dict[str, float | int | str]:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "articles.jsonl"
        source.write_text("".join(json.dumps(a) + "\n" for a in articles))
        job = IngestJob(c.indexer, c.settings.ingest.batch_articles)
        started = time.perf_counter()
        report = job.run([source])
        seconds = time.perf_counter() - started
    return {
        "phase": phase,
        "seconds": seconds,
        "articles": report.articles,
        "chunks": report.chunks_added,
        "unchanged": report.unchanged,
        "peak_rss_mb": peak_rss_mb(),
        "threads": c.settings.embedding.threads,
        "variant": c.settings.embedding.variant,
    }


def main(phase: str, n: int, data_dir: Path) -> dict[str, float | int | str]:
    # LlamaIndex gets the stock fp32 graph (what its users run with this model); newsqa and the ceiling the
    # default variant
    embedding = {"variant": "fp32"} if phase == "llamaindex" else {}
    components = build_components(Settings(data_dir=data_dir, embedding=embedding, _env_file=None))
    articles = corpus_articles(n)
    embedder = components.embedder
    embedder.embed(["warm up"])
    if phase in {"newsqa", "rerun"}:
        return _newsqa(components, phase, articles)
    chunking = components.settings.chunking
    if phase == "llamaindex":
        from evals.llamaindex_baseline import build_index

        started = time.perf_counter()
        index = build_index(articles, embedder, data_dir / "baseline", chunking.max_tokens, chunking.overlap_tokens)
        seconds = time.perf_counter() - started
        chunks = index.vector_store.client.count()
        return {
            "phase": phase,
            "seconds": seconds,
            "articles": len(articles),
            "chunks": chunks,
            "peak_rss_mb": peak_rss_mb(),
            "variant": "fp32",
        }
    # ceiling: the embedder alone on exactly the texts newsqa embeds (chunking is not timed)
    parsed = [make_article(a) for a in articles]
    texts = [embedding_text(a, c) for a in parsed for c in components.indexer.chunks(a)]
    started = time.perf_counter()
    embedder.embed(texts)
    seconds = time.perf_counter() - started
    return {
        "phase": phase,
        "seconds": seconds,
        "articles": len(articles),
        "chunks": len(texts),
        "peak_rss_mb": peak_rss_mb(),
        "variant": components.settings.embedding.variant,
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]))))
