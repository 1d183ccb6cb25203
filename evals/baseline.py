"""The PrivateGPT-style baseline row: a plain LlamaIndex pipeline with the same embedder, scored by the same code.

Its citations are its top-5 chunks (as PrivateGPT returns them); a quote counts as exact when the chunk text
equals the article text at LlamaIndex's own start_char_idx:end_char_idx.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evals.data import Question
from evals.metrics import hits_at, mean, reciprocal_rank
from rag.providers.embedder import Embedder
from rag.settings import Settings

CITED = 5


def baseline_scores(
    settings: Settings, articles: list[dict[str, Any]], questions: list[Question], embedder: Embedder, ks: list[int]
) -> dict[str, float]:
    from evals.llamaindex_baseline import open_or_build, retrieve

    path: Path = settings.data_dir / "llamaindex-baseline"
    index = open_or_build(articles, embedder, path, settings.chunking.max_tokens, settings.chunking.overlap_tokens)
    texts = {a["doc_id"]: a["text"] for a in articles}
    rows: dict[str, list[float]] = {f"hits@{k}": [] for k in ks}
    rows["mrr@10"], precision, exact = [], [], []
    for q in questions:
        chunks = retrieve(index, q.question, 50)
        ranked, gold = [d for d, _, _, _ in chunks], set(q.gold_doc_ids)
        for k in ks:
            rows[f"hits@{k}"].append(hits_at(ranked, gold, k))
        rows["mrr@10"].append(reciprocal_rank(ranked, gold, 10))
        for doc_id, text, start, end in chunks[:CITED]:
            precision.append(1.0 if doc_id in gold else 0.0)
            exact.append(1.0 if start is not None and texts.get(doc_id, "")[start:end] == text else 0.0)
    return {**{name: mean(v) for name, v in rows.items()}, "citation_precision": mean(precision), "exact_quote_rate": mean(exact)}
