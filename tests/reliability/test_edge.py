"""The HTTP edge under a real uvicorn: slow clients are cut, a 500 keeps the connection, streamed bodies are
capped, and /readyz answers fast even when the chat model hangs."""

from __future__ import annotations

import http.client
import socket
import time

from rag.components import build_components
from rag.settings import LLMSettings, Settings
from tests.api.test_errors import ExplodingEmbedder
from tests.fake_openai import FakeOpenAI, fake_openai_server
from tests.fakes import ScriptedLLM, WordCounter
from tests.helpers import fake_components, served, with_api


def test_a_client_dripping_its_headers_is_cut(settings: Settings) -> None:
    components = fake_components(with_api(settings, header_timeout_s=1.0), ScriptedLLM())
    with served(components) as port, socket.create_connection(("127.0.0.1", port)) as sock:
        started = time.monotonic()
        sock.settimeout(5)
        closed = False
        for byte in b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 40:
            try:
                sock.send(bytes([byte]))
                time.sleep(0.2)
                if sock.recv(1, socket.MSG_DONTWAIT | socket.MSG_PEEK) == b"":
                    closed = True
                    break
            except BlockingIOError:
                continue
            except OSError:
                closed = True
                break
        assert closed and time.monotonic() - started < 3, "the slow client was not cut within the header deadline"


def test_a_500_keeps_the_connection_usable(settings: Settings) -> None:
    broken = build_components(settings, embedder=ExplodingEmbedder(), llm=ScriptedLLM(), token_counter=WordCounter())
    with served(broken) as port:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/v1/search?q=anything", headers={"host": "localhost"})
        first = conn.getresponse()
        assert first.status == 500 and b"internal_error" in first.read()
        conn.request("GET", "/healthz", headers={"host": "localhost"})  # the same connection
        assert conn.getresponse().status == 200
        conn.close()


def test_a_streamed_body_over_the_limit_is_413(settings: Settings) -> None:
    with served(fake_components(with_api(settings, max_body_bytes=10_000), ScriptedLLM())) as port:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        chunks = (b'{"question": "' + b"x" * 5000, b"y" * 6000, b'"}')  # no Content-Length: sent chunked
        conn.request("POST", "/v1/ask", body=iter(chunks), headers={"host": "localhost", "content-type": "application/json"})
        response = conn.getresponse()
        assert response.status == 413 and b"too_large" in response.read()


def test_readyz_answers_fast_when_the_chat_model_hangs(settings: Settings) -> None:
    with fake_openai_server(FakeOpenAI("late", models_delay_s=20)) as url:
        hanging = settings.model_copy(update={"llm": LLMSettings(provider="openai", base_url=url, model="fake")})
        readiness = build_components(hanging, embedder=ExplodingEmbedder(), token_counter=WordCounter()).readiness
        started = time.monotonic()
        ready, details = readiness.check()
        assert not ready and details == {"reason": "the chat model is not reachable"}
        assert time.monotonic() - started < 2.0
        started = time.monotonic()
        assert readiness.check()[0] is False and time.monotonic() - started < 0.5  # remembered
