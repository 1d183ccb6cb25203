"""Prompts from files, messages from passages, and the ChatModel contract. The only place the model is called."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from rag.types import Passage

Message = dict[str, str]
_DONT_KNOW = re.compile(
    r"^\W*(i\s+(do\s*n[o']?t|cannot|can't)\s+know|i\s+don't\s+know|unknown|not\s+(stated|mentioned|in\s+the\s+sources))"
    r"|the\s+sources\s+do\s+not\s+(say|contain|answer|mention)",
    re.IGNORECASE,
)


class ChatModel(Protocol):
    """One chat completion; the streaming variant yields text deltas."""

    def complete(self, messages: list[Message]) -> str: ...

    def stream(self, messages: list[Message]) -> Iterator[str]: ...


@dataclass(frozen=True)
class Prompts:
    """The three prompt files, read once at start-up."""

    system: str
    user: str
    refusal: str

    @classmethod
    def load(cls, folder: Path) -> Prompts:
        def read(name: str) -> str:
            return (folder / name).read_text(encoding="utf-8").strip()

        prompts = cls(read("system.txt"), read("user.txt"), read("refusal.txt"))
        if "{sources}" not in prompts.user or "{question}" not in prompts.user:
            raise ValueError(f"{folder / 'user.txt'} must contain {{sources}} and {{question}}")
        return prompts


def build_messages(prompts: Prompts, question: str, passages: Sequence[Passage]) -> list[Message]:
    """System rule first (a constant prefix the server can cache), then sources, question and the rule again."""
    sources = "\n".join(f"[{p.n}] {p.quote}" for p in passages)
    user = prompts.user.replace("{sources}", sources).replace("{question}", question.strip())
    return [{"role": "system", "content": prompts.system}, {"role": "user", "content": user}]


def is_refusal(reply: str) -> bool:
    """The model said it does not know (in any of the ways small models phrase it)."""
    return not reply.strip() or bool(_DONT_KNOW.search(reply.strip()))
