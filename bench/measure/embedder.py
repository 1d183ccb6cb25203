"""Embedder variants in one run: speed and fidelity to fp32 on real chunks, then dev retrieval quality.

Usage: python -m bench.measure.embedder [--chunks 2000] [--rounds 2] [--variants fp32,fused,int8,int8-attention]
[--retrieval fp32,int8]. Speed rounds alternate the variants (A B C A B C) so machine noise hits each alike;
chunks/s is the best round of each. Retrieval runs `newsqa eval --mode retrieval` on the dev split per variant
(its index is built once per variant and reused). Writes bench/results/embedder.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.common import CORPUS, DEV, RESULTS, ROOT, corpus_articles
from evals.machine import machine
from rag.providers.minilm import LocalMiniLM
from rag.providers.minilm_onnx import VARIANTS
from rag.providers.wordpiece import WordPieceCounter
from rag.settings import ChunkSettings, Settings
from rag.write.identity import make_article
from rag.write.indexing import embedding_text


def _chunk_texts(n: int) -> list[str]:
    """The texts newsqa embeds for the first articles of the real corpus, up to n chunks."""
    from rag.write.chunking import chunk_text

    counter, chunking = WordPieceCounter.load(), ChunkSettings()
    texts: list[str] = []
    for raw in corpus_articles(400):
        article = make_article(raw)
        for chunk in chunk_text(article.doc_id, article.text, counter, chunking.max_tokens, chunking.overlap_tokens):
            texts.append(embedding_text(article, chunk))
    return texts[:n]


def _speed(variants: list[str], texts: list[str], rounds: int, models: Path) -> dict[str, dict[str, Any]]:
    embedders = {}
    for v in variants:
        settings = Settings(data_dir=models.parent, models_dir=models, embedding={"variant": v}, _env_file=None)
        embedders[v] = LocalMiniLM.from_settings(settings)
        embedders[v].embed(texts[:32])  # warm up
    seconds: dict[str, list[float]] = {v: [] for v in variants}
    vectors: dict[str, np.ndarray[Any, Any]] = {}
    for r in range(rounds):
        for v in variants:
            started = time.perf_counter()
            got = embedders[v].embed(texts)
            seconds[v].append(time.perf_counter() - started)
            vectors.setdefault(v, np.asarray(got, dtype=np.float32))
            print(f"round {r + 1}: {v} {len(texts) / seconds[v][-1]:.1f} chunks/s", file=sys.stderr, flush=True)
    reference = vectors.get("fp32", next(iter(vectors.values())))
    out = {}
    for v in variants:
        cosine = (vectors[v] * reference).sum(axis=1)
        out[v] = {
            "chunks_per_s": len(texts) / min(seconds[v]),
            "seconds": seconds[v],
            "cosine_mean": float(cosine.mean()),
            "cosine_min": float(cosine.min()),
            "speedup_vs_fp32": min(seconds["fp32"]) / min(seconds[v]) if "fp32" in seconds else 1.0,
        }
    return out


def _retrieval(variant: str) -> dict[str, Any]:
    """Dev Hits@k of the default (hybrid, with as_of) retrieval with this embedder variant."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "retrieval.json"
        env = {**os.environ, "NEWSQA_EMBEDDING__VARIANT": variant, "NEWSQA_LLM__PROVIDER": "extractive"}
        command = [
            str(ROOT / ".venv" / "bin" / "newsqa"),
            "eval",
            str(DEV),
            "--corpus",
            str(CORPUS),
            "--mode",
            "retrieval",
            "--no-baseline",
            "--out",
            str(out),
        ]
        started = time.perf_counter()
        subprocess.run(command, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        result: dict[str, Any] = json.loads(out.read_text())
    return {"seconds": time.perf_counter() - started, **result["retrieval"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--retrieval", default="fp32,int8", help="variants to score on dev retrieval ('' for none)")
    args = parser.parse_args()
    variants = args.variants.split(",")
    texts = _chunk_texts(args.chunks)
    models = ROOT / "data" / "models"
    result: dict[str, Any] = {
        "machine": machine(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "command": f"python -m bench.measure.embedder --chunks {args.chunks} --rounds {args.rounds} --retrieval {args.retrieval}",
        "chunks": len(texts),
        "threads": Settings(_env_file=None).embedding.threads,
        "speed": _speed(variants, texts, args.rounds, models),
        "retrieval": {},
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    for variant in [v for v in args.retrieval.split(",") if v]:
        print(f"dev retrieval with {variant}...", file=sys.stderr, flush=True)
        result["retrieval"][variant] = _retrieval(variant)
        (RESULTS / "embedder.json").write_text(json.dumps(result, indent=2))  # kept as it grows
    (RESULTS / "embedder.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result["speed"], indent=2))


if __name__ == "__main__":
    main()
