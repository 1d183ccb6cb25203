"""Prompts from files, and the messages every prompt to a chat model is built from (answers and choices)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from rag.types import Message, Passage

_DONT_KNOW = re.compile(
    r"^\W*(i\s+(do\s*n[o']?t|cannot|can't)\s+know|i\s+don't\s+know|unknown|not\s+(stated|mentioned|in\s+the\s+sources))"
    r"|the\s+sources\s+do\s+not\s+(say|contain|answer|mention)",
    re.IGNORECASE,
)
_PLACEHOLDERS = {"user.txt": ("{sources}", "{question}"), "choice.txt": ("{sources}", "{question}", "{options}")}


@dataclass(frozen=True)
class Prompts:
    """The prompt files, read once at start-up: bundled (package data) unless a folder is given."""

    system: str
    user: str
    refusal: str
    choice: str

    @classmethod
    def load(cls, folder: Path | None = None) -> Prompts:
        root: Traversable = folder if folder is not None else files("prompts")

        def read(name: str) -> str:
            text = root.joinpath(name).read_text(encoding="utf-8").strip()
            missing = [p for p in _PLACEHOLDERS.get(name, ()) if p not in text]
            if missing:
                raise ValueError(f"{root.joinpath(name)} must contain {', '.join(missing)}")
            return text

        return cls(read("system.txt"), read("user.txt"), read("refusal.txt"), read("choice.txt"))


def _sources(passages: Sequence[Passage]) -> str:
    return "\n".join(f"[{p.n}] {p.quote}" for p in passages)


def build_messages(prompts: Prompts, question: str, passages: Sequence[Passage]) -> list[Message]:
    """System rule first (a constant prefix the server can cache), then sources, question and the rule again."""
    user = prompts.user.replace("{sources}", _sources(passages)).replace("{question}", question.strip())
    return [{"role": "system", "content": prompts.system}, {"role": "user", "content": user}]


def build_choice_messages(prompts: Prompts, question: str, passages: Sequence[Passage], choices: Sequence[str]) -> list[Message]:
    """A multiple-choice prompt: the sources, the question and lettered options (for evaluation)."""
    options = "\n".join(f"{letter}) {choice}" for letter, choice in zip("ABCD", choices, strict=False))
    user = prompts.choice.replace("{sources}", _sources(passages)).replace("{question}", question.strip())
    return [{"role": "user", "content": user.replace("{options}", options)}]


def is_refusal(reply: str) -> bool:
    """The model said it does not know (in any of the ways small models phrase it)."""
    return not reply.strip() or bool(_DONT_KNOW.search(reply.strip()))
