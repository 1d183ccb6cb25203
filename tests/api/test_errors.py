"""Every non-2xx has the one error shape; bad input names the offending field; no trace ever leaks."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rag.answer.ranking import Ranker
from rag.components import build_components
from rag.settings import Settings
from tests.fakes import ScriptedLLM, WordCounter
from tests.helpers import api_client


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"question": ""}, "question"),
        ({"question": "x" * 2001}, "question"),
        ({}, "question"),
        ({"question": "ok", "top_k": 0}, "top_k"),
        ({"question": "ok", "surprise": 1}, "surprise"),
        ({"question": "ok", "filters": {"published_after": "yesterday"}}, "filters.published_after"),
    ],
)
def test_ask_validation(client: TestClient, body: dict[str, object], field: str) -> None:
    response = client.post("/v1/ask", json=body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_request" and error["message"].startswith(field + ":")


def test_malformed_json_is_422(client: TestClient) -> None:
    response = client.post("/v1/ask", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_request"


def test_unknown_route_and_method(client: TestClient) -> None:
    assert client.get("/v1/nope").json() == {"error": {"code": "not_found", "message": "Not Found"}}
    assert client.get("/v1/ask").json()["error"]["code"] == "method_not_allowed"


class ExplodingEmbedder:
    """An embedder with a bug: the error message holds internals that must never reach a client."""

    def embed(self, texts: list[str]) -> list[list[float]]:
        raise RuntimeError("secret internals /etc/passwd")


def test_unexpected_failure_is_a_500_without_a_trace(settings: Settings) -> None:
    components = build_components(settings, embedder=ExplodingEmbedder(), llm=ScriptedLLM(), token_counter=WordCounter())
    with api_client(components, raise_server_exceptions=False) as client:
        response = client.get("/v1/search", params={"q": "Medinsky"})
    assert response.status_code == 500
    assert response.json() == {"error": {"code": "internal_error", "message": "internal error; the server log has the details"}}
    assert "secret" not in response.text


def test_a_bad_ranker_file_is_a_503_naming_the_setting(settings: Settings, tmp_path: Path) -> None:
    # `newsqa serve` refuses to start with it (tests/ingest/test_cli.py); an app built some other way says so per ask
    (tmp_path / "ranker.json").write_text("[]")
    broken = settings.model_copy(update={"answer": settings.answer.model_copy(update={"ranker_file": tmp_path / "ranker.json"})})
    components = build_components(broken, llm=ScriptedLLM(), token_counter=WordCounter())
    with api_client(components, raise_server_exceptions=False) as client:
        response = client.post("/v1/ask", json={"question": "Who led?"})
    assert response.status_code == 503
    error = response.json()["error"]
    assert error == {
        "code": "bad_setting_file",
        "message": "the server's answer.ranker_file file is unusable; the server log has the details",
    }
    assert str(tmp_path) not in response.text  # the server's own path stays in its log


@pytest.mark.parametrize("setting", ["ranker_file", "calibration"])
def test_readyz_says_not_ready_while_a_setting_file_is_unusable_and_ready_once_it_loads(
    settings: Settings, tmp_path: Path, setting: str
) -> None:
    # `newsqa serve` and create_app(settings) refuse such a file at start; an app handed components built without
    # that check says so here, not only per ask
    path = tmp_path / f"{setting}.json"
    path.write_text('{"version": 1, "features": ["shoe_size"]}')
    broken = settings.model_copy(update={"answer": settings.answer.model_copy(update={setting: path})})
    components = build_components(broken, llm=ScriptedLLM(), token_counter=WordCounter())
    with api_client(components, raise_server_exceptions=False) as client:
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json() == {
            "error": {
                "code": "not_ready",
                "message": f"the server's answer.{setting} file is unusable; the server log has the details",
            }
        }
        assert str(tmp_path) not in response.text
        good = Ranker(("echo",), (0.0,), (1.0,), (1.0,), 0.0).as_json()
        if setting == "calibration":
            good = json.loads(files("rag.trust").joinpath("calibration/local.json").read_text(encoding="utf-8"))
        path.write_text(json.dumps(good))
        mended = client.get("/readyz")
    assert mended.status_code == 200 and mended.json()["status"] == "ready"
