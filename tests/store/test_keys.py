"""API keys: made once, stored as hashes, verified, revoked; entries from the environment read strictly."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.errors import InvalidRequest
from rag.store.keys import KeyStore, add_to_env_file, digest, parse_entry


def test_a_created_key_verifies_with_its_scope_and_is_stored_only_as_its_hash(tmp_path: Path) -> None:
    store = KeyStore(tmp_path / "keys.json", [])
    assert not store.required()
    key = store.create("bot", "read")
    assert store.required() and key not in (tmp_path / "keys.json").read_text()
    found = store.verify(key)
    assert found is not None and (found.name, found.scope) == ("bot", "read")
    assert store.verify(key + "x") is None
    assert store.revoke("bot") and store.verify(key) is None and not store.revoke("bot")


def test_environment_entries_are_name_scope_and_hash(tmp_path: Path) -> None:
    entry = f"ci:write:{digest('nqa_secret')}"
    store = KeyStore(tmp_path / "keys.json", [entry])
    found = store.verify("nqa_secret")
    assert found is not None and found.scope == "write"
    assert parse_entry(entry).name == "ci"
    with pytest.raises(InvalidRequest, match="name:read\\|write:sha256"):
        parse_entry("ci:admin:abc")


def test_a_key_for_a_container_goes_into_an_env_file(tmp_path: Path) -> None:
    path = tmp_path / "newsqa.env"
    key = add_to_env_file(path, "admin", "write")
    assert digest(key) in path.read_text() and key not in path.read_text()
