"""An app over real Chroma with the seed ingested, a bag-of-words embedder and a scripted LLM (logic tests)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from rag.components import Components
from rag.settings import Settings
from tests.fakes import ScriptedLLM
from tests.helpers import api_client, fake_components, seed_text


@pytest.fixture
def llm() -> ScriptedLLM:
    return ScriptedLLM()


@pytest.fixture
def components(settings: Settings, llm: ScriptedLLM) -> Components:
    return fake_components(settings, llm)


@pytest.fixture
def client(components: Components) -> Iterator[TestClient]:
    with api_client(components, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(name="seed_text")
def seed_text_fixture() -> str:
    return seed_text()
