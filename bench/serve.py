"""A served newsqa for benchmarks: an index of real articles (cached under bench/.data) and a server process."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from bench.common import ROOT

CACHE = ROOT / "bench" / ".data"


def indexed_data_dir(articles: list[dict[str, Any]], log: Callable[[str], None]) -> Path:
    """A data dir holding the seed and these articles; built once, then reused (unchanged articles are skipped)."""
    data_dir = CACHE / f"index-{len(articles)}"
    data_dir.mkdir(parents=True, exist_ok=True)
    source = data_dir / "articles.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    log(f"indexing into {data_dir} (skips what is already there)")
    env = {**os.environ, "NEWSQA_DATA_DIR": str(data_dir)}
    subprocess.run(
        [sys.executable, "-m", "newsqa", "ingest", str(source), str(ROOT / "seeds"), "--json"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return data_dir


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(data_dir: Path, env: dict[str, str]) -> Iterator[str]:
    """`newsqa serve` on a free loopback port; yields its base URL once /readyz is 200; stops it by pid."""
    port = _free_port()
    environ = {**os.environ, "NEWSQA_DATA_DIR": str(data_dir), **env}
    log = (data_dir / f"server-{port}.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsqa", "serve", "--port", str(port)],
        cwd=ROOT,
        env=environ,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/readyz", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                raise RuntimeError(f"server exited; see {log.name}")
            time.sleep(0.5)
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
        log.close()


def pid_of(base: str) -> int:
    """The server's pid (for RSS readings): the process listening on base's port."""
    port = base.rsplit(":", 1)[1]
    out = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True, check=True).stdout
    return int(out.split("pid=")[1].split(",")[0])
