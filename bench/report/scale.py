"""The speed-and-scale sections of the benchmark page: ingest against LlamaIndex, embedder variants, the whole
corpus (ingest, search latency, memory, keyword freshness)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bench.report.format import Result, stamp


def ingest(r: Result) -> list[str]:
    rows, ratios = r["rows"], r["ratios"]
    names = {
        "newsqa": "(a) newsqa ingest",
        "llamaindex": "(b) LlamaIndex VectorStoreIndex.from_documents",
        "ceiling": "(c) embedder alone (same chunk texts)",
        "rerun": "newsqa re-ingest, all unchanged",
    }
    lines = [
        f"## Ingest ({r['articles']} real articles, one run)",
        "",
        stamp(r, "python -m bench.measure.ingest"),
        "",
        "| pipeline | embedder | seconds | articles/s | chunks | chunks/s | peak RSS (MB) |",
        "|---|---|---|---|---|---|---|",
    ]
    for key in ("newsqa", "llamaindex", "ceiling", "rerun"):
        row = rows[key]
        lines.append(
            f"| {names[key]} | {row.get('variant', 'fp32')} | {row['seconds']:.2f} | {row['articles_per_s']:.2f} | "
            f"{row['chunks']} | {row['chunks_per_s']:.1f} | {row['peak_rss_mb']:.0f} |"
        )
    lines += [
        "",
        "| ratio | measured | target |",
        "|---|---|---|",
        f"| (a) / (b), articles/s | {ratios['newsqa_vs_llamaindex_articles_per_s']:.2f}x | >= 1.5x |",
        f"| (a) / (c), chunks/s | {ratios['newsqa_vs_ceiling_chunks_per_s']:.0%} | >= 95% |",
        f"| first ingest / unchanged re-ingest | {ratios['rerun_speedup']:.0f}x | >= 50x |",
        "",
    ]
    return lines


def _hits(block: Mapping[str, Any] | None, key: str) -> str:
    value = (block or {}).get("hybrid", {}).get(key)
    return f"{value:.3f}" if isinstance(value, int | float) else "not run"


def embedder(r: Result) -> list[str]:
    speed, retrieval = r["speed"], r.get("retrieval", {})
    lines = [
        f"## Embedder variants ({r['chunks']} real chunks, {r['threads']} threads, one run)",
        "",
        stamp(r, "python -m bench.measure.embedder"),
        "Rounds alternate the variants; chunks/s is each variant's best round. Cosine: to the fp32 vector of the",
        "same chunk. Hits: dev split, hybrid retrieval with as_of, each variant's own index.",
        "",
        "| variant | chunks/s | vs fp32 | mean cosine | min cosine | dev Hits@1 | dev Hits@5 |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, s in speed.items():
        lines.append(
            f"| {name} | {s['chunks_per_s']:.1f} | {s['speedup_vs_fp32']:.2f}x | {s['cosine_mean']:.4f} | "
            f"{s['cosine_min']:.4f} | {_hits(retrieval.get(name), 'hits@1')} | {_hits(retrieval.get(name), 'hits@5')} |"
        )
    return [*lines, ""]


def _rebuild(s: Mapping[str, Any]) -> str:
    kb = s.get("keyword_rebuild")
    if kb is None:
        return (
            f"| keyword index: full build (also a merge) | {s['keyword_build_s']:.1f} s, {s['keyword_dir_mb']:.0f} MB on disk | |"
        )
    if "list_versions_s" in kb:  # tantivy: a first build over a stored corpus (writes are told, never rebuilt)
        return (
            f"| keyword index (tantivy): first build over the store: list article versions / build | "
            f"{kb['list_versions_s']:.2f} / {kb['build_s']:.1f} s, +{kb['rss_mb_added']:.0f} MB RSS while building, "
            f"{kb['index_mb']:.0f} MB on disk | |"
        )
    return (
        f"| keyword index: full build (= a merge): list ids / read rows / build | {kb['list_ids_s']:.2f} / "
        f"{kb['read_rows_s']:.1f} / {kb['build_s']:.1f} s, +{kb['rss_mb_added']:.0f} MB RSS while building, "
        f"{s['keyword_dir_mb']:.0f} MB on disk | |"
    )


def corpus(r: Result) -> list[str]:
    i, s = r["ingest"], r["serve"]
    search, fresh = s["search"], s["freshness"]
    return [
        f"## The whole corpus ({i['articles']} articles, {i['chunks']} chunks)",
        "",
        stamp(r, "python -m bench.measure.corpus"),
        *([f"Serving measured {r['serve_date']} on the data dir that run kept."] if "serve_date" in r else []),
        "",
        "| measure | measured | target |",
        "|---|---|---|",
        f"| `newsqa ingest` wall time | {i['seconds'] / 60:.1f} min ({i['articles_per_s']:.1f} articles/s, "
        f"{i['chunks_per_s']:.0f} chunks/s) | <= 10 min |",
        f"| ingest peak RSS | {i['peak_rss_mb']:.0f} MB | <= 1,536 MB |",
        f"| data dir on disk (Chroma) | {i['data_dir_mb']:.0f} MB | |",
        _rebuild(s),
        f"| /v1/search p50 / p99 ({search['n']} dev questions, sequential) | {search['p50_ms']:.1f} / "
        f"{search['p99_ms']:.1f} ms | <= 30 / <= 100 ms |",
        f"| API RSS after the searches | {s['rss_mb_after_searches']:.0f} MB | <= 1,024 MB |",
        f"| one new article searchable by keyword (POST to hit, p50 of {len(fresh['searchable_after_post_s'])}) | "
        f"{fresh['searchable_p50_s']:.2f} s | <= 1 s |",
        f"| keyword catch-up per write (diff + delta, mean) | {s['keyword_catch_up_s_mean'] * 1000:.0f} ms | |",
        "",
    ]


def costs(r: Result) -> list[str]:
    ms, sec = r["ms_per_chunk"], r["seconds"]
    return [
        f"## Ingest cost per chunk, step by step ({r['articles']} articles, {r['chunks']} chunks, one run)",
        "",
        stamp(r, "python -m bench.measure.costs"),
        "Each step runs alone here (the ingest job overlaps them); docs/scaling.md extrapolates from this table.",
        "",
        "| step | seconds | ms per chunk |",
        "|---|---|---|",
        f"| plan: skip unchanged, split sentences, chunk | {sec['plan']:.2f} | {ms['plan']:.2f} |",
        f"| embed ({r['variant']}): chunk + sentence vectors | {sec['embed']:.2f} | {ms['embed']:.2f} |",
        f"| write: Chroma (one batch per 32 articles) | {sec['write']:.2f} | {ms['write']:.2f} |",
        "",
        f"Disk (Chroma): {r['disk_bytes_per_chunk'] / 1024:.1f} KiB per chunk. Word pieces per chunk: "
        f"{r['word_pieces_per_chunk']:.0f} (chunk with title) + {r['word_pieces_per_chunk_sentences']:.0f} "
        "(its sentences, what a remote embedder is sent again). Peak RSS (this benchmark holds every prepared batch at once) "
        f"{r['peak_rss_mb']:.0f} MB.",
        "",
    ]


def keyword_scale(r: Result) -> list[str]:
    lines = [
        "## The keyword index alone: tantivy against the bm25s index it replaced (whole corpus, and 10x it)",
        "",
        stamp(r, "python -m bench.measure.keyword_scale"),
        "Same rows for both engines (the corpus cut into chunks by the write path; 10x = ten copies under new ids),",
        "each engine and size in its own process. Search: the 139 dev questions twice, k=50, inside an as_of frame.",
        "Searchable after a write: one new article written, then searched until found (bm25s: added to its delta;",
        "the service's old catch-up also listed every chunk id in Chroma first, see docs/scaling.md).",
        "",
        "| engine | chunks | build s | RSS after build MB | index on disk MB | search p50 / p99 ms | searchable after a write |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in r.get("runs", []):
        lines.append(
            f"| {run['engine']} | {run['chunks']:,} | {run['build_s']:.1f} | {run['rss_mb_after_build']:.0f} | "
            f"{run['index_mb']:.0f} | {run['search_p50_ms']:.1f} / {run['search_p99_ms']:.1f} | "
            f"{run['searchable_after_write_s'] * 1000:.0f} ms |"
        )
    return [*lines, ""]
