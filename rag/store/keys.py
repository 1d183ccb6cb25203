"""API keys: stored only as sha256 hashes, compared in constant time, never logged.

Once keys are in use (the keys file exists or NEWSQA_API__KEYS is set) they stay required: revoking the last
key leaves no key that works, never an open API.

Two sources: data_dir/keys.json (written by `newsqa keys create|revoke`, read again whenever it changes, so a
running server sees new and revoked keys at once) and api.keys (NEWSQA_API__KEYS, entries "name:scope:sha256",
for deployments that pass keys as secrets). A key is shown once, when it is created.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from rag.errors import InvalidRequest

Scope = Literal["read", "write"]
_PREFIX = "nqa_"


@dataclass(frozen=True)
class ApiKey:
    """A key's name, what it may do (write implies read), and its sha256."""

    name: str
    scope: Scope
    sha256: str


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def parse_entry(entry: str) -> ApiKey:
    """'name:scope:sha256' from NEWSQA_API__KEYS."""
    name, scope, sha = [*entry.split(":"), "", "", ""][:3]
    if scope not in {"read", "write"} or len(sha) != 64:
        raise InvalidRequest(f"api.keys entries are name:read|write:sha256, not {entry[:20]!r}...")
    return ApiKey(name, scope, sha.lower())  # type: ignore[arg-type]


def new_key() -> str:
    return _PREFIX + secrets.token_urlsafe(32)


def add_to_env_file(path: Path, name: str, scope: Scope) -> str:
    """A new key whose entry joins NEWSQA_API__KEYS in an env file (for containers: keys as a file, never in the image)."""
    lines = path.read_text().splitlines() if path.exists() else []
    prefix = "NEWSQA_API__KEYS="
    current = [json.loads(line.removeprefix(prefix)) for line in lines if line.startswith(prefix)]
    entries: list[str] = current[-1] if current else []
    if any(parse_entry(e).name == name for e in entries):
        raise InvalidRequest(f"{path} has a key named {name!r} already")
    key = new_key()
    entries.append(f"{name}:{scope}:{digest(key)}")
    kept = [line for line in lines if not line.startswith(prefix)]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write("\n".join([*kept, prefix + json.dumps(entries, separators=(",", ":"))]) + "\n")
    return key


class KeyStore:
    """create, list, revoke and verify keys; verify re-reads the file when it changed since the last look."""

    def __init__(self, path: Path, configured: list[str]) -> None:
        self._path = path
        self._configured = [parse_entry(e) for e in configured]
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._stored: list[ApiKey] = []

    def entries(self) -> list[ApiKey]:
        """Every key (file and configured), re-reading the file if it changed."""
        with self._lock:
            try:
                stat = self._path.stat()
                stamp = (stat.st_mtime_ns, stat.st_size)
            except FileNotFoundError:
                stamp = None
            if stamp != self._stamp:
                self._stamp = stamp
                self._stored = [ApiKey(**k) for k in json.loads(self._path.read_text())] if stamp else []
            return self._stored + self._configured

    def required(self) -> bool:
        """Keys are in use: some are configured, or the keys file exists (even emptied by revoking them all,
        which must lock the API, not open it)."""
        return bool(self._configured) or self._path.exists()

    def verify(self, key: str) -> ApiKey | None:
        """The key's entry, or None. Every stored hash is compared, in constant time."""
        presented, found = digest(key), None
        for entry in self.entries():
            if hmac.compare_digest(presented, entry.sha256):
                found = entry
        return found

    def create(self, name: str, scope: Scope) -> str:
        """A new key (returned once; only its hash is kept)."""
        if not name or any(k.name == name for k in self.entries()):
            raise InvalidRequest(f"a key named {name!r} exists already (or the name is empty)")
        key = new_key()
        self._write([*self._file_keys(), ApiKey(name, scope, digest(key))])
        return key

    def revoke(self, name: str) -> bool:
        """Remove the named key from the file; False when there is none (configured keys live in settings)."""
        kept = [k for k in self._file_keys() if k.name != name]
        if len(kept) == len(self._file_keys()):
            return False
        self._write(kept)
        return True

    def _file_keys(self) -> list[ApiKey]:
        return [k for k in self.entries() if k not in self._configured]

    def _write(self, keys: list[ApiKey]) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._path.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # hashes only, still nobody else's business
        with os.fdopen(fd, "w") as handle:
            json.dump([asdict(k) for k in keys], handle, indent=1)
        os.replace(tmp, self._path)
