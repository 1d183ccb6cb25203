"""A tiny OpenAI-compatible chat server on loopback (stdlib only), to test the `openai` provider for real."""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeOpenAI:
    """Answers every chat completion with `reply` (streamed when asked), after `delay_s`; records requests.

    Asked for logprobs, the first chunk carries the first word's with probability `opening_p` and token id 40, as
    llama.cpp's server reports them; a request that bans that id (logit_bias) is answered with `unbiased` instead.
    """

    def __init__(
        self,
        reply: str,
        delay_s: float = 0.0,
        models_delay_s: float = 0.0,
        opening_p: float = 1.0,
        unbiased: str = "",
    ) -> None:
        self.reply = reply
        self.delay_s = delay_s
        self.models_delay_s = models_delay_s
        self.opening_p = opening_p
        self.unbiased = unbiased
        self.requests: list[dict[str, Any]] = []

    def handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return

            def _json(self, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                time.sleep(fake.models_delay_s)
                self._json({"object": "list", "data": [{"id": "fake", "object": "model", "created": 0, "owned_by": "test"}]})

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                fake.requests.append(body)
                time.sleep(fake.delay_s)
                if not body.get("stream"):
                    self._json(
                        {
                            "id": "x",
                            "object": "chat.completion",
                            "created": 0,
                            "model": body["model"],
                            "choices": [
                                {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": fake.reply}}
                            ],
                        }
                    )
                    return
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.end_headers()
                reply = fake.unbiased if "40" in body.get("logit_bias", {}) else fake.reply
                for i in range(0, len(reply), 5):
                    choice: dict[str, Any] = {"index": 0, "delta": {"content": reply[i : i + 5]}, "finish_reason": None}
                    if body.get("logprobs") and i == 0:
                        token = {"token": reply.split()[0], "logprob": math.log(fake.opening_p), "bytes": None, "id": 40}
                        choice["logprobs"] = {"content": [{**token, "top_logprobs": [token]}]}
                    chunk = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": body["model"]}
                    self.wfile.write(f"data: {json.dumps({**chunk, 'choices': [choice]})}\n\n".encode())
                self.wfile.write(b"data: [DONE]\n\n")

        return Handler


@contextmanager
def fake_openai_server(fake: FakeOpenAI) -> Iterator[str]:
    """Yields the base URL (http://127.0.0.1:PORT/v1)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), fake.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
