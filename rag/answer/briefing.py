"""Open questions answered as a briefing: "What's the latest on the Istanbul talks?" gets a few sentences, each from a
different story in the time window, newest first, each an exact quote with its date and outlet; "What happened this
week?" gets the window's most widely reported stories.

By default (briefing.compose=quotes) the briefing is the chosen sentences themselves, cited: every line is an
exact span of its article, so it states what it is cited for by construction. With briefing.compose=model the chat
model shortens each sentence in one call; a shortened line is kept only when its quote states it (every number,
name and date it says, and most of its words: the claim check), else the quote itself stands in for it. What that
costs on two cores is in docs/benchmarks.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Protocol

import numpy as np

from rag.answer.briefing_lines import numbered_lines, others, render, states_quote
from rag.answer.candidates import candidates
from rag.answer.events import Clock
from rag.answer.prompts import Prompts, build_briefing_messages
from rag.answer.stories import Pick, choose, fill, on_topic, readable, stories
from rag.answers import AbstainReason, Answer, AnsweredBy, Question, TimeFrame, Trace
from rag.errors import LLMUnavailable
from rag.providers.chat import ChatModel
from rag.search.retrieval import Retrieval
from rag.search.timeframe import days_before
from rag.settings import BriefingSettings
from rag.text.question_kind import QuestionKind, topic_words, wants_latest
from rag.types import Hit

_OPENING_CHARS = 600  # a bare time question quotes an article's opening sentences, which state its news
_FILL_TO = 3  # a topic's briefing from fewer stories gets more of their sentences, up to this many lines


class Window(Protocol):
    """What a briefing reads (rag.search.retrieval.Retriever): a topic's chunks, the openings of the newest articles
    in a time frame, the latest article before a moment, and the stored texts quotes are checked against."""

    def search(self, question: Question) -> Retrieval: ...

    def openings(self, question: Question, limit: int) -> list[Hit]: ...

    def latest_before(self, question: Question, moment: datetime) -> str | None: ...

    def latest_published(self, question: Question, moment: datetime) -> str | None: ...

    def article_texts(self, doc_ids: Sequence[str]) -> dict[str, str]: ...


class Briefer:
    """framed(question, kind): the question in its briefing window; brief(question, kind, clock): the Answer.
    chat shortens the lines (briefing.compose=model; None: the quotes are the lines)."""

    def __init__(self, window: Window, settings: BriefingSettings, prompts: Prompts, chat: ChatModel | None = None) -> None:
        self._window = window
        self._settings = settings
        self._prompts = prompts
        self._chat = chat

    def framed(self, question: Question, kind: QuestionKind) -> Question:
        """The question with its window: the one its words name, else for the latest news (or a bare time
        question) the last briefing.latest_days days, else everything up to as_of."""
        if question.window is not None or not wants_latest(question.text):
            return question
        days = self._settings.latest_days
        start = days_before(question.as_of, days)
        return replace(question, frame=TimeFrame(question.as_of, start, f"the last {days} days"))

    def brief(self, question: Question, kind: QuestionKind, clock: Clock) -> Answer:
        """The briefing, or an abstention saying why (no_topic, no_articles in the window, off_topic)."""
        trace = Trace(asked=question, kind=kind)
        if kind == "time" and question.window is None:
            # "What happened?": no topic and no time; any window chosen for it would be a guess
            return self._abstain(question, trace, "no_topic", clock)
        hits, picks, more = self._time_picks(question) if kind == "time" else self._topic_picks(question)
        clock.lap("retrieve")
        trace = replace(trace, hits=hits)
        grouped = stories(picks, self._settings.story_similarity, by_title=kind == "time")
        chosen = choose(grouped, self._settings.items, by_outlets=kind == "time")
        if kind == "open":
            chosen = fill(chosen, more, min(self._settings.items, _FILL_TO), self._settings.story_similarity)
        texts = self._window.article_texts([s.pick.doc_id for s in chosen])
        # a sentence whose article was replaced since it was read is no line: never a wrong quote, nor a [n] to nothing
        chosen = [
            s
            for s in chosen
            if texts.get(s.pick.doc_id, "")[s.pick.candidate.start : s.pick.candidate.end] == s.pick.candidate.quote
        ]
        if not chosen:
            nothing: AbstainReason = "no_articles" if not hits else "not_stated" if kind == "time" else "off_topic"
            return self._abstain(question, trace, nothing, clock)
        clock.lap("brief")
        said = self._composed([s.pick for s in chosen], clock)
        text, citations = render([s.pick for s in chosen], said)
        by: AnsweredBy = "model" if any(line is not None for line in said) else "extractive"
        trace = replace(trace, timings=clock.done(), answered_by=by)
        return Answer(text, "answered", citations, trace=trace, corroboration=others(chosen))

    def _time_picks(self, question: Question) -> tuple[list[Hit], list[Pick], list[Pick]]:
        """A bare time question: the opening sentences of the window's newest articles, all alike relevant."""
        hits = self._window.openings(question, self._settings.read_articles)
        picks = [Pick(c, 1.0) for c in candidates(hits) if c.start - c.hit.start < _OPENING_CHARS and readable(c)]
        return hits, picks, picks

    def _topic_picks(self, question: Question) -> tuple[list[Hit], list[Pick], list[Pick]]:
        """A topic: the relevant sentences of the chunks read. A story is chosen by a sentence that names the topic
        (picks); once its article is chosen, any of its relevant sentences may fill a short briefing (more): the
        seed's "The primary focus of the talks ..." need not say "Istanbul"."""
        found = self._window.search(replace(question, ask=replace(question.ask, top_k=self._settings.read_chunks)))
        query = _unit(np.asarray(found.query_vector, dtype=np.float32))
        topic, read = topic_words(question.text), candidates(found.hits)
        topical = {c.hit.doc_id for c in read if on_topic(c, topic)}
        scored = [Pick(c, _cosine(query, c.vector)) for c in read if c.hit.doc_id in topical and readable(c)]
        more = [p for p in scored if p.relevance >= self._settings.min_relevance]
        return found.hits, [p for p in more if on_topic(p.candidate, topic)], more

    def _composed(self, picks: Sequence[Pick], clock: Clock) -> list[str | None]:
        """Each pick's line as the model shortened it, where its quote states it; None where the quote stands."""
        if self._chat is None:
            return [None] * len(picks)
        quotes = [p.candidate.quote for p in picks]
        try:
            reply = self._chat.complete(build_briefing_messages(self._prompts, quotes))
        except LLMUnavailable:
            return [None] * len(picks)  # the quotes are a briefing already
        finally:
            clock.lap("compose")
        lines = numbered_lines(reply, len(picks))
        return [line if line is not None and states_quote(line, q) else None for line, q in zip(lines, quotes, strict=True)]

    def _abstain(self, question: Question, trace: Trace, reason: AbstainReason, clock: Clock) -> Answer:
        """Nothing to brief on: the window's start names the latest article before it (any article for a bare time
        question, a related one for a topic)."""
        start = question.frame.start
        nearest = None
        if start is not None and reason != "no_topic":
            latest = self._window.latest_published if trace.kind == "time" else self._window.latest_before
            nearest = latest(question, start)
        timed = replace(trace, timings=clock.done())
        return Answer(self._prompts.refusal, "not_in_corpus", trace=timed, reason=reason, nearest_published_at=nearest)


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def _cosine(query: np.ndarray, vector: np.ndarray | None) -> float:
    return float(np.dot(query, vector)) if vector is not None and vector.shape == query.shape else 0.0
