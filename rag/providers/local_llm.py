"""The embedded chat model: llama.cpp's server in-process (xllamacpp), on loopback, spoken to through openai.

xllamacpp always opens an HTTP listener with no API key, so it is bound to 127.0.0.1 on a free port, unless
`newsqa model-server` asks for a host and port (the compose stack's `llm` service, on its private network).
The only xllamacpp import.
"""

from __future__ import annotations

import socket
import time
import urllib.request
from pathlib import Path
from typing import Any

from rag.errors import LLMUnavailable
from rag.providers.model_file import model_path

ALIAS = "local"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LocalLlamaServer:
    """Owns the llama.cpp server; base_url is an OpenAI-compatible /v1 on loopback. close() stops it."""

    def __init__(
        self,
        model_file: Path | None,
        cache_dir: Path,
        threads: int,
        context: int,
        max_tokens: int,
        host: str = "127.0.0.1",
        port: int | None = None,
    ) -> None:
        try:
            import xllamacpp as xlc
        except ImportError as exc:
            raise LLMUnavailable("xllamacpp is not installed; run `make setup`") from exc
        params = xlc.CommonParams()
        params.model.path = str(model_path(cache_dir, model_file))
        params.model_alias = {ALIAS}  # a set, not a string
        params.hostnames = [host]
        self.port = port or _free_port()
        params.port = self.port
        params.n_ctx = context
        params.n_predict = max_tokens
        params.n_parallel = 1  # one slot: on 2 cores a second concurrent answer only slows both
        params.cache_prompt = True  # the system prompt prefix is reused across questions
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
        params.sampling.temp = 0.0
        params.verbosity = 0  # llama.cpp logs every request at the default level
        self._server: Any = xlc.Server(params)
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self._wait_healthy()

    def _wait_healthy(self, timeout_s: float = 120.0) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise LLMUnavailable("the embedded llama.cpp server did not become healthy")

    def close(self) -> None:
        self._server = None  # the native server stops when its object is released
