"""Run `newsqa serve` as a child process on a free loopback port, wait until it is ready, stop it by its pid.

For scripts that need a live server: the benchmarks, the end-to-end tests, examples.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_server(data_dir: Path, log: Path, **env: str) -> Iterator[str]:
    """Yields the base URL once /readyz answers 200; the server's output goes to log."""
    with running_server_process(data_dir, log, **env) as (base, _pid):
        yield base


@contextmanager
def running_server_process(data_dir: Path, log: Path, **env: str) -> Iterator[tuple[str, int]]:
    """Like running_server, and the server's pid too (for memory readings)."""
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    environ = {**os.environ, "NEWSQA_DATA_DIR": str(data_dir), **env}
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "newsqa", "serve", "--port", str(port)],
            cwd=data_dir,  # not the caller's folder: a stray .env there must not change the server's settings
            env=environ,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                with urllib.request.urlopen(f"{base}/readyz", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"newsqa serve did not become ready:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        yield base, proc.pid
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
