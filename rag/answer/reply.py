"""A chat model's reply to one prompt, read a sentence at a time, with what its stream reports besides the text.

When the reply opens with a refusal the model was unsure of (its first token below answer.refusal_confidence),
that reply is dropped and the model asked once more with that token banned: the 1.5B model refuses sources that
state the answer. The reply keeps what it learns as it is read (the tokens spent, the refusal's probability,
whether it was asked again), so the caller reads them off it afterwards instead of handing in lists to fill.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Protocol

from rag.answer.cited_reply import sentences_as_they_end
from rag.answer.events import Stopped
from rag.answer.prompts import is_refusal
from rag.providers.chat import ChatModel
from rag.types import ChatItem, Message, Opening, TokenLogprobs, Usage


class Stop(Protocol):
    """A flag the reader of a stream sets when it leaves (threading.Event is one)."""

    def is_set(self) -> bool: ...


class ModelReply:
    """sentences() streams the reply's sentences; usage, refusal_p and asked_again are known once they are read.
    Once stop is set, reading raises Stopped at the model's next token; close() stops the model."""

    def __init__(self, chat: ChatModel, messages: list[Message], refusal_confidence: float, stop: Stop | None = None) -> None:
        self._chat, self._messages, self._threshold, self._stop = chat, messages, refusal_confidence, stop
        self._stream: Iterator[ChatItem] | None = None
        self._begun: Iterator[ChatItem] | None = None  # the first reply, its first item read already (begin)
        self._opening: Opening | None = None
        self.usage: Usage | None = None
        self.refusal_p: float | None = None  # the model opened with a refusal this sure (when it reports one)
        # the probability the first reply's likeliest openings that start a refusal had, whatever it then said
        self.refusal_mass: float | None = None
        self.logprobs: TokenLogprobs | None = None  # of the reply that is the answer (the second, when asked again)
        self.asked_again = False

    def begin(self) -> None:
        """Send the prompt and wait for the reply's first item (the model has read the prompt): a model that is
        down fails here, before anything of the answer is said."""
        stream = self._open()
        first = next(stream, None)
        self._begun = stream if first is None else itertools.chain([first], stream)

    def sentences(self) -> Iterator[str]:
        begun, self._begun = self._begun, None
        sentences = sentences_as_they_end(self._text(begun or self._open()))
        first = next(sentences, None)
        opening = self._opening
        if opening is not None:
            self.refusal_mass = refusal_mass(opening)
        if first is not None and is_refusal(first) and opening is not None:
            self.refusal_p = opening.probability
            if opening.probability < self._threshold:
                self.close()
                self.asked_again = True
                sentences = sentences_as_they_end(self._text(self._open(avoid=opening)))
                first = next(sentences, None)
        if first is not None:
            yield first
            yield from sentences

    def close(self) -> None:
        """Stop reading: a reply not read to its end (a refusal, a reader who left) stops the model's work."""
        close = getattr(self._stream, "close", None)
        if callable(close):
            close()

    def _open(self, avoid: Opening | None = None) -> Iterator[ChatItem]:
        if self._stop is not None and self._stop.is_set():
            raise Stopped("the reader left")  # before the model reads a prompt for nobody (seconds on 2 cores)
        self._stream = self._chat.stream(self._messages, avoid=avoid)
        return self._stream

    def _text(self, stream: Iterator[ChatItem]) -> Iterator[str]:
        """The text deltas; the usage (the last reported counts) and the first reply's opening are kept aside."""
        for item in stream:
            if self._stop is not None and self._stop.is_set():
                raise Stopped("the reader left")
            if isinstance(item, Usage):
                self.usage = item
            elif isinstance(item, TokenLogprobs):
                self.logprobs = item
            elif isinstance(item, Opening):
                self._opening = self._opening if self.asked_again else item
            else:
                yield item


def refusal_mass(opening: Opening) -> float:
    """The probability the model gave to opening with a refusal ("I don't know", "Unknown", "Not stated"): the
    chosen first token's when it refused, else the sum over the alternatives it considered."""
    tokens = opening.alternatives or ((opening.text, opening.probability),)
    return min(1.0, sum(p for token, p in tokens if token.strip() in _REFUSAL_OPENINGS))


_REFUSAL_OPENINGS = frozenset({"I", "Unknown", "Not", "None"})
