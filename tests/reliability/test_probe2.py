"""The second outside probe's defects (issue 35), each over a real socket against a real uvicorn where it lives in
the HTTP layer."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from ingest.job import IngestJob
from rag.components import build_components
from rag.providers.chat import build_chat_model
from rag.providers.minilm import LocalMiniLM
from rag.settings import AnswerSettings, Settings
from tests.fakes import ScriptedLLM, WatchedModel
from tests.helpers import SEEDS, api_client, fake_components, served, with_api
from tests.reliability.sockets import ASK_STREAM, CHAT_STREAM, post, reply

FAR = ["9999-12-31", "9999-12-31T00:00:00", "9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00", "0001-01-01"]


@pytest.mark.parametrize("moment", FAR)
def test_a_date_at_the_end_of_the_calendar_is_an_open_bound_not_a_500(settings: Settings, moment: str) -> None:
    """published_before=9999-12-31 raised OverflowError in the filters (day + 1 day) on every route."""
    llm = ScriptedLLM(default="Vladimir Medinsky led the Russian delegation [1].")
    with api_client(fake_components(settings, llm), raise_server_exceptions=False) as client:
        _routes(client, moment)


def _routes(client: TestClient, moment: str) -> None:
    late = moment.startswith("9999")
    bounds = {"published_before": moment} if late else {"published_after": moment}
    search = client.get("/v1/search", params={"q": "Medinsky", **bounds})
    assert search.status_code == 200, search.text
    assert search.json()["hits"], "a bound at the end of the calendar excludes nothing"
    question = "Who led the Russian delegation?"
    ask = client.post("/v1/ask", json={"question": question, "filters": bounds})
    assert ask.status_code == 200 and ask.json()["citations"], ask.text
    streamed = client.post("/v1/ask", json={"question": question, "filters": bounds, "stream": True})
    assert streamed.status_code == 200 and "event: done" in streamed.text
    chat = client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": question}], "filters": bounds})
    assert chat.status_code == 200, chat.text
    opposite = {"published_after": moment} if late else {"published_before": moment}
    empty = client.get("/v1/search", params={"q": "Medinsky", **opposite})
    assert empty.status_code == 200 and empty.json()["hits"] == []


def _dripping(port: int, method: str, path: str) -> socket.socket:
    """A keyless request that announces 1,000 bytes of body and sends 10 (the rest would follow a byte at a time)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    head = f"{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
    sock.sendall(head.encode() + b'{"question')
    return sock


def _closed_within(sock: socket.socket, seconds: float) -> bool:
    """Whether the server closes the connection within `seconds` while the client keeps dripping its body."""
    sock.settimeout(0.2)
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        try:
            if sock.recv(65536) == b"":
                return True
        except TimeoutError:
            pass
        try:
            sock.sendall(b" ")
        except OSError:  # reset: closed
            return True
    return False


@pytest.mark.parametrize(
    ("method", "path", "status"), [("POST", "/v1/ask", 401), ("POST", "/v1/nowhere", 404), ("PUT", "/healthz", 405)]
)
def test_a_request_answered_before_its_body_arrived_closes_its_connection(
    settings: Settings, method: str, path: str, status: int
) -> None:
    """A keyless body dripped a byte every 3 s held its connection after the 401 (still open at 90 s); four such
    clients kept /healthz at 503 with max_connections=4."""
    components = fake_components(with_api(settings, max_connections=4, body_timeout_s=60), ScriptedLLM(default="x"))
    components.keys.create("bot", "read")
    with served(components) as port:
        clients = [_dripping(port, method, path) for _ in range(4)]
        for sock in clients:
            assert reply(sock)[0] == status
        assert all(_closed_within(sock, 3) for sock in clients), "the connection stayed open after the error"
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            assert reply(sock)[0] == 200
        for sock in clients:
            sock.close()


@pytest.fixture
def embedded_model(settings: Settings) -> Iterator[WatchedModel]:
    """The embedded model (llama.cpp, the 1.5B), watched."""
    handle = build_chat_model(settings)
    assert handle.model is not None
    try:
        yield WatchedModel(handle.model)
    finally:
        handle.close()


@pytest.mark.slow
@pytest.mark.parametrize(("path", "body"), [("/v1/ask", ASK_STREAM), ("/v1/chat/completions", CHAT_STREAM)])
def test_a_stream_stopped_while_the_gate_holds_its_answer_frees_its_slot_and_stops_the_model(
    settings: Settings, real_embedder: LocalMiniLM, embedded_model: WatchedModel, path: str, body: bytes
) -> None:
    """With the default confidence gate nothing is sent until the answer is judged (39 s in one run): two streams
    closed after 0.3 s gave their key 43 x 429 over 21.7 s and the abandoned answers ran to their end."""
    gated = with_api(settings, answers_per_caller=2).model_copy(update={"answer": AnswerSettings()})
    assert gated.answer.min_confidence > 0, "the default gate is on"
    with build_components(gated, embedder=real_embedder, llm=embedded_model) as components:
        IngestJob(components.indexer).run([SEEDS])
        key = components.keys.create("bot", "read")
        with served(components) as port:
            for _ in range(2):  # both of the key's answer slots, each stream closed while its answer is held
                sock = post(port, path, body, key)
                time.sleep(0.3)
                sock.close()
            third = post(port, path, body, key)
            assert not _refused(third, 3), "a stopped stream still holds its answer slot"
            third.close()
            _wait_for(lambda: embedded_model.opened > 0 and embedded_model.open_streams == 0, 60)
            time.sleep(2)  # any answer still to reach the model would have opened its stream by now
        assert embedded_model.open_streams == 0, "the model went on writing answers nobody reads"
        # each stopped at its first token (llama.cpp reads a prompt in one uninterruptible step before it)
        assert embedded_model.pieces <= 3 * embedded_model.opened, (embedded_model.pieces, embedded_model.opened)


def _refused(sock: socket.socket, seconds: float) -> bool:
    """Whether a 429 comes within `seconds` (a refused answer is refused at once; an admitted one is held)."""
    sock.settimeout(seconds)
    try:
        return sock.recv(64).startswith(b"HTTP/1.1 429")
    except TimeoutError:
        return False


def _wait_for(condition: Callable[[], bool], seconds: float) -> None:
    ends = time.monotonic() + seconds
    while not condition() and time.monotonic() < ends:
        time.sleep(0.05)
