"""Any OpenAI-compatible server (OpenAI, vLLM, TEI, Ollama, llama.cpp) through the openai client.

The only openai import: embeddings here, chat completions join them with the answering issue.
"""

from __future__ import annotations

import openai

from rag.errors import EmbedderUnavailable
from rag.settings import EmbeddingSettings


class OpenAIEmbedder:
    """POST /v1/embeddings in batches; vectors are re-normalised because not every server does."""

    def __init__(self, settings: EmbeddingSettings) -> None:
        if not settings.base_url and settings.api_key == "not-needed":
            raise EmbedderUnavailable("embedding.provider=openai needs embedding.base_url or a real embedding.api_key")
        self._client = openai.OpenAI(
            base_url=settings.base_url, api_key=settings.api_key, timeout=settings.timeout_s, max_retries=2
        )
        self._model = settings.model
        self._batch = settings.batch_size

    def embed(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for lo in range(0, len(texts), self._batch):
            try:
                response = self._client.embeddings.create(model=self._model, input=texts[lo : lo + self._batch])
            except openai.OpenAIError as exc:
                raise EmbedderUnavailable(f"embedding server error: {type(exc).__name__}") from exc
            for item in sorted(response.data, key=lambda d: d.index):
                norm = sum(v * v for v in item.embedding) ** 0.5 or 1.0
                out.append([v / norm for v in item.embedding])
        return out
