"""The composition root of the read side: everything QAService needs, built from Settings, and closed again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rag.chat_models import build_chat_model
from rag.documents import Documents
from rag.embeddings import Embedder, build_embedder
from rag.generation import ChatModel, Prompts
from rag.indexing import Indexer
from rag.keyword import KeywordIndex
from rag.offline import enforce_offline_env
from rag.retrieval import Retriever
from rag.service import QAService
from rag.settings import Settings
from rag.store import ChromaStore
from rag.tokens import count_word_pieces


@dataclass
class Runtime:
    service: QAService
    keyword: KeywordIndex
    llm_ready: Callable[[], bool]
    closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        for closer in reversed(self.closers):
            closer()


def build_runtime(settings: Settings, embedder: Embedder | None = None, llm: ChatModel | None = None) -> Runtime:
    """Open the store, load the embedder, the keyword index and the chat model (or use the ones given)."""
    enforce_offline_env()
    prompts = Prompts.load(settings.prompts_dir)
    embedder = embedder or build_embedder(settings)
    store = ChromaStore.open(settings)
    keyword = KeywordIndex(store, settings.data_dir / "keyword")
    keyword.refresh()
    retriever = Retriever(embedder, store, keyword, settings.retrieval)
    documents = Documents(store, Indexer(store, embedder, count_word_pieces, settings.chunking), keyword)
    if llm is not None:
        return Runtime(QAService(embedder, llm, store, retriever, documents, prompts, settings), keyword, lambda: True)
    chat = build_chat_model(settings)
    service = QAService(embedder, chat.model, store, retriever, documents, prompts, settings)
    return Runtime(service, keyword, chat.ready, [chat.close])
