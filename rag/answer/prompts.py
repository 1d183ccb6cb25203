"""Prompts from files, and the messages every prompt to a chat model is built from (answers and choices)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from rag.answers import Passage
from rag.text.fold import invisible_removed
from rag.text.injection import addresses_the_model
from rag.trust.markers import MARKER, strip_markers
from rag.types import Message

# a reply that starts by saying it does not know ("Unknown." alone, not "Unknown gunmen attacked ...")
_DONT_KNOW = re.compile(
    r"^\W*(i\s+(do\s*n[o']?t|cannot|can't)\s+know|unknown\W*$|not\s+(stated|mentioned|in\s+the\s+sources))",
    re.IGNORECASE,
)
# ... or says the sources do not answer without citing anything (with a citation it is a partial answer)
_SOURCES_SILENT = re.compile(r"the\s+sources\s+do\s+not\s+(say|contain|answer|mention)", re.IGNORECASE)
_ESCAPED = str.maketrans({"<": "&lt;", ">": "&gt;"})
_PLACEHOLDER = re.compile(r"\{(sources|question|options|history|claim)\}")
_PLACEHOLDERS = {
    "user.txt": ("{sources}", "{question}"),
    "choice.txt": ("{sources}", "{question}", "{options}"),
    "condense.txt": ("{history}", "{question}"),
    "verify.txt": ("{sources}", "{claim}"),
    "briefing.txt": ("{sources}",),
}


@dataclass(frozen=True)
class Prompts:
    """The prompt files, read once at start-up: bundled (package data) unless a folder is given."""

    system: str
    user: str
    refusal: str
    choice: str
    condense: str
    verify: str
    briefing: str

    @classmethod
    def load(cls, folder: Path | None = None) -> Prompts:
        root: Traversable = folder if folder is not None else files("prompts")

        def read(name: str) -> str:
            text = root.joinpath(name).read_text(encoding="utf-8").strip()
            missing = [p for p in _PLACEHOLDERS.get(name, ()) if p not in text]
            if missing:
                raise ValueError(f"{root.joinpath(name)} must contain {', '.join(missing)}")
            return text

        names = ("system.txt", "user.txt", "refusal.txt", "choice.txt", "condense.txt", "verify.txt", "briefing.txt")
        return cls(*(read(name) for name in names))


def _fill(template: str, **values: str) -> str:
    # one pass: a question or a source that itself contains "{sources}" is never expanded
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group()), template)


def _plain(text: str) -> str:
    # one line; angle brackets escaped, so "</sources>" or "<|im_start|>" in an article is text, never a fence or a
    # template tag; no [n] of the article's own that the model could copy as if it were a source number; and no
    # invisible characters (tag characters spell text a reader never sees but a tokenizer reads)
    return " ".join(strip_markers(invisible_removed(text)).split()).translate(_ESCAPED)


def header_line(title: str, published_at: str | None) -> str:
    """The line an article's run of sources starts with (rag/answer/choosing.py counts it against a budget)."""
    date = f" ({published_at[:10]})" if published_at else ""
    shown = "(title withheld)" if addresses_the_model(title) else _plain(title)
    return f"Article: {shown}{date}"


def source_line(n: int, quote: str) -> str:
    """One numbered source sentence, as the model reads it."""
    return f"[{n}] {_plain(quote)}"


def render_sources(passages: Sequence[Passage], titles: bool = True) -> str:
    """Numbered sentences, one a line; with titles, each article's run starts with its title and date."""
    lines: list[str] = []
    for i, p in enumerate(passages):
        if titles and (i == 0 or passages[i - 1].doc_id != p.doc_id):
            lines.append(header_line(p.title, p.published_at))
        lines.append(source_line(p.n, p.quote))
    return "\n".join(lines)


def build_messages(prompts: Prompts, question: str, passages: Sequence[Passage], titles: bool = True) -> list[Message]:
    """System rule first (a constant prefix the server can cache), then sources, question and the rule again."""
    user = _fill(prompts.user, sources=render_sources(passages, titles), question=question.strip())
    return [{"role": "system", "content": prompts.system}, {"role": "user", "content": user}]


def build_choice_messages(
    prompts: Prompts, question: str, passages: Sequence[Passage], choices: Sequence[str], titles: bool = True
) -> list[Message]:
    """A multiple-choice prompt: the sources, the question and lettered options (for evaluation)."""
    options = "\n".join(f"{letter}) {choice}" for letter, choice in zip("ABCD", choices, strict=False))
    user = _fill(prompts.choice, sources=render_sources(passages, titles), question=question.strip(), options=options)
    return [{"role": "user", "content": user}]


def build_condense_messages(prompts: Prompts, question: str, history: Sequence[Message]) -> list[Message]:
    """The one short call that rewrites a follow-up to stand alone."""
    lines = "\n".join(f"{m['role']}: {' '.join(m['content'].split())}" for m in history)
    return [{"role": "user", "content": _fill(prompts.condense, history=lines, question=question.strip())}]


def build_verify_messages(prompts: Prompts, answer: str, quotes: Sequence[str]) -> list[Message]:
    """The short yes/no check of an answer against the sentences it cites (rag/answer/verification.py)."""
    sources = "\n".join(f"- {_plain(q)}" for q in quotes)
    user = _fill(prompts.verify, sources=sources, claim=" ".join(strip_markers(answer).split()))
    # a short system line: without one, chat templates add their own default (Qwen's is ~20 tokens to read)
    return [{"role": "system", "content": "Reply yes or no."}, {"role": "user", "content": user}]


def build_briefing_messages(prompts: Prompts, quotes: Sequence[str]) -> list[Message]:
    """The one call that shortens a briefing's sentences (briefing.compose=model), each numbered as it will be cited."""
    sources = "\n".join(f"[{n}] {_plain(q)}" for n, q in enumerate(quotes, start=1))
    return [
        {"role": "system", "content": "You write short news briefings."},
        {"role": "user", "content": _fill(prompts.briefing, sources=sources)},
    ]


def is_refusal(reply: str) -> bool:
    """The model said it does not know (in any of the ways small models phrase it, curly apostrophes too)."""
    text = reply.strip().replace("’", "'")
    if not text or _DONT_KNOW.search(text):
        return True
    return bool(_SOURCES_SILENT.search(text)) and not MARKER.search(text)
