"""The eval corpus gets its own data dir, reused while the same articles and index settings are asked for."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from rich.console import Console

from evals.data import corpus_key
from ingest.job import IngestJob
from ingest.progress import ingest_progress
from rag.components import Components
from rag.settings import Settings
from rag.store.records import LAYOUT


def eval_settings(settings: Settings, articles: list[dict[str, Any]], index_dir: Path | None = None) -> Settings:
    """Settings for an eval index of its own (named by the articles and index settings), or for index_dir: a data
    dir built elsewhere (e.g. by `newsqa ingest` of the whole corpus), which ensure_index then checks."""
    chroma = settings.chroma.model_copy(update={"host": None})  # eval indexes are always local and private
    data_dir = index_dir
    if data_dir is None:
        config = f"{settings.chunking.model_dump_json()}|{settings.embedding.provider}|{settings.embedding.model}|{LAYOUT}"
        if settings.embedding.provider == "local" and settings.embedding.variant != "fp32":
            config += f"|{settings.embedding.variant}"  # (fp32 indexes made before variants existed keep their key)
        data_dir = settings.data_dir / "eval" / corpus_key(articles, config)
    return settings.model_copy(update={"data_dir": data_dir, "models_dir": settings.model_cache_dir, "chroma": chroma})


class IndexMismatch(Exception):
    """The given index holds other articles than the ones asked about: its scores would not be comparable."""


def ensure_index(components: Components, articles: list[dict[str, Any]], log: Any = print, given: bool = False) -> None:
    """Ingest the articles unless a complete index for exactly them exists. Nothing is ingested into a given index
    dir (built elsewhere): it must hold exactly these articles (by doc_id), else IndexMismatch."""
    settings = components.settings
    if given:
        _check_holds(components, articles)
        return
    marker = settings.data_dir / "complete.json"
    if marker.is_file():
        return
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    log(f"indexing {len(articles)} articles into {settings.data_dir} (once; reused while the corpus is unchanged)")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "corpus.jsonl"
        source.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
        job = IngestJob(components.indexer, settings.ingest.batch_articles)
        with ingest_progress([source], enabled=sys.stderr.isatty(), console=Console(stderr=True)) as bar:
            report = job.run([source], on_event=bar)
    marker.write_text(json.dumps({"articles": report.articles, "chunks": report.chunks_added, "failed": report.failed}))


def _check_holds(components: Components, articles: list[dict[str, Any]]) -> None:
    wanted, held, offset = {a["doc_id"] for a in articles}, set[str](), 0
    while page := components.articles.page(offset, 1000)[1]:
        held.update(info.doc_id for info in page)
        offset += len(page)
    if held != wanted:
        raise IndexMismatch(
            f"{components.settings.data_dir} holds {len(held)} articles, {len(held - wanted)} of them not selected, "
            f"and lacks {len(wanted - held)} of the {len(wanted)} selected; index exactly the eval's corpus there"
        )
