"""What the loop knows between polls, in data_dir/feeds/state.json: per source its validators, last poll, status,
failures and next allowed time, and per entry what was stored from it. So a restarted loop fetches nothing it has.

One writer: the process holding data_dir/feeds/loop.lock (an flock, freed by the kernel when the process dies).
Inside it, one lock guards the state; it is saved whole, atomically (a temporary file, then os.replace), after
every batch written, so a kill loses at most the batch in flight, which the next poll fetches again.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import BaseModel, ValidationError

from rag.errors import InvalidRequest

MAX_ENTRIES = 5000  # per source (feeds.max_entries): the oldest are forgotten first (a feed lists its latest few dozen)


class Seen(BaseModel):
    """One entry (keyed by its page's canonical URL): the article stored from it and when, or why it failed."""

    stamp: str
    doc_id: str | None = None
    content_hash: str | None = None
    story: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    appeared: float
    searchable: float | None = None
    failures: int = 0
    reason: str | None = None


class SourceState(BaseModel):
    etag: str | None = None
    last_modified: str | None = None
    last_poll: float | None = None
    status: str = "never polled"
    failures: int = 0
    next_allowed: float = 0.0
    entries: dict[str, Seen] = {}

    @property
    def articles(self) -> int:
        return sum(1 for s in self.entries.values() if s.doc_id is not None)


class FeedState(BaseModel):
    version: int = 1
    sources: dict[str, SourceState] = {}


class StateFile:
    """The state, its lock, and save(); read and change it only inside `with state.lock`."""

    def __init__(self, path: Path, max_entries: int = MAX_ENTRIES) -> None:
        self.path = path
        self.max_entries = max_entries
        self.lock = threading.RLock()
        self.data = load_state(path)

    def source(self, name: str) -> SourceState:
        with self.lock:
            return self.data.sources.setdefault(name, SourceState())

    def save(self) -> None:
        with self.lock:
            for source in self.data.sources.values():
                if len(source.entries) > self.max_entries:
                    keep = sorted(source.entries.items(), key=lambda kv: kv[1].appeared)[-self.max_entries :]
                    source.entries = dict(keep)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(self.data.model_dump_json(), encoding="utf-8")
            os.replace(tmp, self.path)


def state_path(data_dir: Path) -> Path:
    return data_dir / "feeds" / "state.json"


def load_state(path: Path) -> FeedState:
    """The saved state, or an empty one when there is none; a damaged file is an error, never silently reset."""
    if not path.is_file():
        return FeedState()
    try:
        return FeedState.model_validate_json(path.read_bytes())
    except (ValidationError, ValueError):
        raise InvalidRequest(f"{path} is damaged: move it aside to start over (everything will be fetched again)") from None


@contextmanager
def loop_lock(data_dir: Path) -> Iterator[None]:
    """Held by the one process that polls and writes the state; a second one is refused at once."""
    path = data_dir / "feeds" / "loop.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InvalidRequest(
                f"another feed loop (newsqa watch, ingest of URLs, or newsqa serve with NEWSQA_FEEDS__SOURCES) polls {data_dir}"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
