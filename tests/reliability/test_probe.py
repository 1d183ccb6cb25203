"""The outside probe's defects at the HTTP edge, each over a real socket against a real uvicorn (issue 30)."""

from __future__ import annotations

import json
import socket
import time

import pytest

from rag.settings import Settings
from tests.fakes import SlowLLM
from tests.helpers import fake_components, served, with_api
from tests.reliability.sockets import ASK_STREAM, CHAT_STREAM, post, reply, request, request_socket, status_of


@pytest.mark.parametrize(("path", "body"), [("/v1/ask", ASK_STREAM), ("/v1/chat/completions", CHAT_STREAM)])
def test_a_stream_the_client_stops_frees_its_slot_and_stops_the_model_at_once(settings: Settings, path: str, body: bytes) -> None:
    llm = SlowLLM(words=400, pause_s=0.05)  # 20 s of reply after the first sentence
    components = fake_components(with_api(settings, answers_per_caller=2), llm)
    key = components.keys.create("bot", "read")
    with served(components) as port:
        for _ in range(2):  # both of the key's answer slots, each stream closed after its status line
            sock = post(port, path, body, key)
            assert status_of(sock) == 200
            sock.close()
        stopped_at = time.monotonic()
        while llm.open_streams and time.monotonic() - stopped_at < 5:
            time.sleep(0.05)
        assert llm.open_streams == 0, "the model went on writing replies nobody reads"
        produced = llm.produced
        assert produced < 100, f"the model wrote {produced} words after the clients left"
        third = post(port, path, body, key)
        assert status_of(third) == 200, "a stopped stream still holds its answer slot"
        third.close()
        assert time.monotonic() - stopped_at < 5


def _series(port: int) -> list[str]:
    page = request(port, b"GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").decode()
    return [line for line in page.splitlines() if line.startswith("newsqa_http_request")]


def test_made_up_method_names_do_not_grow_the_metrics_page(settings: Settings) -> None:
    """2,000 requests with 4 KB method names grew /metrics from 0.38 MB to 164 MB (no key needed)."""
    with served(fake_components(settings, SlowLLM())) as port:
        for path in ("/healthz", "/v1/nowhere", "/v1/documents/x"):  # every label a flood could vary, seen once
            request(port, f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
            request(port, f"BREW{'X' * 8} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
        _series(port)  # the first scrape is counted by the next one
        before = _series(port)
        for i in range(300):
            method = f"M{i:04d}" + "Q" * 4000
            reply = request(port, f"{method} /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
            assert reply.startswith(b"HTTP/1.1 405"), reply[:100]
        after = _series(port)
    assert len(after) == len(before), f"{len(after) - len(before)} new series from 300 made-up methods"
    assert all("QQQQ" not in line for line in after)


def _slow_body(port: int, key: str | None, sent: bytes = b'{"question": "Who') -> socket.socket:
    """A POST /v1/ask that announces 100 bytes of body and sends only the first few."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    auth = f"Authorization: Bearer {key}\r\n" if key else ""
    head = f"POST /v1/ask HTTP/1.1\r\nHost: localhost\r\n{auth}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
    sock.sendall(head.encode() + sent)
    return sock


def test_the_key_is_checked_before_the_body_is_read(settings: Settings) -> None:
    """Without a key a slow body held a connection (the body was read first), and bad JSON was 422, not 401."""
    components = fake_components(settings, SlowLLM())
    key = components.keys.create("bot", "read")
    with served(components) as port:
        started = time.monotonic()
        with _slow_body(port, None) as sock:
            status, _, body = reply(sock)
        assert status == 401 and json.loads(body)["error"]["code"] == "missing_key"
        assert time.monotonic() - started < 2, "the server waited for the body before checking the key"
        with post(port, "/v1/ask", b'{"question": ', None) as sock:
            assert reply(sock)[0] == 401
        with post(port, "/v1/ask", b'{"question": ', key) as sock:
            assert reply(sock)[0] == 422


def test_a_slow_body_is_cut_and_the_connection_limit_answers_in_the_error_shape(settings: Settings) -> None:
    """Three bodies sent a byte every 6 s held /healthz at 503 (plain text) for 30 s with 4 connections allowed."""
    components = fake_components(with_api(settings, body_timeout_s=1.5, max_connections=3), SlowLLM())
    key = components.keys.create("bot", "read")
    with served(components) as port:
        slow = [_slow_body(port, key) for _ in range(3)]
        time.sleep(0.3)
        with request_socket(port, b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n") as sock:
            status, headers, body = reply(sock)
        assert status == 503 and headers["content-type"] == "application/json"
        assert json.loads(body)["error"]["code"] == "overloaded"
        started = time.monotonic()
        for sock in slow:
            status, headers, body = reply(sock)
            assert status == 408 and json.loads(body)["error"]["code"] == "body_timeout"
            assert headers.get("connection") == "close" and sock.recv(1) == b""  # and the connection is closed
            sock.close()
        assert time.monotonic() - started < 3
        time.sleep(0.2)
        with request_socket(port, b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n") as sock:
            assert reply(sock)[0] == 200


def test_a_head_over_the_limit_is_refused_even_in_one_read(settings: Settings) -> None:
    """A 98 KiB head sent in one piece was accepted under the 16 KiB limit (h11 checks only incomplete heads)."""
    with served(fake_components(settings, SlowLLM())) as port:
        head = b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: " + b"a" * 98 * 1024 + b"\r\n\r\n"
        with request_socket(port, head) as sock:
            status, _, body = reply(sock)
        assert status == 431 and json.loads(body)["error"]["code"] == "headers_too_large"
        with request_socket(port, b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Ok: " + b"a" * 8000 + b"\r\n\r\n") as sock:
            assert reply(sock)[0] == 200
        with request_socket(port, b"NOT HTTP AT ALL\r\n\r\n") as sock:
            status, _, body = reply(sock)
        assert status == 400 and json.loads(body)["error"]["code"] == "invalid_http"
