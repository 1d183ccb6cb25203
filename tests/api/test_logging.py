"""Request ids and the JSON log: an id on every response (errors and streams too), exactly one access line per
request, the id on every line logged while handling it, and the question only at DEBUG."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.logs import log_handler, request_id_for
from api.server import uvicorn_options
from rag.settings import Settings
from tests.fakes import ScriptedLLM
from tests.helpers import api_client, fake_components

QUESTION = "Who led the Russian delegation?"
GENERATED = re.compile(r"[0-9a-f]{32}")


class CapturedLog:
    """The lines newsqa's loggers write through the server's own JSON handler."""

    def __init__(self) -> None:
        self.stream = io.StringIO()

    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.stream.getvalue().splitlines()]

    def access(self) -> list[dict[str, Any]]:
        return [line for line in self.lines() if line["logger"] == "newsqa.access"]


@pytest.fixture
def captured() -> Iterator[CapturedLog]:
    log, logger = CapturedLog(), logging.getLogger("newsqa")
    handler, level = log_handler("json", log.stream), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield log
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@pytest.mark.parametrize(
    ("incoming", "kept"),
    [("abc-123_X.y", True), ("a" * 128, True), ("a" * 129, False), ("bad id", False), ("x;drop", False), ("", False)],
)
def test_only_sane_request_ids_are_kept(incoming: str, kept: bool) -> None:
    given = request_id_for(incoming)
    assert (given == incoming) is kept
    assert kept or GENERATED.fullmatch(given)


def test_the_request_id_is_echoed_or_generated(client: TestClient) -> None:
    assert client.get("/healthz", headers={"X-Request-ID": "trace-42"}).headers["x-request-id"] == "trace-42"
    assert GENERATED.fullmatch(client.get("/healthz").headers["x-request-id"])
    malformed = client.get("/healthz", headers={"X-Request-ID": "no spaces<allowed>"}).headers["x-request-id"]
    assert GENERATED.fullmatch(malformed)


def test_error_and_streamed_responses_carry_the_id(client: TestClient, llm: ScriptedLLM) -> None:
    missing = client.get("/v1/documents/nope", headers={"X-Request-ID": "r404"})
    assert missing.status_code == 404 and missing.headers["x-request-id"] == "r404"
    invalid = client.post("/v1/ask", json={"question": ""}, headers={"X-Request-ID": "r422"})
    assert invalid.status_code == 422 and invalid.headers["x-request-id"] == "r422"
    bad_host = client.get("/healthz", headers={"Host": "evil.example", "X-Request-ID": "r400"})
    assert bad_host.status_code == 400 and bad_host.headers["x-request-id"] == "r400"  # answered by the edge guard
    llm.enqueue("Vladimir Medinsky led it [1].")
    streamed = client.post("/v1/ask", json={"question": QUESTION, "stream": True}, headers={"X-Request-ID": "rsse"})
    assert streamed.headers["content-type"].startswith("text/event-stream") and streamed.headers["x-request-id"] == "rsse"


def test_one_json_access_line_per_request(client: TestClient, llm: ScriptedLLM, captured: CapturedLog) -> None:
    llm.enqueue("Vladimir Medinsky led it [1].", "Vladimir Medinsky led it [1].")
    ids = [
        client.post("/v1/ask", json={"question": QUESTION}).headers["x-request-id"],
        client.post("/v1/ask", json={"question": QUESTION, "stream": True}).headers["x-request-id"],
        client.get("/v1/documents/nope").headers["x-request-id"],
        client.get("/v1/search", params={"q": "Medinsky", "api_key": "x"}).headers["x-request-id"],
    ]
    lines = captured.access()
    assert [line["request_id"] for line in lines] == ids
    assert [(line["route"], line["status"]) for line in lines] == [
        ("/v1/ask", 200),
        ("/v1/ask", 200),
        ("/v1/documents/{doc_id}", 404),
        ("/v1/search", 401),
    ]
    assert all(line["level"] == "INFO" and line["method"] and line["duration_ms"] >= 0 for line in lines)
    assert lines[0]["client"].startswith("anonymous:")  # no keys: the caller is its address
    assert "api_key" not in captured.stream.getvalue()  # the query string is never logged


def test_the_question_is_logged_only_at_debug(client: TestClient, llm: ScriptedLLM, captured: CapturedLog) -> None:
    llm.enqueue("Vladimir Medinsky led it [1].", "Vladimir Medinsky led it [1].")
    client.post("/v1/ask", json={"question": QUESTION})
    assert QUESTION not in captured.stream.getvalue()
    logging.getLogger("newsqa").setLevel(logging.DEBUG)
    rid = client.post("/v1/ask", json={"question": QUESTION}, headers={"X-Request-ID": "debug-1"}).headers["x-request-id"]
    (asked,) = [line for line in captured.lines() if QUESTION in line["message"]]
    assert asked["level"] == "DEBUG" and asked["request_id"] == rid == "debug-1"  # logged in a worker thread


def test_the_access_line_names_the_key_never_the_key_itself(settings: Settings, captured: CapturedLog) -> None:
    components = fake_components(settings, ScriptedLLM(default="Vladimir Medinsky [1]."))
    key = components.keys.create("newsroom-bot", "read")
    with api_client(components) as client:
        client.post("/v1/ask", json={"question": QUESTION}, headers={"authorization": f"Bearer {key}"})
        client.get("/metrics")
    ask, scrape = captured.access()
    assert ask["client"] == "newsroom-bot" and ask["status"] == 200
    assert scrape["client"] is None and scrape["route"] == "/metrics"
    assert key not in captured.stream.getvalue()


def test_text_lines_carry_the_id_too(client: TestClient) -> None:
    stream, logger = io.StringIO(), logging.getLogger("newsqa.access")
    handler = log_handler("text", stream)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        client.get("/healthz", headers={"X-Request-ID": "plain-1"})
    finally:
        logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET)
    assert "[plain-1] GET /healthz 200" in stream.getvalue()


def test_uvicorn_logs_no_second_access_line() -> None:
    options = uvicorn_options(Settings(_env_file=None).api)
    assert options["access_log"] is False and options["log_config"] is None


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_auto_is_text_on_a_terminal_json_elsewhere_and_colour_codes_never_reach_a_line() -> None:
    record = logging.LogRecord("uvicorn.error", logging.INFO, __file__, 1, "Started server process", None, None)
    record.color_message = "Started server process \x1b[36m[1]\x1b[0m"
    for stream, text in ((Terminal(), True), (io.StringIO(), False)):
        handler = log_handler("auto", stream)
        handler.handle(logging.makeLogRecord(record.__dict__))
        line = stream.getvalue()
        assert "Started server process" in line and "\x1b" not in line and "color_message" not in line
        assert line.startswith("{") is not text


def test_the_pages_own_files_are_logged_only_at_debug(client: TestClient, captured: CapturedLog) -> None:
    client.get("/ui/static/reader.css")
    client.get("/favicon.ico")
    client.get("/healthz")
    assert [line["route"] for line in captured.access()] == ["/healthz"]
