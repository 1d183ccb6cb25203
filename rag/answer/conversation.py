"""Follow-up questions: the latest turn rewritten to stand alone before anything is searched.

"What did Zelenskyy call it?" after "Who led the Russian delegation?" searches for nothing useful as it is.
A turn that already stands alone (no pronoun or ellipsis, enough content words) is used as it is, so single
questions pay nothing. Otherwise the chat model rewrites it in one short call from a bounded history (the last
history_turns messages within history_tokens); without a model (extractive), or when the model's rewrite still
points back, the previous questions' key terms are carried over.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.prompts import Prompts, build_condense_messages
from rag.errors import LLMUnavailable
from rag.providers.chat import ChatModel
from rag.providers.embedder import TokenCounter
from rag.search.timeframe import without_time_words
from rag.settings import ConversationSettings
from rag.telemetry import LLMFailed, NoObserver, Observer
from rag.text.question_kind import question_kind
from rag.text.words import content_tokens
from rag.types import Message

_REFERS_BACK = re.compile(
    r"\b(it|its|they|them|their|theirs|he|him|his|she|her|hers|this|that|these|those|there|then|former|latter)\b"
    r"|^\s*(and|also|but|so|what about|how about|and what|why|how come)\b",
    re.IGNORECASE,
)
_MIN_CONTENT_WORDS = 3
_SOURCES = re.compile(r"\n\nSources:\n.*", re.DOTALL)  # the footnotes newsqa appends to its chat answers


# "tell me more about the second (story)", "the last one", "number 3": an item of the briefing just given
_PICK = re.compile(
    r"\b(?:the\s+)?(first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)\b|(?:\bnumber|\bno\.|#)\s*([1-9])\b",
    re.IGNORECASE,
)
# the words of a follow-up that only points at an item; any other content word makes it a question of its own
# ("What happened last week?", "When did the first talks take place?")
_POINTING = frozenset(
    [
        "tell",
        "more",
        "story",
        "stories",
        "item",
        "line",
        "one",
        "please",
        "say",
        "says",
        "said",
        "details",
        "detail",
        "expand",
        "elaborate",
        "explain",
        "go",
        "number",
        "no",
        "1st",
        "2nd",
        "3rd",
        "4th",
        "5th",
        "latest",
        "else",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "last",
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
        "9",
    ]
)
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5}
_ITEM = re.compile(r"^- (.+?)(?:\s*\[\d+(?:[,;]\s*\d+)*\])?\s*$", re.MULTILINE)  # a briefing line "- ... [n]"


def briefing_item(question: str, history: Sequence[Message]) -> str | None:
    """A follow-up that picks an item of the briefing the service just gave ("tell me more about the second"),
    rewritten to that story: "Tell me more about: <its sentence>" (read as an open question, briefed in turn)."""
    picked = _PICK.search(question)
    if picked is None or content_tokens(question) - _POINTING:
        return None
    last = next((m["content"] for m in reversed(history) if m["role"] == "assistant"), "")
    items = _ITEM.findall(_SOURCES.sub("", last))
    word, digit = picked.group(1), picked.group(2)
    index = int(digit) if digit else len(items) if word.lower() == "last" else _ORDINAL[word.lower()]
    if not 0 < index <= len(items):
        return None
    # the item's own "on Friday" is the article's Friday: left out, so it names no window of the reader's
    return f"Tell me more about: {without_time_words(items[index - 1])}"


def stands_alone(question: str) -> bool:
    """No word that points back into the conversation, and enough content words to search for."""
    return not _REFERS_BACK.search(question) and len(content_tokens(question)) >= _MIN_CONTENT_WORDS


def bounded(history: Sequence[Message], turns: int, max_tokens: int, counter: TokenCounter) -> list[Message]:
    """The last `turns` user/assistant messages, oldest dropped first until they fit max_tokens."""
    said = [Message(role=m["role"], content=_SOURCES.sub("", m["content"])) for m in history if m["role"] != "system"]
    kept = said[-turns:] if turns else []
    sizes = counter.count([m["content"] for m in kept])
    while kept and sum(sizes) > max_tokens:
        kept, sizes = kept[1:], sizes[1:]
    return kept


def carry_terms(question: str, history: Sequence[Message]) -> str:
    """The question with the previous user questions' key terms it lacks appended (the extractive rewrite)."""
    asked = content_tokens(question)
    earlier = [m["content"] for m in history if m["role"] == "user"]
    terms: list[str] = []
    for text in reversed(earlier):
        terms += [w for w in re.findall(r"[\w'’-]+", text) if w.lower() in content_tokens(text) - asked and w not in terms]
        if len(terms) >= 3:
            break
    return f"{question.strip()} ({' '.join(terms[:8])})" if terms else question.strip()


class Condenser:
    """standalone(question, history): the question to search for."""

    def __init__(
        self,
        chat: ChatModel | None,
        prompts: Prompts,
        settings: ConversationSettings,
        counter: TokenCounter,
        observer: Observer | None = None,
    ) -> None:
        self._chat = chat
        self._prompts = prompts
        self._settings = settings
        self._counter = counter
        self._observer = observer or NoObserver()

    def standalone(self, question: str, history: Sequence[Message]) -> str:
        recent = bounded(history, self._settings.history_turns, self._settings.history_tokens, self._counter)
        item = briefing_item(question, recent)
        if item is not None:
            return item
        # "What happened this week?" asks about the week, not the conversation's topic: never rewritten onto it
        if not recent or stands_alone(question) or question_kind(question) == "time":
            return question.strip()
        if self._chat is None:
            return carry_terms(question, recent)
        try:
            reply = self._chat.complete(build_condense_messages(self._prompts, question, recent))
        except LLMUnavailable:
            self._observer.observe(LLMFailed("condense"))
            return carry_terms(question, recent)
        rewritten = reply.strip().splitlines()[0].strip().strip('"') if reply.strip() else ""
        # a rewrite that is empty or rambles is worth less than the question with the earlier terms carried
        if not 0 < len(rewritten) <= 300:
            return carry_terms(question, recent)
        # a small model often echoes the turn ("What did Zelenskyy call it?" back, measured with the embedded 1.5B):
        # a rewrite that still points back resolved nothing, so the earlier terms are carried onto it
        return rewritten if not _REFERS_BACK.search(rewritten) else carry_terms(rewritten, recent)
