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
from datetime import UTC, datetime, timedelta
from typing import Protocol

import numpy as np

from rag.answer.candidates import candidates
from rag.answer.events import Clock
from rag.answer.prompts import Prompts, build_briefing_messages
from rag.answer.stories import Pick, Story, choose, fill, on_topic, readable, stories
from rag.answers import AbstainReason, Answer, AnsweredBy, Citation, Corroboration, Question, TimeFrame, Trace
from rag.errors import LLMUnavailable
from rag.providers.chat import ChatModel
from rag.search.retrieval import Retrieval
from rag.settings import BriefingSettings
from rag.text.question_kind import QuestionKind, topic_words, wants_latest
from rag.text.values import claim_values, held
from rag.text.words import content_tokens
from rag.trust.citations import verify_quotes
from rag.trust.corroboration import outlet, stated
from rag.trust.markers import MARKER, markers_in, strip_markers
from rag.types import Hit

_STEM = 5  # words compared by their first letters
_SHARE = 0.6  # of a shortened line's words its quote must hold
_EARLIEST = datetime.min.replace(tzinfo=UTC)
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
        span = timedelta(days=days)
        # as of the calendar's first days there is no week before: the window opens at its start (never a 500)
        start = _day_start(question.as_of - span) if question.as_of - _EARLIEST >= span else _EARLIEST
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
            more = picks
        else:
            found = self._window.search(replace(question, ask=replace(question.ask, top_k=self._settings.read_chunks)))
            hits = found.hits
            query = _unit(np.asarray(found.query_vector, dtype=np.float32))
            topic, found_candidates = topic_words(question.text), candidates(hits)
            # a story is chosen by a sentence that names the topic; once its article is chosen, any of its relevant
            # sentences may fill the briefing: the seed's "The primary focus of the talks ..." need not say "Istanbul"
            topical = {c.hit.doc_id for c in found_candidates if on_topic(c, topic)}
            scored = [Pick(c, _cosine(query, c.vector)) for c in found_candidates if c.hit.doc_id in topical and readable(c)]
            more = [p for p in scored if p.relevance >= self._settings.min_relevance]
            picks = [p for p in more if on_topic(p.candidate, topic)]
        clock.lap("retrieve")
        trace = replace(trace, hits=hits)
        grouped = stories(picks, self._settings.story_similarity, by_title=kind == "time")
        chosen = choose(grouped, self._settings.items, by_outlets=kind == "time")
        if kind == "open":
            chosen = fill(chosen, more, min(self._settings.items, _FILL_TO), self._settings.story_similarity)
        if not chosen:
            return self._abstain(question, trace, "off_topic" if hits else "no_articles", clock)
        clock.lap("brief")
        said = self._composed([s.pick for s in chosen], clock)
        text, citations = render([s.pick for s in chosen], said)
        texts = self._window.article_texts([c.doc_id for c in citations])
        kept, unsupported = verify_quotes(citations, texts)  # an article replaced meanwhile: its item is dropped
        by: AnsweredBy = "model" if any(line is not None for line in said) else "extractive"
        trace = replace(trace, timings=clock.done(), answered_by=by)
        return Answer(text, "answered", kept, unsupported, trace, corroboration=_others(chosen))

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
        return [
            line if line is not None and states_quote(line, quote) else None for line, quote in zip(lines, quotes, strict=True)
        ]

    def _abstain(self, question: Question, trace: Trace, reason: AbstainReason, clock: Clock) -> Answer:
        """Nothing to brief on: the window's start names the latest article before it (any article for a bare time
        question, a related one for a topic)."""
        start = question.frame.start
        nearest = None
        if start is not None:
            latest = self._window.latest_published if trace.kind == "time" else self._window.latest_before
            nearest = latest(question, start)
        timed = replace(trace, timings=clock.done())
        return Answer(self._prompts.refusal, "not_in_corpus", trace=timed, reason=reason, nearest_published_at=nearest)


def numbered_lines(reply: str, count: int) -> list[str | None]:
    """The model's line for each of count sentences: the text before each [n] it wrote (one line or several; the
    first text for n counts). A line it numbered wrongly fails the claim check against that quote."""
    found: dict[int, str] = {}
    last = 0
    for match in MARKER.finditer(reply):
        said = " ".join(reply[last : match.start()].strip(" .;,-*•\t\n").split())
        last = match.end()
        cited = markers_in(match.group())
        if cited and 1 <= cited[0] <= count and cited[0] not in found and said:
            found[cited[0]] = said if said.endswith((".", "!", "?")) else f"{said}."
    return [found.get(n) for n in range(1, count + 1)]


def states_quote(line: str, quote: str) -> bool:
    """The claim check for a shortened line: its quote states every number, name and date the line says, and
    holds most of its words (by their first letters: "halted" and "halts")."""
    values = claim_values(line, "")
    if held(values, quote) != values:
        return False
    words = {w[:_STEM] for w in content_tokens(line)}
    return bool(words) and len(words & {w[:_STEM] for w in content_tokens(quote)}) >= _SHARE * len(words)


def render(picks: Sequence[Pick], said: Sequence[str | None] | None = None) -> tuple[str, list[Citation]]:
    """The briefing text, one "- line [n]" per pick, and each line's citation (its exact span). A line is the
    quote itself unless said gives a shortened one; a quote line is stated by the whole quote (stated_start/end are
    the quote's), a shortened one by the stretch holding its values. Markers written in an article are left out of
    the line (every [n] in the answer is a citation); the quote keeps them."""
    lines: list[str] = []
    citations = []
    offset = 0
    for n, (pick, short) in enumerate(zip(picks, said or [None] * len(picks), strict=True), start=1):
        c = pick.candidate
        text = short if short is not None else " ".join(strip_markers(c.quote).split())
        line = f"- {text} [{n}]"
        start = offset + 2
        citation = Citation(
            doc_id=c.hit.doc_id, title=c.hit.title, url=c.hit.url, published_at=c.hit.published_at,
            start=c.start, end=c.end, quote=c.quote, n=n, answer_start=start, answer_end=start + len(text),
            stated_start=c.start, stated_end=c.end,
        )  # fmt: skip
        if short is not None:
            body = f"{text} [{n}]"
            citation = stated(
                replace(citation, stated_start=None, stated_end=None, answer_start=0, answer_end=len(text)), body, ""
            )
            citation = replace(citation, answer_start=start, answer_end=start + len(text))
        citations.append(citation)
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
