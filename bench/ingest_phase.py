"""One phase of bench/ingest.py, in its own process: newsqa | rerun | llamaindex | ceiling. Prints JSON."""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from bench.common import corpus_articles, peak_rss_mb
from ingest.job import IngestJob
from rag.chunking import chunk_text
from rag.embeddings import build_embedder
from rag.identity import make_article
from rag.indexing import embedding_text
from rag.offline import enforce_offline_env
from rag.settings import Settings
from rag.store import ChromaStore
from rag.tokens import count_word_pieces


def main(phase: str, n: int, data_dir: Path) -> dict[str, float | int | str]:
    enforce_offline_env()
    settings = Settings(data_dir=data_dir, _env_file=None)
    articles = corpus_articles(n)
    embedder = build_embedder(settings)
    embedder.embed(["warm up"])
    if phase in {"newsqa", "rerun"}:
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "articles.jsonl"
            source.write_text("".join(json.dumps(a) + "\n" for a in articles))
            job = IngestJob(ChromaStore.open(settings), embedder, count_word_pieces, settings.chunking)
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
            "threads": settings.embedding.threads,
        }
    if phase == "llamaindex":
        from evals.llamaindex_baseline import build_index

        started = time.perf_counter()
        index = build_index(
            articles, embedder, data_dir / "baseline", settings.chunking.max_tokens, settings.chunking.overlap_tokens
        )
        seconds = time.perf_counter() - started
        chunks = index.vector_store.client.count()
        return {"phase": phase, "seconds": seconds, "articles": len(articles), "chunks": chunks, "peak_rss_mb": peak_rss_mb()}
    # ceiling: the embedder alone on exactly the texts newsqa embeds (chunking is not timed)
    parsed = [make_article(a) for a in articles]
    texts = [
        embedding_text(a, c)
        for a in parsed
        for c in chunk_text(a.doc_id, a.text, count_word_pieces, settings.chunking.max_tokens, settings.chunking.overlap_tokens)
    ]
    started = time.perf_counter()
    embedder.embed(texts)
    seconds = time.perf_counter() - started
    return {"phase": phase, "seconds": seconds, "articles": len(articles), "chunks": len(texts), "peak_rss_mb": peak_rss_mb()}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]))))
