"""Open questions answered as a briefing: "What's the latest on the Istanbul talks?" gets a few sentences, each from a
different story in the time window, newest first, each an exact quote with its date and outlet; "What happened this
week?" gets the window's most widely reported stories.

The briefing is the chosen sentences themselves, cited: every sentence is an exact span of its article, so it
states what it is cited for by construction (the claim check a model-written briefing would need, and the model
call, cost nothing here). Measured with the embedded 1.5B model (docs/benchmarks.md), writing 3-5 sentences would
take several times a factoid answer's time on two cores, so no model is asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Protocol

import numpy as np

from rag.answer.candidates import candidates
from rag.answer.events import Clock
from rag.answer.stories import Pick, Story, choose, fill, on_topic, readable, stories
from rag.answers import AbstainReason, Answer, Citation, Corroboration, Question, TimeFrame, Trace
from rag.search.retrieval import Retrieval
from rag.settings import BriefingSettings
from rag.text.question_kind import QuestionKind, topic_words, wants_latest
from rag.trust.citations import verify_quotes
from rag.trust.corroboration import outlet
from rag.trust.markers import strip_markers
from rag.types import Hit

_FILL_TO = 3  # a topic's briefing from fewer stories gets more of their sentences, up to this many lines
ASK_A_TOPIC = "Name a topic or a time to hear about: for example “What happened this week?” or “What's the latest on the talks?”"


class Window(Protocol):
    """What a briefing reads (rag.search.retrieval.Retriever): a topic's chunks, the openings of the newest articles
    in a time frame, the latest article before a moment, and the stored texts quotes are checked against."""

    def search(self, question: Question) -> Retrieval: ...

    def openings(self, question: Question, limit: int) -> list[Hit]: ...

    def latest_before(self, question: Question, moment: datetime) -> str | None: ...

    def latest_published(self, question: Question, moment: datetime) -> str | None: ...

    def article_texts(self, doc_ids: Sequence[str]) -> dict[str, str]: ...


class Briefer:
    """framed(question, kind): the question in its briefing window; brief(question, kind, clock): the Answer."""

    def __init__(self, window: Window, settings: BriefingSettings, refusal: str) -> None:
        self._window = window
        self._settings = settings
        self._refusal = refusal

    def framed(self, question: Question, kind: QuestionKind) -> Question:
        """The question with its window: the one its words name, else for the latest news (or a bare time
        question) the last briefing.latest_days days, else everything up to as_of."""
        if question.window is not None or not wants_latest(question.text):
            return question
        days = self._settings.latest_days
        start = _day_start(question.as_of - timedelta(days=days))
        return replace(question, frame=TimeFrame(question.as_of, start, f"the last {days} days"))

    def brief(self, question: Question, kind: QuestionKind, clock: Clock) -> Answer:
        """The briefing, or an abstention saying why (no_articles in the window, off_topic)."""
        trace = Trace(asked=question, kind=kind)
        if kind == "time" and question.window is None:
            # "What happened?": no topic and no time; any window chosen for it would be a guess
            return Answer(ASK_A_TOPIC, "not_in_corpus", trace=replace(trace, timings=clock.done()), reason="off_topic")
        if kind == "time":
            hits = self._window.openings(question, self._settings.read_articles)
            picks = [Pick(c, 1.0) for c in candidates(hits) if readable(c) and _opening(c.hit, c.start)]
        else:
            found = self._window.search(replace(question, ask=replace(question.ask, top_k=self._settings.read_chunks)))
            hits = found.hits
            query = _unit(np.asarray(found.query_vector, dtype=np.float32))
            topic = topic_words(question.text)
            picks = [Pick(c, _cosine(query, c.vector)) for c in candidates(hits) if readable(c) and on_topic(c, topic)]
            picks = [p for p in picks if p.relevance >= self._settings.min_relevance]
        clock.lap("retrieve")
        trace = replace(trace, hits=hits)
        grouped = stories(picks, self._settings.story_similarity, by_title=kind == "time")
        chosen = choose(grouped, self._settings.items, by_outlets=kind == "time")
        if kind == "open":
            chosen = fill(chosen, picks, min(self._settings.items, _FILL_TO), self._settings.story_similarity)
        if not chosen:
            return self._abstain(question, trace, "off_topic" if hits else "no_articles", clock)
        text, citations = render([s.pick for s in chosen])
        texts = self._window.article_texts([c.doc_id for c in citations])
        kept, unsupported = verify_quotes(citations, texts)  # an article replaced meanwhile: its item is dropped
        clock.lap("brief")
        trace = replace(trace, timings=clock.done(), answered_by="extractive")
        return Answer(text, "answered", kept, unsupported, trace, corroboration=_others(chosen))

    def _abstain(self, question: Question, trace: Trace, reason: AbstainReason, clock: Clock) -> Answer:
        """Nothing to brief on: the window's start names the latest article before it (any article for a bare time
        question, a related one for a topic)."""
        start = question.frame.start
        nearest = None
        if start is not None:
            latest = self._window.latest_published if trace.kind == "time" else self._window.latest_before
            nearest = latest(question, start)
        timed = replace(trace, timings=clock.done())
        return Answer(self._refusal, "not_in_corpus", trace=timed, reason=reason, nearest_published_at=nearest)


def render(picks: Sequence[Pick]) -> tuple[str, list[Citation]]:
    """The briefing text, one "- sentence [n]" line per pick, and each line's citation (its exact span; the whole
    quote states the line, so stated_start/stated_end are the quote's). Markers written in an article are left out
    of the line (every [n] in the answer is a citation); the quote keeps them."""
    lines: list[str] = []
    citations = []
    offset = 0
    for n, pick in enumerate(picks, start=1):
        c = pick.candidate
        said = " ".join(strip_markers(c.quote).split())
        line = f"- {said} [{n}]"
        start = offset + 2
        citations.append(
            Citation(
                doc_id=c.hit.doc_id, title=c.hit.title, url=c.hit.url, published_at=c.hit.published_at,
                start=c.start, end=c.end, quote=c.quote, n=n, answer_start=start, answer_end=start + len(said),
                stated_start=c.start, stated_end=c.end,
            )
        )  # fmt: skip
        lines.append(line)
        offset += len(line) + 1
    return "\n".join(lines), citations


def _others(chosen: Sequence[Story]) -> list[Corroboration]:
    """Each story's other articles, by their own best sentence: who else reported it."""
    out = []
    for story in chosen:
        for pick in story.members[1:]:
            c, hit = pick.candidate, pick.candidate.hit
            out.append(
                Corroboration(
                    doc_id=hit.doc_id, title=hit.title, url=hit.url, published_at=hit.published_at,
                    start=c.start, end=c.end, quote=c.quote, outlet=outlet(hit.url),
                )
            )  # fmt: skip
    return out


def _opening(hit: Hit, start: int) -> bool:
    """The sentence is among an article's opening ones (a bare time question reads each article's first chunk, whose
    first sentences state the news)."""
    return start - hit.start < 600


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def _cosine(query: np.ndarray, vector: np.ndarray | None) -> float:
    return float(np.dot(query, vector)) if vector is not None and vector.shape == query.shape else 0.0


def _day_start(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)
