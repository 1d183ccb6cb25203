"""BM25 over the same chunks Chroma holds (bm25s + Snowball stemming): the keyword half of hybrid search.

It is a derived cache that follows the store incrementally. The store bumps a generation on every write; when
the generation moves, the index diffs the store's chunk ids against its own: new chunks go to a small delta
(scored with the main index's statistics), removed ones become tombstones masked out of the main index. Once the
delta outgrows merge_at, a background rebuild makes a new main index (then catches up by the same diff). So a
write costs a diff and the new chunks' tokenisation, not a rebuild of every chunk (keyword_parts.py).

The main index is saved under data_dir/keyword/<name>/; a restart loads the newest one and catches up by diff.
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
from pathlib import Path
from typing import Any

import bm25s
import numpy as np

from rag.store.chroma import ChromaStore
from rag.store.keyword_parts import Columns, Delta, Main, new_tokenizer, stems
from rag.telemetry import KeywordRefreshed, NoObserver, Observer
from rag.types import Filters

log = logging.getLogger("newsqa.keyword")
_RETRY_S = 60.0  # a failed refresh of one generation is retried after this, not on every search
_ABANDONED_S = 3600.0


@dataclass(frozen=True)
class _State:
    """What searches use: main index, its tombstones (True = deleted since it was built), the delta, and the
    store generation they reflect."""

    generation: str
    main: Main
    dead: np.ndarray[Any, Any]
    delta: Delta

    @classmethod
    def fresh(cls, main: Main) -> _State:
        """main alone: nothing deleted from it, no delta, no generation yet (a catch-up labels it)."""
        return cls("", main, np.zeros(len(main.columns), dtype=bool), Delta())

    @property
    def live_in_main(self) -> int:
        return len(self.main.columns) - int(self.dead.sum())

    def known(self) -> set[str]:
        return {i for i, d in zip(self.main.columns.ids, self.dead, strict=True) if not d} | set(self.delta.columns.ids)


@dataclass(frozen=True)
class Passing:
    """The chunks that pass a filter, as the keyword index knows them: chunks written since its last catch-up
    are not in it (they are known within about a second), deleted ones are not counted."""

    state: _State
    main: np.ndarray[Any, Any]  # passes and is not dead, per main position
    delta: np.ndarray[Any, Any]

    def __contains__(self, chunk_id: object) -> bool:
        at = self.state.delta.columns.positions.get(str(chunk_id))
        if at is not None:
            return bool(self.delta[at])
        at = self.state.main.columns.positions.get(str(chunk_id))
        return at is not None and bool(self.main[at])

    def __len__(self) -> int:
        return int(self.main.sum()) + int(self.delta.sum())

    def knows(self, chunk_id: str) -> bool:
        """Whether the index holds this chunk (live or deleted since); a chunk written since its last catch-up
        is unknown, and only the store can say whether it passes."""
        return chunk_id in self.state.delta.columns.positions or chunk_id in self.state.main.columns.positions

    @property
    def known(self) -> int:
        """Chunks the index holds (live)."""
        return self.state.live_in_main + len(self.state.delta)

    def ids(self) -> list[str]:
        main, delta = self.state.main.columns.ids, self.state.delta.columns.ids
        return [main[i] for i in np.flatnonzero(self.main)] + [delta[i] for i in np.flatnonzero(self.delta)]


class KeywordIndex:
    """search(query, k, filters) -> [(chunk_id, bm25 score)], kept in step with the store; observer hears of
    each generation adopted (and of each failed refresh)."""

    def __init__(
        self,
        store: ChromaStore,
        cache_dir: Path,
        check_every_s: float = 1.0,
        observer: Observer | None = None,
        merge_at: int = 2000,
        merge_share: float = 0.1,
    ) -> None:
        self._store = store
        self._observer = observer or NoObserver()
        self._adopted = 0  # generations this process moved to: the store's own ids are random, not ordered
        self._dir = cache_dir
        self._state: _State | None = None
        self._lock = threading.Lock()  # one refresh at a time; searches never wait for it
        self._worker: threading.Thread | None = None
        self._merger: threading.Thread | None = None
        self._check_every = check_every_s
        self._checked_at = 0.0
        self._failed: tuple[str, float, str] | None = None  # (generation, when, why) of the last failed refresh
        # the delta is folded into a new main index past max(merge_at, merge_share x main size) chunks
        self._merge_at, self._merge_share = merge_at, merge_share

    @property
    def error(self) -> str | None:
        """Why the last refresh failed (None when the index is current or merely catching up)."""
        return self._failed[2] if self._failed else None

    @property
    def generation(self) -> str | None:
        return self._state.generation if self._state else None

    @property
    def delta_size(self) -> int:
        """Chunks searched beside the main index (written since it was built)."""
        return len(self._state.delta) if self._state else 0

    def refresh(self) -> None:
        """Bring the index to the store's current generation now (catch up by diff; load or build a main index
        first when there is none). A failure is logged once and kept in .error; searches go on with the
        previous state."""
        with self._lock:
            current = self._store.generation()
            if self._state is not None and self._state.generation == current:
                return
            started = time.perf_counter()
            try:
                state, built = self._state, False
                if state is None:
                    loaded = self._load_latest()
                    built = loaded is None
                    state = _State.fresh(loaded or self._build_main())
                self._state = self._catch_up(state, current)
                self._failed = None
            except Exception as exc:  # a derived cache must not take search down with it
                if self._failed is None or self._failed[0] != current:
                    log.warning("keyword index refresh failed for generation %s: %s", current, exc)
                self._failed = (current, time.monotonic(), f"{type(exc).__name__}: {exc}")
                self._observer.observe(KeywordRefreshed(self._adopted, time.perf_counter() - started, True, ok=False))
                return
            self._adopted += 1
            seconds = time.perf_counter() - started
            self._observer.observe(KeywordRefreshed(self._adopted, seconds, built=built, delta=len(self._state.delta)))
        if self._needs_merge():
            self._merge_in_background()

    def _catch_up(self, state: _State, generation: str) -> _State:
        """state brought to the store's chunks as of now (labelled generation, read before the ids)."""
        now = self._store.chunk_ids()
        known = state.known()
        added, removed = sorted(now - known), known - now
        delta = state.delta.without(removed) if removed else state.delta
        dead = state.dead
        positions = state.main.columns.positions
        if gone := [positions[i] for i in removed if i in positions]:
            dead = dead.copy()
            dead[gone] = True
        if added:
            delta = delta.plus(Delta.of(state.main.tokenizer, self._store.chunk_rows(added)))
        return _State(generation, state.main, dead, delta)

    def _needs_merge(self) -> bool:
        state = self._state
        if state is None:
            return False
        limit = max(self._merge_at, int(self._merge_share * state.live_in_main))
        return len(state.delta) + int(state.dead.sum()) > limit

    def _merge_in_background(self) -> None:
        if self._merger is None or not self._merger.is_alive():
            self._merger = threading.Thread(target=self.merge, name="keyword-merge", daemon=True)
            self._merger.start()

    def merge(self) -> None:
        """Rebuild the main index from the store (searches go on meanwhile), then catch up by diff."""
        started = time.perf_counter()
        try:
            main = self._build_main()
        except Exception as exc:
            log.warning("keyword index merge failed: %s", exc)
            return
        with self._lock:
            try:
                self._state = self._catch_up(_State.fresh(main), self._store.generation())
            except Exception as exc:
                log.warning("keyword index merge failed: %s", exc)
                return
            self._adopted += 1
            seconds = time.perf_counter() - started
            self._observer.observe(KeywordRefreshed(self._adopted, seconds, built=True, delta=len(self._state.delta)))

    def refresh_in_background(self) -> None:
        """Start a refresh unless one is running; searches meanwhile use the previous state."""
        if self._worker is None or not self._worker.is_alive():
            self._worker = threading.Thread(target=self.refresh, name="keyword-refresh", daemon=True)
            self._worker.start()

    def wait(self) -> None:
        """Block until a background refresh or merge (if any) is done."""
        for thread in (self._worker, self._merger):
            if thread is not None:
                thread.join()

    def catch_up(self) -> None:
        """Block until keyword search reflects every write made so far."""
        self.wait()
        self.refresh()

    def _maybe_refresh(self) -> None:
        if self._state is None:
            self.refresh()
            return
        now = time.monotonic()
        if now - self._checked_at >= self._check_every:
            self._checked_at = now
            current = self._store.generation()
            retry_later = self._failed is not None and self._failed[0] == current and now - self._failed[1] < _RETRY_S
            if current != self._state.generation and not retry_later:
                self.refresh_in_background()

    def published(self, chunk_ids: list[str]) -> list[float | None]:
        """Publication times (epoch seconds) of these chunks as indexed; None when undated or not indexed yet."""
        state = self._state
        if state is None:
            return [None] * len(chunk_ids)
        out: list[float | None] = []
        for chunk_id in chunk_ids:
            value = None
            for columns in (state.delta.columns, state.main.columns):
                at = columns.positions.get(chunk_id)
                if at is not None:
                    value = float(columns.published[at])
                    break
            out.append(None if value is None or np.isnan(value) else value)
        return out

    def passing(self, filters: Filters) -> Passing | None:
        """Which indexed chunks pass filters, from the columns held in memory (a Chroma where-clause costs
        0.3-0.7 s per query at 47k chunks, this under a millisecond); None before the first index is ready."""
        self._maybe_refresh()
        state = self._state
        if state is None:
            return None
        return Passing(state, state.main.columns.mask(filters) & ~state.dead, state.delta.columns.mask(filters))

    def search(self, query: str, k: int, filters: Filters = Filters()) -> list[tuple[str, float]]:
        self._maybe_refresh()
        state = self._state
        if state is None:
            return []
        hits = state.main.search(query, k, state.main.columns.mask(filters) & ~state.dead)
        if len(state.delta):
            terms = stems(state.main.tokenizer, query)
            hits += state.delta.search(terms, k, state.delta.columns.mask(filters), state.main, state.live_in_main)
        return sorted(hits, key=lambda h: -h[1])[:k]

    def _build_main(self) -> Main:
        main = Main.build(uuid.uuid4().hex[:16], list(self._store.iter_chunks()))
        if main.columns.ids:
            self._save(main)
        return main

    def _save(self, main: Main) -> None:
        target = self._dir / main.name
        # a name of this process's own: another process saving at the same time never touches it
        tmp = self._dir / f".{main.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
        tmp.mkdir(parents=True)
        main.bm25.save(str(tmp), show_progress=False)
        main.tokenizer.save_vocab(str(tmp))
        main.tokenizer.save_stopwords(str(tmp))
        columns = main.columns
        meta = {
            "ids": list(columns.ids),
            "doc_ids": columns.doc_ids.tolist(),
            "sources": columns.sources.tolist(),
            "published": [None if np.isnan(p) else p for p in columns.published],
            "df": main.df,
            "avgdl": main.avgdl,
        }
        (tmp / "chunks.json").write_text(json.dumps(meta))
        try:
            tmp.rename(target)
        except OSError:  # another process saved this one first: theirs is as good
            shutil.rmtree(tmp, ignore_errors=True)
        self._remove_old(keep=target)

    def _remove_old(self, keep: Path) -> None:
        """Finished indexes other than keep; temporary folders only once they are abandoned (an hour old)."""
        for old in self._dir.iterdir():
            abandoned = old.name.startswith(".") and time.time() - old.stat().st_mtime > _ABANDONED_S
            if old.is_dir() and old != keep and (abandoned or not old.name.startswith(".")):
                shutil.rmtree(old, ignore_errors=True)

    def _load_latest(self) -> Main | None:
        """The newest saved main index (any age: the diff catches it up), or None."""
        if not self._dir.is_dir():
            return None
        saved = [d for d in self._dir.iterdir() if not d.name.startswith(".") and (d / "chunks.json").is_file()]
        if not saved:
            return None
        folder = max(saved, key=lambda d: d.stat().st_mtime)
        meta = json.loads((folder / "chunks.json").read_text())
        if "df" not in meta:
            return None  # saved by a version without document frequencies: rebuild
        tokenizer = new_tokenizer()
        tokenizer.load_vocab(str(folder))
        tokenizer.load_stopwords(str(folder))
        bm25 = bm25s.BM25.load(str(folder), show_progress=False, verbosity=0)
        columns = Columns(
            tuple(meta["ids"]),
            np.array(meta["doc_ids"], dtype=object),
            np.array(meta["sources"], dtype=object),
            np.array([np.nan if p is None else p for p in meta["published"]], dtype=np.float64),
        )
        return Main(folder.name, bm25, tokenizer, columns, meta["df"], float(meta["avgdl"]))
