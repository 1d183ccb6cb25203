"""An app over real Chroma with the seed ingested, a bag-of-words embedder and a scripted LLM (logic tests)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from ingest.job import IngestJob
from rag.documents import Documents
from rag.generation import Prompts
from rag.indexing import Indexer
from rag.keyword import KeywordIndex
from rag.retrieval import Retriever
from rag.service import QAService
from rag.settings import Settings
from rag.store import ChromaStore
from tests.conftest import SEEDS
from tests.fakes import BagOfWordsEmbedder, ScriptedLLM, word_count

SEED_ID = "russia-ukraine-talks-2025-05-17"


def make_service(settings: Settings, llm: ScriptedLLM | None, embedder: BagOfWordsEmbedder | None = None) -> QAService:
    embedder = embedder or BagOfWordsEmbedder()
    store = ChromaStore.open(settings)
    IngestJob(store, embedder, word_count, settings.chunking).run([SEEDS])
    keyword = KeywordIndex(store, settings.data_dir / "keyword")
    retriever = Retriever(embedder, store, keyword, settings.retrieval)
    documents = Documents(store, Indexer(store, embedder, word_count, settings.chunking), keyword)
    return QAService(embedder, llm, store, retriever, documents, Prompts.load(settings.prompts_dir), settings)


@pytest.fixture
def llm() -> ScriptedLLM:
    return ScriptedLLM()


@pytest.fixture
def service(settings: Settings, llm: ScriptedLLM) -> QAService:
    return make_service(settings, llm)


@pytest.fixture
def client(service: QAService) -> Iterator[TestClient]:
    with TestClient(create_app(service=service), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def seed_text(tmp_path: Path) -> str:
    from ingest.plaintext import parse_news_text
    from rag.identity import make_article

    return make_article(parse_news_text(next(SEEDS.glob("*.txt")).read_text())).text
