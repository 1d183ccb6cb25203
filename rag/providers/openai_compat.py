"""Any OpenAI-compatible server (OpenAI, vLLM, TEI, Ollama, llama.cpp) through the openai client.

The only openai import: embeddings and chat completions, for remote servers and the embedded llama.cpp alike.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import openai

from rag.errors import EmbedderUnavailable, LLMUnavailable
from rag.settings import EmbeddingSettings
from rag.types import ChatItem, Message, Opening, TokenLogprobs, Usage


class OpenAIEmbedder:
    """POST /v1/embeddings in batches; vectors are re-normalised because not every server does."""

    def __init__(self, settings: EmbeddingSettings) -> None:
        if not settings.base_url and settings.api_key == "not-needed":
            raise EmbedderUnavailable("embedding.provider=openai needs embedding.base_url or a real embedding.api_key")
        # no retries: a server that is down fails the write at once instead of after 3 x timeout_s
        self._client = openai.OpenAI(
            base_url=settings.base_url, api_key=settings.api_key, timeout=settings.timeout_s, max_retries=0
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


class OpenAIChatModel:
    """Chat completions with the given sampling settings; every transport or server error is LLMUnavailable.

    With logprobs, streams ask for token logprobs and report the reply's Opening when the server names its token
    id (llama.cpp's server does; OpenAI and vLLM do not, and then nothing changes); avoid= bans that id by logit_bias.
    """

    def __init__(
        self,
        base_url: str | None,
        api_key: str,
        model: str,
        timeout_s: float,
        max_tokens: int,
        temperature: float,
        logprobs: bool = False,
    ) -> None:
        self._client = openai.OpenAI(base_url=base_url, api_key=api_key, timeout=timeout_s, max_retries=0)
        self._model = model
        self._max_tokens = max_tokens
        self._temperature = temperature
        self._logprobs = logprobs

    def complete(self, messages: list[Message]) -> str:
        try:
            response = self._client.chat.completions.create(
                model=self._model,
                messages=list(messages),  # type: ignore[arg-type]
                max_tokens=self._max_tokens,
                temperature=self._temperature,
            )
        except openai.OpenAIError as exc:
            raise LLMUnavailable(_reason(exc)) from exc
        return response.choices[0].message.content or "" if response.choices else ""

    def stream(self, messages: list[Message], avoid: Opening | None = None) -> Iterator[ChatItem]:
        """The reply's Opening (with logprobs, when the server names token ids), text deltas, then the token usage
        when the server reports it (it comes with the last chunk)."""
        # five alternatives: how much the model considered refusing even when it did not (a confidence signal)
        extra: dict[str, Any] = {"logprobs": True, "top_logprobs": 5} if self._logprobs else {}
        if avoid is not None and self._logprobs:
            extra["logit_bias"] = {str(avoid.token_id): -100}
        opened = not self._logprobs
        sure = _Sureness()
        try:
            chunks = self._client.chat.completions.create(  # type: ignore[call-overload]
                model=self._model,
                messages=list(messages),
                max_tokens=self._max_tokens,
                temperature=self._temperature,
                stream=True,
                stream_options={"include_usage": True},
                **extra,
            )
            with chunks:  # closing this generator closes the response: the server stops generating at once
                for chunk in chunks:
                    if isinstance(chunk, tuple):
                        continue
                    if not opened and chunk.choices:
                        opened, opening = _opening(chunk.choices[0].logprobs)
                        if opening is not None:
                            yield opening
                    if chunk.choices:
                        sure.add(chunk.choices[0].logprobs)
                    if chunk.choices and chunk.choices[0].delta.content:
                        yield chunk.choices[0].delta.content
                    if chunk.usage is not None:
                        yield Usage(chunk.usage.prompt_tokens, chunk.usage.completion_tokens)
            if (summary := sure.summary()) is not None:
                yield summary
        except openai.OpenAIError as exc:
            raise LLMUnavailable(_reason(exc)) from exc

    def reachable(self, timeout_s: float = 1.5) -> bool:
        """GET /models answers within timeout_s: the endpoint is up (used by /readyz, which must answer fast
        even when the endpoint hangs)."""
        try:
            self._client.with_options(timeout=timeout_s, max_retries=0).models.list()
        except openai.OpenAIError:
            return False
        return True


def _opening(logprobs: Any) -> tuple[bool, Opening | None]:
    """(seen, Opening) from a chunk's logprobs: seen once the first token is in; Opening only with its token id."""
    content = getattr(logprobs, "content", None)
    if not content:
        return False, None
    first = content[0]
    token_id = (first.model_extra or {}).get("id")  # a llama.cpp extension to the OpenAI schema
    if not isinstance(token_id, int):
        return True, None
    alternatives = tuple((t.token, math.exp(t.logprob)) for t in (first.top_logprobs or ()))
    return True, Opening(first.token, math.exp(first.logprob), token_id, alternatives)


class _Sureness:
    """The log-probabilities of every token of a reply, summed as they stream in (servers without logprobs: none)."""

    def __init__(self) -> None:
        self.total, self.lowest, self.count = 0.0, 0.0, 0

    def add(self, logprobs: Any) -> None:
        for token in getattr(logprobs, "content", None) or ():
            self.total += token.logprob
            self.lowest = min(self.lowest, token.logprob)
            self.count += 1

    def summary(self) -> TokenLogprobs | None:
        return TokenLogprobs(self.total / self.count, self.lowest, self.count) if self.count else None


def _reason(exc: openai.OpenAIError) -> str:
    if isinstance(exc, openai.APITimeoutError):
        return "the chat model timed out"
    if isinstance(exc, openai.APIConnectionError):
        return "the chat model endpoint cannot be reached"
    if isinstance(exc, openai.APIStatusError):
        return f"the chat model endpoint answered HTTP {exc.status_code}"
    return f"the chat model failed ({type(exc).__name__})"
