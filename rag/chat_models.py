"""Pick the chat model from settings: embedded llama.cpp, a remote OpenAI-compatible endpoint, or none."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rag.openai_compat import OpenAIChatModel
from rag.settings import Settings


@dataclass
class ChatRuntime:
    """The model (None for extractive), how to tell it is ready, and how to shut it down."""

    model: OpenAIChatModel | None
    ready: Callable[[], bool]
    close: Callable[[], None]


def build_chat_model(settings: Settings) -> ChatRuntime:
    llm = settings.llm
    if llm.provider == "extractive":
        return ChatRuntime(None, lambda: True, lambda: None)
    if llm.provider == "openai":
        model = OpenAIChatModel(llm.base_url, llm.api_key, llm.model, llm.timeout_s, llm.max_tokens, llm.temperature)
        return ChatRuntime(model, model.reachable, lambda: None)
    from rag.local_llm import ALIAS, LocalLlamaServer

    server = LocalLlamaServer(llm.model_path, settings.model_cache_dir, llm.threads, llm.context, llm.max_tokens)
    model = OpenAIChatModel(server.base_url, "local", ALIAS, llm.timeout_s, llm.max_tokens, llm.temperature)
    return ChatRuntime(model, model.reachable, server.close)
