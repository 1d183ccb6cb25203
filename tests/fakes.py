"""Hand-written fakes (classes, not MagicMocks) for tests that are about logic, not models."""

from __future__ import annotations

import hashlib
import math
import re
import time
from collections.abc import Iterator, Sequence
from datetime import datetime

from rag.answer.prompts import Prompts
from rag.answers import Ask, Question, TimeFrame
from rag.providers.chat import ChatModel
from rag.search.retrieval import Retrieval
from rag.trust.confidence import Signals
from rag.types import ChatItem, Hit, Message, Opening, TokenLogprobs
from rag.write.sentences import sentence_spans

_WORD = re.compile(r"[a-z0-9]+")


class BagOfWordsEmbedder:
    """Deterministic: each word adds 1 to a hashed dimension; vectors are L2-normalised.

    Texts sharing words get similar vectors, so tests can assert a ranking. It records every call.
    """

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.calls: list[list[str]] = []

    def embed(self, texts: list[str]) -> list[list[float]]:
        self.calls.append(list(texts))
        return [self._vector(t) for t in texts]

    @property
    def texts_embedded(self) -> int:
        return sum(len(c) for c in self.calls)

    def _vector(self, text: str) -> list[float]:
        vec = [0.0] * self.dim
        for word in _WORD.findall(text.lower()):
            vec[int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
        norm = math.sqrt(sum(v * v for v in vec)) or 1.0
        return [v / norm for v in vec]


class WordCounter:
    """A token counter for tests that must not depend on the real tokenizer: whitespace-separated words."""

    def count(self, texts: list[str]) -> list[int]:
        return [len(t.split()) for t in texts]

    def spans(self, text: str) -> list[tuple[int, int]]:
        return [m.span() for m in re.finditer(r"\S+", text)]


# the question that closes the yes/no check of an answer against its quotes (prompts/verify.txt)
VERIFY_QUESTION = Prompts.load().verify.splitlines()[-1]


class ScriptedLLM:
    """Replies from a queue (or a fixed default) and records every message list it was sent.

    With opening_p, streams report each reply's first word as its Opening with that probability (as llama.cpp
    does), and every Opening it is told to avoid is recorded. The yes/no check of an answer against its quotes
    (rag/answer/verification.py) is answered with verify_reply and recorded apart (in verifications), so a test's
    replies and calls are its answers' alone."""

    def __init__(
        self,
        *replies: str,
        default: str | None = None,
        fail: Exception | None = None,
        opening_p: float | None = None,
        logprob: float | None = None,
        verify_reply: str = "Yes",
    ) -> None:
        self.replies = list(replies)
        self.verify_reply = verify_reply
        self.verifications: list[list[Message]] = []
        self.logprob = logprob
        self.default = default
        self.fail = fail
        self.opening_p = opening_p
        self.calls: list[list[Message]] = []
        self.avoided: list[Opening] = []

    def enqueue(self, *replies: str) -> None:
        self.replies.extend(replies)

    def complete(self, messages: list[Message]) -> str:
        if self.fail is None and messages and messages[-1]["content"].endswith(VERIFY_QUESTION):
            self.verifications.append(messages)
            return self.verify_reply
        self.calls.append(messages)
        if self.fail is not None:
            raise self.fail
        if self.replies:
            return self.replies.pop(0)
        if self.default is not None:
            return self.default
        raise AssertionError("ScriptedLLM has no reply left")

    def stream(self, messages: list[Message], avoid: Opening | None = None) -> Iterator[ChatItem]:
        reply = self.complete(messages)
        if avoid is not None:
            self.avoided.append(avoid)
        if self.opening_p is not None and reply.strip():
            yield Opening(reply.split()[0], self.opening_p, token_id=40)
        for start in range(0, len(reply), 7):  # uneven pieces, as real servers send
            yield reply[start : start + 7]
        if self.logprob is not None:
            yield TokenLogprobs(self.logprob, self.logprob, max(1, len(reply.split())))


class StaticSources:
    """A retriever over a few in-memory articles (one chunk each), ranked by the embedder's cosine.

    For service and evidence tests that are about decisions, not about Chroma. texts can be edited to
    simulate an article that changed after it was retrieved.
    """

    def __init__(self, articles: dict[str, tuple[str, str]], embedder: BagOfWordsEmbedder) -> None:
        self.texts = {doc_id: text for doc_id, (_, text) in articles.items()}
        self._titles = {doc_id: title for doc_id, (title, _) in articles.items()}
        self._embedder = embedder
        self.searches: list[str] = []
        self.reads: list[int | None] = []  # the chunks each search was asked for (ask.top_k)
        self.latest: str | None = None

    def question(self, ask: Ask, text: str | None = None) -> Question:
        said = (ask.question if text is None else text).strip()
        return Question(said, TimeFrame(ask.as_of), ask)

    def search(self, asked: Question) -> Retrieval:
        question, k, filters = asked.text, asked.ask.top_k, asked.ask.filters
        self.searches.append(question)
        self.reads.append(k)
        query = self._embedder.embed([question])[0]
        hits = []
        for doc_id, text in self.texts.items():
            if doc_id in filters.exclude_doc_ids or (filters.doc_ids and doc_id not in filters.doc_ids):
                continue
            vector = self._embedder.embed([text])[0]
            score = sum(a * b for a, b in zip(query, vector, strict=True))
            spans = tuple(sentence_spans(text))
            hits.append(Hit(f"{doc_id}:0", doc_id, 0, len(text), text, self._titles[doc_id], None, None, score, sentences=spans))
        hits.sort(key=lambda h: -h.score)
        return Retrieval(hits[: k or 5], query)

    def article_texts(self, doc_ids: Sequence[str]) -> dict[str, str]:
        return {d: self.texts[d] for d in doc_ids if d in self.texts}

    def latest_before(self, question: Question, moment: datetime) -> str | None:
        return self.latest  # the articles here are undated: a test says what lies outside the window

    def generation(self) -> str:
        return str(hash(tuple(sorted(self.texts.items()))))  # an edited text is a write


class FixedConfidence:
    """A calibrator that gives every answer the same confidence and keeps the signals it was shown."""

    def __init__(self, p: float = 0.9) -> None:
        self.p = p
        self.seen: list[Signals] = []

    def probability(self, s: Signals) -> float:
        self.seen.append(s)
        return self.p


class SlowLLM:
    """Streams one sentence, then a long one a word at a time with a pause between words, and counts the streams
    still open: a model whose work a test can watch stop."""

    def __init__(self, words: int = 400, pause_s: float = 0.05) -> None:
        self.words = words
        self.pause_s = pause_s
        self.open_streams = 0
        self.produced = 0

    def complete(self, messages: list[Message]) -> str:
        return "".join(str(piece) for piece in self.stream(messages))

    def stream(self, messages: list[Message], avoid: Opening | None = None) -> Iterator[str | Opening]:
        self.open_streams += 1
        try:
            yield "Vladimir Medinsky led the Russian delegation [1]."
            for _ in range(self.words):
                time.sleep(self.pause_s)
                self.produced += 1
                yield " word"
        finally:
            self.open_streams -= 1


class WatchedModel:
    """A real chat model behind a spy: how many of its streams are still open, and how many pieces it has produced,
    so a test can watch the model's work stop."""

    def __init__(self, model: ChatModel) -> None:
        self.model = model
        self.opened = 0
        self.open_streams = 0
        self.pieces = 0

    def complete(self, messages: list[Message]) -> str:
        return self.model.complete(messages)

    def stream(self, messages: list[Message], avoid: Opening | None = None) -> Iterator[ChatItem]:
        self.opened += 1
        self.open_streams += 1
        try:
            for item in self.model.stream(messages, avoid=avoid):
                self.pieces += 1
                yield item
        finally:
            self.open_streams -= 1
