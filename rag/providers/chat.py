"""The ChatModel contract, and the factory that picks one from settings: embedded llama.cpp, a remote
OpenAI-compatible endpoint, or none (extractive answers)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from rag.settings import Settings
from rag.types import ChatItem, Message, Opening


class ChatModel(Protocol):
    """One chat completion; the streaming variant yields text deltas, and the Usage last if the model reports it.

    A model that can be told to avoid a token also yields the reply's Opening (its first token and probability)
    before the text, and honours avoid= by never producing that token: how an unsure refusal is asked again."""

    def complete(self, messages: list[Message]) -> str: ...

    def stream(self, messages: list[Message], avoid: Opening | None = None) -> Iterator[ChatItem]: ...


@dataclass
class ChatHandle:
    """The model (None for extractive), how to tell it is ready, and how to shut it down."""

    model: ChatModel | None
    ready: Callable[[], bool]
    close: Callable[[], None]


def build_chat_model(settings: Settings) -> ChatHandle:
    """The chat model settings.llm asks for; the embedded one starts llama.cpp (seconds) and owns it."""
    from rag.providers.openai_compat import OpenAIChatModel

    llm = settings.llm
    if llm.provider == "extractive":
        return ChatHandle(None, lambda: True, lambda: None)
    if llm.provider == "openai":
        model = OpenAIChatModel(
            llm.base_url, llm.api_key, llm.model, llm.timeout_s, llm.max_tokens, llm.temperature, llm.logprobs
        )
        return ChatHandle(model, model.reachable, lambda: None)
    from rag.providers.local_llm import ALIAS, LocalLlamaServer

    server = LocalLlamaServer(llm.model_path, settings.model_cache_dir, llm.threads, llm.context, llm.max_tokens)
    # llama.cpp reports token ids with logprobs and honours logit_bias: refusals can be asked again
    local = OpenAIChatModel(server.base_url, "local", ALIAS, llm.timeout_s, llm.max_tokens, llm.temperature, True)
    return ChatHandle(local, local.reachable, server.close)
