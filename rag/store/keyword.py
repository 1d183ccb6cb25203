"""BM25 over the same chunks Chroma holds (bm25s + Snowball stemming): the keyword half of hybrid search.

It is a derived cache: the store bumps a generation on every write, and the index is rebuilt (in the
background once one exists) when the generation it was built from is not the current one. It is saved
under data_dir/keyword/<generation>/ so a restart with an unchanged store loads instead of rebuilding.
Hits are always re-read from Chroma by id, so a stale index can never return deleted or replaced text.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
import time
import uuid
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import bm25s
import numpy as np
import Stemmer
from bm25s.tokenization import Tokenizer

from rag.store.chroma import ChromaStore
from rag.store.filters import filter_bounds, frame_bounds
from rag.telemetry import KeywordRefreshed, NoObserver, Observer
from rag.types import Filters

log = logging.getLogger("newsqa.keyword")
_RETRY_S = 60.0  # a failed rebuild of one generation is retried after this, not on every search
_ABANDONED_S = 3600.0


def _tokenizer() -> Tokenizer:
    return Tokenizer(stopwords="en", stemmer=Stemmer.Stemmer("english").stemWord)


@dataclass(frozen=True)
class _Index:
    generation: str
    bm25: Any
    tokenizer: Tokenizer
    ids: list[str]
    doc_ids: np.ndarray[Any, Any]
    sources: np.ndarray[Any, Any]
    published: np.ndarray[Any, Any]  # seconds since the epoch; NaN when unknown

    @cached_property
    def positions(self) -> dict[str, int]:
        return {chunk_id: i for i, chunk_id in enumerate(self.ids)}


class KeywordIndex:
    """search(query, k, filters) -> [(chunk_id, bm25 score)], kept in step with the store; observer hears of
    each generation adopted (and of each failed rebuild)."""

    def __init__(self, store: ChromaStore, cache_dir: Path, check_every_s: float = 1.0, observer: Observer | None = None) -> None:
        self._store = store
        self._observer = observer or NoObserver()
        self._adopted = 0  # generations this process moved to: the store's own ids are random, not ordered
        self._dir = cache_dir
        self._index: _Index | None = None
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None
        self._check_every = check_every_s
        self._checked_at = 0.0
        self._failed: tuple[str, float, str] | None = None  # (generation, when, why) of the last failed rebuild

    @property
    def error(self) -> str | None:
        """Why the last rebuild failed (None when the index is current or merely catching up)."""
        return self._failed[2] if self._failed else None

    @property
    def generation(self) -> str | None:
        return self._index.generation if self._index else None

    def refresh(self) -> None:
        """Bring the index to the store's current generation now (load from disk or rebuild). A failure is
        logged once and kept in .error; searches go on with the previous index."""
        with self._lock:
            current = self._store.generation()
            if self._index is not None and self._index.generation == current:
                return
            started = time.perf_counter()
            try:
                loaded = self._load(current)
                self._index = loaded or self._build(current)
                self._failed = None
            except Exception as exc:  # a derived cache must not take search down with it
                if self._failed is None or self._failed[0] != current:
                    log.warning("keyword index rebuild failed for generation %s: %s", current, exc)
                self._failed = (current, time.monotonic(), f"{type(exc).__name__}: {exc}")
                self._observer.observe(KeywordRefreshed(self._adopted, time.perf_counter() - started, True, ok=False))
                return
            self._adopted += 1
            self._observer.observe(KeywordRefreshed(self._adopted, time.perf_counter() - started, built=loaded is None))

    def refresh_in_background(self) -> None:
        """Start a refresh unless one is running; searches meanwhile use the previous index."""
        if self._worker is None or not self._worker.is_alive():
            self._worker = threading.Thread(target=self.refresh, name="keyword-refresh", daemon=True)
            self._worker.start()

    def wait(self) -> None:
        """Block until a background refresh (if any) is done."""
        if self._worker is not None:
            self._worker.join()

    def catch_up(self) -> None:
        """Block until keyword search reflects every write made so far."""
        self.wait()
        self.refresh()

    def _maybe_refresh(self) -> None:
        if self._index is None:
            self.refresh()
            return
        now = time.monotonic()
        if now - self._checked_at >= self._check_every:
            self._checked_at = now
            current = self._store.generation()
            retry_later = self._failed is not None and self._failed[0] == current and now - self._failed[1] < _RETRY_S
            if current != self._index.generation and not retry_later:
                self.refresh_in_background()

    def published(self, chunk_ids: list[str]) -> list[float | None]:
        """Publication times (epoch seconds) of these chunks as indexed; None when undated or not indexed yet."""
        index = self._index
        if index is None:
            return [None] * len(chunk_ids)
        at = [index.positions.get(i) for i in chunk_ids]
        values = [None if p is None else float(index.published[p]) for p in at]
        return [None if v is None or np.isnan(v) else v for v in values]

    def search(self, query: str, k: int, filters: Filters = Filters()) -> list[tuple[str, float]]:
        self._maybe_refresh()
        index = self._index
        if index is None or not index.ids:
            return []
        tokens = index.tokenizer.tokenize([query], update_vocab=False, show_progress=False, return_as="ids")
        if not tokens or not tokens[0]:
            return []
        mask = _mask(index, filters)
        if mask is not None and not mask.any():
            return []
        k = min(k, len(index.ids))
        docs, scores = index.bm25.retrieve([tokens[0]], k=k, show_progress=False, weight_mask=mask, n_threads=1)
        return [(index.ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]

    def _build(self, generation: str) -> _Index:
        ids, texts, doc_ids, sources, published = [], [], [], [], []
        for chunk_id, text, meta in self._store.iter_chunks():
            ids.append(chunk_id)
            texts.append(f"{meta.get('title', '')}\n{text}")
            doc_ids.append(str(meta.get("doc_id", "")))
            sources.append(meta.get("source"))
            published.append(float(meta["published_ts"]) if "published_ts" in meta else np.nan)
        tokenizer = _tokenizer()
        bm25 = bm25s.BM25()
        if texts:
            bm25.index(tokenizer.tokenize(texts, show_progress=False, return_as="tuple"), show_progress=False)
        index = _Index(
            generation,
            bm25,
            tokenizer,
            ids,
            np.array(doc_ids, dtype=object),
            np.array(sources, dtype=object),
            np.array(published, dtype=np.float64),
        )
        if texts:
            self._save(index)
        return index

    def _save(self, index: _Index) -> None:
        target = self._dir / index.generation
        # a name of this process's own: another process saving at the same time never touches it
        tmp = self._dir / f".{index.generation}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
        tmp.mkdir(parents=True)
        index.bm25.save(str(tmp), show_progress=False)
        index.tokenizer.save_vocab(str(tmp))
        index.tokenizer.save_stopwords(str(tmp))
        meta = {
            "ids": index.ids,
            "doc_ids": index.doc_ids.tolist(),
            "sources": index.sources.tolist(),
            "published": [None if np.isnan(p) else p for p in index.published],
        }
        (tmp / "chunks.json").write_text(json.dumps(meta))
        try:
            tmp.rename(target)
        except OSError:  # another process saved this generation first: theirs is as good
            shutil.rmtree(tmp, ignore_errors=True)
        self._remove_old(keep=target)

    def _remove_old(self, keep: Path) -> None:
        """Finished generations other than keep; temporary folders only once they are abandoned (an hour old)."""
        for old in self._dir.iterdir():
            abandoned = old.name.startswith(".") and time.time() - old.stat().st_mtime > _ABANDONED_S
            if old.is_dir() and old != keep and (abandoned or not old.name.startswith(".")):
                shutil.rmtree(old, ignore_errors=True)

    def _load(self, generation: str) -> _Index | None:
        folder = self._dir / generation
        if not (folder / "chunks.json").is_file():
            return None
        meta = json.loads((folder / "chunks.json").read_text())
        tokenizer = _tokenizer()
        tokenizer.load_vocab(str(folder))
        tokenizer.load_stopwords(str(folder))
        bm25 = bm25s.BM25.load(str(folder), show_progress=False, verbosity=0)
        published = np.array([np.nan if p is None else p for p in meta["published"]], dtype=np.float64)
        return _Index(
            generation,
            bm25,
            tokenizer,
            meta["ids"],
            np.array(meta["doc_ids"], dtype=object),
            np.array(meta["sources"], dtype=object),
            published,
        )


def _mask(index: _Index, filters: Filters) -> np.ndarray[Any, Any] | None:
    """1.0 where a chunk passes the filters, 0.0 elsewhere; None when there are no filters."""
    keep = np.ones(len(index.ids), dtype=bool)
    if filters.doc_ids:
        keep &= np.isin(index.doc_ids, list(filters.doc_ids))
    if filters.exclude_doc_ids:
        keep &= ~np.isin(index.doc_ids, list(filters.exclude_doc_ids))
    if filters.source:
        keep &= index.sources == filters.source
    low, high = filter_bounds(filters)
    if low is not None:
        keep &= index.published >= low  # NaN (no date) compares False: undated chunks drop out
    if high is not None:
        keep &= index.published <= high
    undated = np.isnan(index.published)
    start, end = frame_bounds(filters)
    if start is not None:
        keep &= undated | (index.published >= start)  # the time frame lets undated chunks through
    if end is not None:
        keep &= undated | (index.published <= end)
    if keep.all():
        return None
    return keep.astype(np.float32)
