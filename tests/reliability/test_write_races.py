"""Writes to one article race each other and readers; every reader sees one whole version, never a mix."""

from __future__ import annotations

import threading
from collections.abc import Callable

from fastapi.testclient import TestClient

from rag.components import Components
from rag.settings import LLMSettings, Settings
from rag.store.chroma import ChromaStore
from tests.helpers import api_client, fake_components

DOC = "race-doc"


def _version(n: int, sentences: int) -> str:
    return " ".join(f"Version {n} sentence {i} says the bridge reopens in spring number {i}." for i in range(sentences))


def _assert_whole(store: ChromaStore, doc_id: str) -> str:
    """The live version is complete: every live chunk is the record's text at its offsets, none missing."""
    found = store.get_article(doc_id)
    assert found is not None
    info, text = found
    chunks = store.chunk_offsets(doc_id)
    assert len(chunks) == info.n_chunks > 0
    assert all(text[start:end] == chunk for _, start, end, chunk in chunks)
    assert [index for index, *_ in chunks] == list(range(info.n_chunks))
    leftovers = store.chunks.get(where={"doc_id": doc_id}, include=[])["ids"]
    assert len(leftovers) == info.n_chunks, "an old version's chunks survived the write"
    return text


def _together(*actions: Callable[[], object]) -> None:
    barrier = threading.Barrier(len(actions))
    errors: list[BaseException] = []

    def run(action: Callable[[], object]) -> None:
        barrier.wait()
        try:
            action()
        except BaseException as exc:  # collected and re-raised in the test thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


def test_concurrent_posts_to_one_article_leave_one_whole_version(settings: Settings) -> None:
    extractive = settings.model_copy(update={"llm": LLMSettings(provider="extractive")})
    components: Components = fake_components(extractive)
    versions = {_version(n, 2 + 6 * n): n for n in (1, 2)}  # 2 sentences against 8: different chunk counts
    with api_client(components) as client:
        for _ in range(8):
            posts = [
                lambda text=text: client.post("/v1/documents", json={"id": DOC, "title": "T", "text": text}) for text in versions
            ]
            _together(*posts)
            assert _assert_whole(components.store, DOC) in versions


def test_asking_while_the_article_is_replaced_or_deleted_gives_no_500_and_no_wrong_quote(settings: Settings) -> None:
    # one test client hammers the API from one address: lift the per-caller rate limit, it is not under test here
    unlimited = settings.api.model_copy(update={"rate_per_minute": 1_000_000, "answers_per_caller": 16})
    extractive = settings.model_copy(update={"llm": LLMSettings(provider="extractive"), "api": unlimited})
    components = fake_components(extractive)
    versions = [_version(n, 3 + 2 * n) for n in range(4)]
    stop = threading.Event()

    def churn(client: TestClient) -> None:
        n = 0
        while not stop.is_set():
            n += 1
            if n % 5 == 0:
                client.delete(f"/v1/documents/{DOC}")
            else:
                client.post("/v1/documents", json={"id": DOC, "title": "Bridge", "text": versions[n % len(versions)]})

    def matches_a_version(start: int, end: int, quote: str) -> bool:
        return any(v[start:end] == quote for v in versions)

    with api_client(components, raise_server_exceptions=False) as client:
        client.post("/v1/documents", json={"id": DOC, "title": "Bridge", "text": versions[0]})
        writer = threading.Thread(target=churn, args=(client,))
        writer.start()
        try:
            for _ in range(40):
                ask = client.post("/v1/ask", json={"question": "When does the bridge reopen?", "filters": {"doc_ids": [DOC]}})
                assert ask.status_code == 200, ask.text
                assert all(matches_a_version(c["start"], c["end"], c["quote"]) for c in ask.json()["citations"])
                search = client.get("/v1/search", params={"q": "bridge reopens spring", "doc_id": DOC})
                assert search.status_code == 200, search.text
                assert all(matches_a_version(h["start"], h["end"], h["text"]) for h in search.json()["hits"])
        finally:
            stop.set()
            writer.join()
