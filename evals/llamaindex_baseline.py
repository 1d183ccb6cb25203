"""The PrivateGPT-like baseline: a plain LlamaIndex pipeline with the same embedder. The only llama_index import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import chromadb
from chromadb.config import Settings as ChromaClientSettings
from llama_index.core import Document, StorageContext, VectorStoreIndex
from llama_index.core.embeddings import BaseEmbedding
from llama_index.core.node_parser import SentenceSplitter
from llama_index.vector_stores.chroma import ChromaVectorStore
from pydantic import PrivateAttr

from rag.providers.embedder import Embedder


class SameEmbedder(BaseEmbedding):
    """Hands LlamaIndex our embedder, so the comparison is pipeline against pipeline, not model against model."""

    _embedder: Any = PrivateAttr()

    def __init__(self, embedder: Embedder) -> None:
        super().__init__(model_name="all-MiniLM-L6-v2")
        self._embedder = embedder

    def _get_query_embedding(self, query: str) -> list[float]:
        return list(self._embedder.embed([query])[0])

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return list(self._embedder.embed([text])[0])

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return [list(v) for v in self._embedder.embed(texts)]


def build_index(articles: list[dict[str, Any]], embedder: Embedder, path: Path, chunk_size: int, overlap: int) -> Any:
    """VectorStoreIndex.from_documents into a Chroma collection, LlamaIndex defaults otherwise."""
    client = chromadb.PersistentClient(path=str(path), settings=ChromaClientSettings(anonymized_telemetry=False))
    collection = client.get_or_create_collection("baseline", configuration={"hnsw": {"space": "cosine"}}, embedding_function=None)
    # the URL is kept but not embedded: some are longer than a chunk, which SentenceSplitter refuses
    docs = [
        Document(
            text=a["text"],
            doc_id=a["doc_id"],
            metadata={"title": a["title"], "url": a["url"], "published_at": a["publish_date"]},
            excluded_embed_metadata_keys=["url"],
            excluded_llm_metadata_keys=["url"],
        )
        for a in articles
    ]
    storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection))
    splitter = SentenceSplitter(chunk_size=chunk_size, chunk_overlap=overlap)
    return VectorStoreIndex.from_documents(
        docs, storage_context=storage, embed_model=SameEmbedder(embedder), transformations=[splitter]
    )


def open_or_build(articles: list[dict[str, Any]], embedder: Embedder, path: Path, chunk_size: int, overlap: int) -> Any:
    """The baseline index for these articles, built once into path and reloaded afterwards."""
    marker = path / "complete"
    if marker.is_file():
        client = chromadb.PersistentClient(path=str(path), settings=ChromaClientSettings(anonymized_telemetry=False))
        store = ChromaVectorStore(chroma_collection=client.get_collection("baseline", embedding_function=None))
        return VectorStoreIndex.from_vector_store(store, embed_model=SameEmbedder(embedder))
    index = build_index(articles, embedder, path, chunk_size, overlap)
    marker.write_text("ok")
    return index


def retrieve(index: Any, question: str, k: int) -> list[tuple[str, str, int | None, int | None]]:
    """Top-k chunks as (doc_id, text, start_char_idx, end_char_idx): what PrivateGPT-style pipelines cite."""
    nodes = index.as_retriever(similarity_top_k=k).retrieve(question)
    return [(n.node.ref_doc_id or "", n.node.get_content(), n.node.start_char_idx, n.node.end_char_idx) for n in nodes]
