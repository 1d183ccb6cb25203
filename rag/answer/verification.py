"""Asking the model whether the sentences an answer cites state it: one short yes/no prompt (the cited sentences and
the answer, ~100 tokens with the embedded model), read at its first token. The probability of "yes" (from the
first token's alternatives where the server reports log-probabilities, the word itself otherwise) is a confidence
signal: a model that restated a sentence it was given says yes; one that answered from memory, or cited the wrong
sentence, is less sure."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rag.answer.prompts import Prompts, build_verify_messages
from rag.providers.chat import ChatModel
from rag.types import ChatItem, Opening


def verdict(chat: ChatModel, prompts: Prompts, answer: str, quotes: Sequence[str]) -> float | None:
    """P(the quotes state the answer), or None when the model's first word is neither yes nor no."""
    stream = chat.stream(build_verify_messages(prompts, answer, quotes))
    try:
        return _first_word(stream)
    finally:
        close = getattr(stream, "close", None)
        if callable(close):
            close()  # one token is all it takes: the model stops there


def _first_word(stream: Iterator[ChatItem]) -> float | None:
    for item in stream:
        if isinstance(item, Opening) and item.alternatives:
            return yes_share(item)
        if isinstance(item, str) and item.strip():
            word = item.strip().lower()
            return 1.0 if word.startswith("yes") else 0.0 if word.startswith("no") else None
    return None


def yes_share(opening: Opening) -> float | None:
    """p(yes) / (p(yes) + p(no)) over the first token's likeliest alternatives (None when neither is among them)."""
    yes = sum(p for token, p in opening.alternatives if token.strip().lower() == "yes")
    no = sum(p for token, p in opening.alternatives if token.strip().lower() == "no")
    return yes / (yes + no) if yes + no > 0 else None
