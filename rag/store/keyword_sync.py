"""Keyword search kept in step with the store: the writer tells the index what changed, anything else is found by
comparing article versions.

The process that writes (through Articles) calls updated(doc_ids) after each write: those articles' chunks are
replaced in the index in one commit before the write returns, so an article is searchable the moment its write
does. Writes this process was not told of (another replica's, over a shared Chroma server; a process killed
between its Chroma write and its commit) move the store's generation: within check_every_s of a search noticing,
a background catch-up compares each article's version (the article records: doc_id -> rev) with the versions the
index holds and rewrites the articles that differ. Articles, not chunks: about 12 times fewer rows to list than
the chunk-id diff this replaces, and no listing at all on the writer's own path.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from rag.store.chroma import ChromaStore
from rag.store.keyword import KeywordIndex, Passing
from rag.telemetry import KeywordRefreshed, NoObserver, Observer
from rag.types import Filters

log = logging.getLogger("newsqa.keyword")
_RETRY_S = 60.0  # a failed catch-up of one generation is retried after this, not on every search
_BATCH = 500  # articles rewritten per commit while catching up


class KeywordSearch:
    """search / passing / published over the index, and the two ways it follows the store (updated, catch_up);
    error says why the last catch-up failed (search goes on with what the index holds)."""

    def __init__(self, store: ChromaStore, folder: Path, check_every_s: float = 1.0, observer: Observer | None = None) -> None:
        self._store, self.index = store, KeywordIndex(folder)
        self._observer = observer or NoObserver()
        self._check_every, self._checked_at = check_every_s, 0.0
        self._generation: str | None = None  # the store generation the last catch-up saw
        self._failed: tuple[str, float, str] | None = None  # (generation, when, why)
        self._updates = 0
        self._lock = threading.Lock()  # one catch-up at a time
        self._worker: threading.Thread | None = None

    @property
    def error(self) -> str | None:
        return self._failed[2] if self._failed else None

    @property
    def generation(self) -> str | None:
        return self._generation

    def search(self, query: str, k: int, filters: Filters = Filters()) -> list[tuple[str, float]]:
        self._maybe_catch_up()
        return self.index.search(query, k, filters)

    def passing(self, filters: Filters) -> Passing:
        self._maybe_catch_up()
        return self.index.passing(filters)

    def published(self, chunk_ids: Sequence[str]) -> list[float | None]:
        return self.index.published(chunk_ids)

    def updated(self, doc_ids: Sequence[str]) -> None:
        """These articles were written (added, replaced or deleted) by this process: index them now. A failure is
        logged, not raised (the write itself succeeded; the next catch-up repairs the index)."""
        try:
            self._rewrite(sorted(set(doc_ids)), built=False)
        except Exception as exc:  # a derived index must not fail a write
            log.warning("keyword index update failed for %d article(s): %s", len(doc_ids), exc)

    def catch_up(self) -> None:
        """Bring the index to the store now: rewrite every article whose version differs from the one it holds."""
        with self._lock:
            current = self._store.generation()
            if current == self._generation:
                return
            try:
                held, stored = self.index.held(), self._store.article_revs()
                changed = sorted({d for d, rev in stored.items() if held.get(d) != rev} | (held.keys() - stored.keys()))
                self._rewrite(changed, built=not held)
            except Exception as exc:  # search goes on with what the index holds
                if self._failed is None or self._failed[0] != current:
                    log.warning("keyword index catch-up failed for generation %s: %s", current, exc)
                self._failed = (current, time.monotonic(), f"{type(exc).__name__}: {exc}")
                self._observer.observe(KeywordRefreshed(self._updates, 0.0, False, ok=False))
                return
            self._generation, self._failed = current, None

    def catch_up_in_background(self) -> None:
        if self._worker is None or not self._worker.is_alive():
            self._worker = threading.Thread(target=self.catch_up, name="keyword-catch-up", daemon=True)
            self._worker.start()

    def wait(self) -> None:
        """Block until a background catch-up (if any) is done."""
        if self._worker is not None:
            self._worker.join()

    def close(self) -> None:
        self.wait()
        self.index.close()

    def _rewrite(self, doc_ids: list[str], built: bool) -> None:
        if not doc_ids:
            return
        started = time.perf_counter()
        for lo in range(0, len(doc_ids), _BATCH):
            batch = doc_ids[lo : lo + _BATCH]
            self.index.write(self._store.live_rows(batch), batch)
        self._updates += 1
        seconds = time.perf_counter() - started
        self._observer.observe(KeywordRefreshed(self._updates, seconds, built=built, articles=len(doc_ids)))

    def _maybe_catch_up(self) -> None:
        if self._generation is None:
            self.catch_up()  # the first search waits for the index to exist
            return
        now = time.monotonic()
        if now - self._checked_at < self._check_every:
            return
        self._checked_at = now
        current = self._store.generation()
        retry_later = self._failed is not None and self._failed[0] == current and now - self._failed[1] < _RETRY_S
        if current != self._generation and not retry_later:
            self.catch_up_in_background()
