"""GET /metrics: requests by route template, answer stages, tokens, model errors, writes and the keyword index,
read back through Prometheus' own text parser."""

from __future__ import annotations

from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from rag.components import Components
from rag.errors import LLMUnavailable
from rag.settings import AnswerSettings, Settings
from tests.api.test_documents import ARTICLE
from tests.fakes import ScriptedLLM
from tests.helpers import SEED_ID, api_client, fake_components

QUESTION = {"question": "Who led the Russian delegation?"}


def scrape(client: TestClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of GET /metrics, keyed by (name, labels)."""
    response = client.get("/metrics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
    }


def value(samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_an_answer_and_a_write_are_counted(client: TestClient, llm: ScriptedLLM) -> None:
    llm.enqueue("The Russian delegation was led by Vladimir Medinsky [1].")
    assert client.post("/v1/ask", json=QUESTION).status_code == 200
    created = client.post("/v1/documents", json=ARTICLE)
    assert created.status_code == 201
    m = scrape(client)
    assert value(m, "newsqa_http_requests_total", method="POST", route="/v1/ask", status="200") == 1
    assert value(m, "newsqa_http_requests_total", method="POST", route="/v1/documents", status="201") == 1
    assert value(m, "newsqa_http_request_duration_seconds_count", method="POST", route="/v1/ask", status="200") == 1
    assert value(m, "newsqa_answers_total", status="answered") == 1
    for stage in ("retrieve", "evidence", "generate", "cite", "total"):
        assert value(m, "newsqa_answer_stage_seconds_count", stage=stage) == 1, stage
    assert value(m, "newsqa_answer_stage_seconds_sum", stage="total") > 0
    assert value(m, "newsqa_llm_tokens_total", kind="prompt") > 0
    assert value(m, "newsqa_llm_tokens_total", kind="completion") > 0
    assert value(m, "newsqa_ingest_articles_total", result="added") == 1
    assert value(m, "newsqa_ingest_chunks_total") == created.json()["chunks"] == 1


def test_routes_are_labelled_by_template_not_path(client: TestClient) -> None:
    assert client.get(f"/v1/documents/{SEED_ID}").status_code == 200
    assert client.get("/v1/documents/nope").status_code == 404
    assert client.get("/no/such/route").status_code == 404
    m = scrape(client)
    assert value(m, "newsqa_http_requests_total", method="GET", route="/v1/documents/{doc_id}", status="200") == 1
    assert value(m, "newsqa_http_requests_total", method="GET", route="/v1/documents/{doc_id}", status="404") == 1
    assert value(m, "newsqa_http_requests_total", method="GET", route="unmatched", status="404") == 1
    assert not any(SEED_ID in value for _, labels in m for _, value in labels)


def test_the_keyword_generation_grows_after_a_write(client: TestClient) -> None:
    client.get("/v1/search", params={"q": "Medinsky"})  # the first search builds the keyword index
    before = scrape(client)
    assert value(before, "newsqa_keyword_index_generation") == 1
    assert value(before, "newsqa_keyword_index_rebuild_seconds_count") == 1
    client.post("/v1/documents", json=ARTICLE)  # the write tells the index: no catch-up to wait for
    after = scrape(client)
    assert value(after, "newsqa_keyword_index_generation") == 2
    # one article rewritten, no second build
    assert value(after, "newsqa_keyword_index_rebuild_seconds_count") == 1
    assert value(after, "newsqa_keyword_index_catch_up_seconds_count") == 1
    assert value(after, "newsqa_keyword_index_updated_articles") == 1


def test_refused_writes_count_as_failed(client: TestClient) -> None:
    twice = client.post("/v1/documents/batch", json={"articles": [ARTICLE, ARTICLE]})
    assert twice.status_code == 422
    m = scrape(client)
    assert value(m, "newsqa_ingest_articles_total", result="failed") == 2
    assert value(m, "newsqa_ingest_articles_total", result="added") == 0


def test_model_failures_are_counted_with_and_without_fallback(settings: Settings) -> None:
    down = ScriptedLLM(fail=LLMUnavailable("down"))
    with api_client(fake_components(settings, down), raise_server_exceptions=False) as client:
        assert client.post("/v1/ask", json=QUESTION).status_code == 503
        assert value(scrape(client), "newsqa_llm_errors_total", stage="generate") == 1
    fallback = settings.model_copy(update={"answer": AnswerSettings(fallback="extractive", min_confidence=0.0)})
    with api_client(fake_components(fallback, down)) as client:
        assert client.post("/v1/ask", json=QUESTION).json()["status"] == "answered"
        m = scrape(client)
        assert value(m, "newsqa_llm_errors_total", stage="generate") == 1
        assert value(m, "newsqa_answers_total", status="answered") == 1


def test_metrics_need_no_key_and_stay_out_of_the_schema(settings: Settings) -> None:
    components = fake_components(settings, ScriptedLLM(default="Vladimir Medinsky [1]."))
    components.keys.create("bot", "read")
    with api_client(components) as client:
        assert client.post("/v1/ask", json=QUESTION).status_code == 401
        m = scrape(client)  # no Authorization header
        assert value(m, "newsqa_http_requests_total", method="POST", route="/v1/ask", status="401") == 1
        assert "/metrics" not in client.get("/openapi.json").json()["paths"]


def test_each_app_has_its_own_registry(components: Components) -> None:
    with api_client(components) as first, api_client(components) as second:
        first.get("/healthz")
        assert value(scrape(first), "newsqa_http_requests_total", method="GET", route="/healthz", status="200") == 1
        assert value(scrape(second), "newsqa_http_requests_total", method="GET", route="/healthz", status="200") == 0
