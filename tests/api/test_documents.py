"""The documents routes: list, read, add (identity rules as ingest), replace, delete; search sees the changes."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.helpers import SEED_ID

ARTICLE = {
    "id": "bridge-2024",
    "title": "Bridge to reopen next month",
    "text": "The mayor said on Tuesday that the Kessler bridge will reopen next month. Repairs took two years.",
    "url": "https://news.example.com/bridge?utm_source=feed",
    "published_at": "2024-03-05",
    "authors": ["Jane Roe"],
    "source": "Example News",
}


def test_list_and_read(client: TestClient, seed_text: str) -> None:
    page = client.get("/v1/documents").json()
    assert page["total"] == 1 and page["items"][0]["doc_id"] == SEED_ID
    doc = client.get(f"/v1/documents/{SEED_ID}").json()
    assert doc["text"] == seed_text and doc["published_at"] == "2025-05-17T10:03:00-04:00"
    missing = client.get("/v1/documents/nope")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "document_not_found"


def test_add_replace_unchanged_delete(client: TestClient) -> None:
    """Each write is in keyword search when it returns (no catch-up waited for)."""
    created = client.post("/v1/documents", json=ARTICLE)
    assert created.status_code == 201 and created.json() == {"doc_id": "bridge-2024", "status": "added", "chunks": 1}
    again = client.post("/v1/documents", json=ARTICLE)
    assert again.status_code == 200 and again.json()["status"] == "unchanged"
    changed = client.post("/v1/documents", json={**ARTICLE, "text": "The Kessler bridge stays closed until autumn."})
    assert changed.status_code == 200 and changed.json()["status"] == "replaced"
    assert client.get("/v1/documents/bridge-2024").json()["text"] == "The Kessler bridge stays closed until autumn."

    hits = client.get("/v1/search", params={"q": "Kessler bridge", "k": 3}).json()["hits"]
    assert hits[0]["doc_id"] == "bridge-2024" and "autumn" in hits[0]["text"]

    assert client.delete("/v1/documents/bridge-2024").status_code == 204
    assert client.delete("/v1/documents/bridge-2024").status_code == 404
    hits = client.get("/v1/search", params={"q": "Kessler bridge", "k": 3}).json()["hits"]
    assert all(h["doc_id"] != "bridge-2024" for h in hits)


def test_url_identity_without_id(client: TestClient) -> None:
    body = {k: v for k, v in ARTICLE.items() if k != "id"}
    first = client.post("/v1/documents", json=body).json()
    second = client.post("/v1/documents", json={**body, "url": "https://NEWS.example.com/bridge#comments"}).json()
    # the same story under another spelling of its URL replaces it (the URL as given is stored)
    assert first["doc_id"] == second["doc_id"] and second["status"] == "replaced"
    assert client.get("/v1/documents").json()["total"] == 2


def test_bad_article_is_422(client: TestClient) -> None:
    response = client.post("/v1/documents", json={**ARTICLE, "published_at": "someday"})
    assert response.status_code == 422
    assert response.json()["error"] == {"code": "invalid_article", "message": "published_at 'someday' is not a date"}
    assert client.post("/v1/documents", json={"title": "x"}).json()["error"]["message"].startswith("text:")


def test_the_newest_first_narrowed_by_source_and_window(client: TestClient) -> None:
    for i, day in enumerate(["2024-03-05", "2024-06-01", "2023-01-10"]):
        body = {**ARTICLE, "id": f"bridge-{i}", "url": None, "published_at": day, "text": f"{ARTICLE['text']} Note {i}."}
        assert client.post("/v1/documents", json=body).status_code == 201
    client.post("/v1/documents", json={"id": "undated", "title": "Undated", "text": "No date here.", "source": "Example News"})
    newest = client.get("/v1/documents", params={"order": "newest", "source": "Example News"}).json()
    assert [a["doc_id"] for a in newest["items"]] == ["bridge-1", "bridge-0", "bridge-2", "undated"]
    assert newest["total"] == 4  # the seed is from another source
    window = client.get("/v1/documents", params={"order": "newest", "published_after": "2024-01-01", "limit": 1}).json()
    assert window["total"] == 3 and [a["doc_id"] for a in window["items"]] == [SEED_ID]  # the seed is from 2025
    bad = client.get("/v1/documents", params={"order": "oldest"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_request"
