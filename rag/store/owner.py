"""Who owns an embedded data dir. Chroma's embedded store supports one process, so:

- `newsqa serve` holds an exclusive lock on data_dir/owner.lock for its lifetime and writes its URL into it;
- every other command holds a shared lock while it works on the store directly;
- a command that finds a server holding the lock talks to that server over HTTP instead (`newsqa ingest`
  while `newsqa serve` runs sends the articles through the API); a second server refuses to start.

flock is released by the kernel when a process dies, so a killed server never leaves a stale lock.
A Chroma server (chroma.host set) is shared by design and needs none of this.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path
from typing import IO

from rag.errors import StoreUnavailable
from rag.settings import Settings

LOCK_NAME = "owner.lock"


class DataDirLock:
    """An flock on data_dir/owner.lock; release() (or process exit) frees it."""

    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle

    def release(self) -> None:
        if not self._handle.closed:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()

    def __enter__(self) -> DataDirLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _open(data_dir: Path) -> IO[str]:
    data_dir.mkdir(parents=True, exist_ok=True)
    return (data_dir / LOCK_NAME).open("a+", encoding="utf-8")


def serving_url(data_dir: Path) -> str | None:
    """The URL of the `newsqa serve` that owns data_dir, or None when no server holds it."""
    handle = _open(data_dir)
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        try:
            return str(json.loads(handle.read() or "{}").get("url")) or None
        except ValueError:
            return None
        finally:
            handle.close()
    fcntl.flock(handle, fcntl.LOCK_UN)
    handle.close()
    return None


def claim_for_server(data_dir: Path, url: str) -> DataDirLock:
    """The exclusive lock a server holds; StoreUnavailable (with who holds it) when another process does."""
    handle = _open(data_dir)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        holder = serving_url(data_dir)
        who = f"newsqa serve at {holder}" if holder else "another newsqa command"
        raise StoreUnavailable(f"{data_dir} is in use by {who}; stop it first or choose another --data-dir") from None
    handle.seek(0)
    handle.truncate()
    handle.write(json.dumps({"url": url, "pid": os.getpid()}))
    handle.flush()
    return DataDirLock(handle)


def server_for(settings: Settings) -> str | None:
    """The URL of the server that owns the settings' embedded store (None: work on the store directly)."""
    return None if settings.chroma.host else serving_url(settings.data_dir)


def claim_for_command(data_dir: Path) -> DataDirLock:
    """The shared lock a command holds while it opens the store itself (so no server starts meanwhile)."""
    handle = _open(data_dir)
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise StoreUnavailable(f"{data_dir} is served by a running newsqa serve; use its API") from None
    return DataDirLock(handle)
