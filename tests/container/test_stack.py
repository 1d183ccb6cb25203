"""The container image and the compose stack, built and run with podman: a Chroma server, two API replicas.

Replica 1 seeds the empty store on its first start; an article written through replica 1 is found through replica 2;
the seed question asked through replica 2 is answered with exact quotes; with Chroma killed the API answers 503
store_unavailable (not 500, not a hang) and recovers when it is back; a request in flight when SIGTERM arrives
completes. Skipped only when podman is not installed (make test installs it where it can).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from rag.store.keys import add_to_env_file
from tests.helpers import ROOT, SEED_ID

PROJECT = "newsqa-test"
NETWORK = f"{PROJECT}_default"  # the network podman-compose makes for the project
QUESTION = "Who led the Russian delegation?"
CONF = ROOT / "deploy" / "containers.conf"


def _podman_missing() -> str | None:
    for tool in ("podman", "podman-compose"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (make test installs Debian's podman when it runs as root)"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(*args: str, env: dict[str, str], timeout: float) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert result.returncode == 0, f"{' '.join(args)}: {result.stderr[-3000:]}{result.stdout[-2000:]}"
    return result


def _call(
    base: str, method: str, path: str, key: str, body: dict[str, Any] | None = None, timeout: float = 180
) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {key}")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        return exc.code, json.loads(raw) if raw.startswith(b"{") else raw.decode(errors="replace")


def _wait_ready(base: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/readyz", timeout=5) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.HTTPError):
            pass
        time.sleep(2)
    raise AssertionError(f"{base} not ready within {timeout_s:.0f} s")


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    reason = _podman_missing()
    if reason:
        pytest.skip(reason)
    env_file = tmp_path_factory.mktemp("stack") / "newsqa.env"
    key = add_to_env_file(env_file, "test-admin", "write")
    # a first local-model answer can take half a minute on 2 busy cores: give in-flight requests longer to finish
    with env_file.open("a") as handle:
        handle.write("NEWSQA_API__SHUTDOWN_GRACE_S=120\n")
    ports = _free_port(), _free_port()
    env = {
        **os.environ,
        "CONTAINERS_CONF": str(CONF),
        "NEWSQA_ENV_FILE": str(env_file),
        "NEWSQA_PORT_1": str(ports[0]),
        "NEWSQA_PORT_2": str(ports[1]),
    }
    env.pop("PYTHONPATH", None)
    timings: dict[str, Any] = {}
    started = time.monotonic()
    _run("make", "-s", "images", env=env, timeout=1500)
    timings["build_s"] = round(time.monotonic() - started, 1)
    inspect = _run("podman", "image", "inspect", "localhost/newsqa:latest", "--format", "{{.Size}}", env=env, timeout=60)
    timings["image_mb"] = round(int(inspect.stdout.strip()) / 2**20)
    compose = ("podman-compose", "-p", PROJECT)
    _run(*compose, "down", "-v", "-t", "0", env=env, timeout=180)  # a stack left over by an interrupted run
    # podman-compose 1.0 leaves the project's network behind, and a network left from an earlier run stopped
    # resolving service names here (a lookup of a running container's name failed after 80 s, while a new network
    # resolved it in 0.1 s, 2026-12-02): each run starts on a new one
    _run("podman", "network", "rm", "-f", NETWORK, env=env, timeout=60)
    try:
        up = time.monotonic()
        _run(*compose, "up", "-d", env=env, timeout=300)
        bases = [f"http://127.0.0.1:{p}" for p in ports]
        for base in bases:
            _wait_ready(base, 300)
        timings["ready_s"] = round(time.monotonic() - up, 1)
        yield {"bases": bases, "key": key, "env": env, "timings": timings, "up": up}
    finally:
        logs = subprocess.run([*compose, "logs"], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        (tmp_path_factory.getbasetemp() / "stack.log").write_text(logs.stdout + logs.stderr)
        subprocess.run([*compose, "down", "-v", "-t", "0"], cwd=ROOT, env=env, capture_output=True, check=False, timeout=300)
        subprocess.run(["podman", "network", "rm", "-f", NETWORK], env=env, capture_output=True, check=False)
        print(f"\ncontainer stack: {json.dumps(timings)}")


@pytest.mark.slow
def test_replicas_share_the_chroma_server_and_answer_with_exact_quotes(stack: dict[str, Any]) -> None:
    one, two = stack["bases"]
    key = stack["key"]
    status, page = _call(one, "GET", "/v1/documents", key)
    assert status == 200 and [item["doc_id"] for item in page["items"]] == [SEED_ID]  # seeded once, by replica 1
    note = {
        "id": "harbour-bridge",
        "title": "Harbour bridge to reopen",
        "published_at": "2025-05-16",
        "text": "The harbour bridge will reopen to traffic in March after a two-year repair. The city council approved the plan.",
    }
    status, written = _call(one, "POST", "/v1/documents", key, note)
    assert status == 201 and written["status"] == "added", written
    # written through replica 1, found through replica 2 at once by its vectors (the shared store); replica 2's own
    # keyword index catches up in the background when it sees the store's generation move
    status, found = _call(two, "GET", "/v1/search?q=harbour+bridge+reopen+repair", key)
    assert status == 200 and "harbour-bridge" in [hit["doc_id"] for hit in found["hits"]], found
    deadline = time.monotonic() + 30
    while found["hits"][0]["doc_id"] != "harbour-bridge" and time.monotonic() < deadline:
        time.sleep(1)
        _, found = _call(two, "GET", "/v1/search?q=harbour+bridge+reopen+repair", key)
    assert found["hits"][0]["doc_id"] == "harbour-bridge"
    status, answer = _call(two, "POST", "/v1/ask", key, {"question": QUESTION, "as_of": "2025-05-18"})
    stack["timings"].setdefault("first_answer_s", round(time.monotonic() - stack["up"], 1))
    assert status == 200 and answer["status"] == "answered" and "Medinsky" in answer["answer"], answer
    _, article = _call(two, "GET", f"/v1/documents/{SEED_ID}", key)
    assert answer["citations"] and all(
        article["text"][c["start"] : c["end"]] == c["quote"] for c in answer["citations"] if c["doc_id"] == SEED_ID
    )
    status, denied = _call(two, "POST", "/v1/ask", "nqa_wrong", {"question": QUESTION})
    assert status == 401 and denied["error"]["code"] == "invalid_key"


@pytest.mark.slow
def test_a_lost_chroma_server_gives_503_and_the_api_recovers(stack: dict[str, Any]) -> None:
    two = stack["bases"][1]
    env, key = stack["env"], stack["key"]
    _run("podman", "kill", f"{PROJECT}_chroma_1", env=env, timeout=60)
    try:
        started = time.monotonic()
        status, body = _call(two, "GET", "/v1/search?q=delegation", key, timeout=120)
        assert status == 503 and body["error"]["code"] == "store_unavailable", body
        # an error, not a hang. The first lookup of the killed container's name goes through podman's DNS forwarder
        # to the host's resolver, and that alone took 10-40 s here (getaddrinfo timed in a sibling container,
        # 2026-12-02); a second lookup took 0.2 s
        assert time.monotonic() - started < 90
    finally:  # the next test needs the store back even when this one fails
        _run("podman", "start", f"{PROJECT}_chroma_1", env=env, timeout=60)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        status, body = _call(two, "GET", "/v1/search?q=delegation", key, timeout=30)
        if status == 200:
            break
        time.sleep(2)
    assert status == 200 and body["hits"], body


@pytest.mark.slow
def test_sigterm_lets_the_request_in_flight_finish(stack: dict[str, Any]) -> None:
    one, _ = stack["bases"]
    key, env = stack["key"], stack["env"]
    result: dict[str, Any] = {}

    def ask() -> None:
        result["status"], result["body"] = _call(one, "POST", "/v1/ask", key, {"question": QUESTION, "as_of": "2025-05-18"})

    asking = threading.Thread(target=ask)
    asking.start()
    time.sleep(1.5)  # the local model takes several seconds to answer: the request is in flight now
    _run("podman", "stop", "-t", "150", f"{PROJECT}_api1_1", env=env, timeout=200)
    asking.join(timeout=200)
    assert result.get("status") == 200 and result["body"]["status"] == "answered", result
