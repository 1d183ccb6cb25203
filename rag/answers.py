"""A question and its answer: the Ask an edge builds, the Question passed whole through the pipeline (its standalone
text and time frame), and the Answer with its citations, corroboration and Trace."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from typing import Literal

from rag.types import Filters, Hit, Message, Quote, Usage, published_moment

AnswerStatus = Literal["answered", "not_in_corpus"]
# why an answer is not_in_corpus: nothing in the store, filters or time window; nothing relevant retrieved; the
# sources do not say; the answer's confidence fell below answer.min_confidence; or an open question named neither
# a topic nor a time to brief on ("What happened?")
AbstainReason = Literal["no_articles", "off_topic", "not_stated", "low_confidence", "no_topic"]
# who formed the answer: the chat model, the best evidence sentences without one (provider=extractive), or those
# same sentences because the model was down (answer.fallback=extractive); each has its own calibrator
AnsweredBy = Literal["model", "extractive", "fallback"]
AnswerKind = Literal["answer", "briefing"]
# how a question is read (rag.text.question_kind): a factoid, an open question, or a bare time one ("this week?")
QuestionKind = Literal["factoid", "open", "time"]


@dataclass(frozen=True, kw_only=True)
class Passage(Quote):
    """A numbered source sentence shown to the model as [n], with its evidence score."""

    n: int
    score: float


@dataclass(frozen=True, kw_only=True)
class Citation(Quote):
    """Passage n supports answer[answer_start:answer_end]; article text[stated_start:stated_end] (inside the quote)
    holds the words that state that part of the answer (None when the quote words it differently)."""

    n: int
    answer_start: int
    answer_end: int
    stated_start: int | None = None
    stated_end: int | None = None


@dataclass(frozen=True)
class AnswerSpan:
    """A character range of the answer text (a claim no source sentence supports)."""

    answer_start: int
    answer_end: int


@dataclass(frozen=True, kw_only=True)
class Corroboration(Quote):
    """Another article with a sentence that states the answer; outlet is the host of its URL (or its source) so a
    reader sees who else reported it. same_story: it is the same wire story as a cited article, republished (its
    opening words are the same): one report, not an independent one."""

    outlet: str | None
    same_story: bool = False


@dataclass(frozen=True)
class Ask:
    """One question as asked, built once at each edge (HTTP, chat, CLI, eval) and passed whole: its text, when it
    is asked (as_moment resolves a date or None to one aware UTC moment), filters, chunks to read (None: the
    setting), and the conversation before it (a follow-up is read in it)."""

    question: str
    as_of: datetime
    filters: Filters = Filters()
    top_k: int | None = None
    history: tuple[Message, ...] = ()
    min_confidence: float | None = None  # None: answer.min_confidence; 0 gives the answer however unsure

    @classmethod
    def of(
        cls,
        question: str,
        *,
        as_of: date | datetime | None = None,
        filters: Filters = Filters(),
        top_k: int | None = None,
        history: Sequence[Message] = (),
        min_confidence: float | None = None,
    ) -> Ask:
        """The Ask for a question as an edge receives it, as_of resolved once (as_moment)."""
        return cls(question, as_moment(as_of), filters, top_k, tuple(history), min_confidence)


def as_moment(value: date | datetime | None, now: datetime | None = None) -> datetime:
    """as_of as an aware UTC datetime: a date means the end of that day; a naive datetime is UTC; None is now."""
    if value is None:
        return now or datetime.now(UTC)
    if isinstance(value, datetime):  # before the date check: a datetime is a date too
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.combine(value, time.max, tzinfo=UTC)


@dataclass(frozen=True)
class TimeFrame:
    """When a question is asked (as_of, aware UTC) and, when its own words name one ("this week"), the window
    [start, as_of] they name and the phrase; every window ends at as_of."""

    as_of: datetime
    start: datetime | None = None
    phrase: str | None = None


@dataclass(frozen=True)
class Question:
    """One question as it is answered, built once (after a follow-up is rewritten to stand alone) and passed whole:
    the text searched, the time frame its words name, and the Ask it came from (as typed, its filters, chunks to
    read, history and min_confidence)."""

    text: str
    frame: TimeFrame
    ask: Ask

    @property
    def as_of(self) -> datetime:
        return self.frame.as_of

    @property
    def window(self) -> TimeFrame | None:
        """The frame when the question's words named a window, else None."""
        return self.frame if self.frame.start is not None else None

    def bounded(self) -> Filters:
        """The ask's filters inside the time frame (undated articles pass the frame's bounds)."""
        return replace(self.ask.filters, not_before=self.frame.start, not_after=self.frame.as_of)


@dataclass(frozen=True)
class EvidenceDates:
    """The oldest and newest publication date (as stored, ordered by the moment they name) of the articles the
    sentences given to the model come from."""

    oldest: str
    newest: str


@dataclass(frozen=True)
class Trace:
    """What produced an answer: the question as it was answered (its standalone text, as_of and time window), the
    chunks retrieved (with their fused, dense and keyword scores), the sentences given to the model (with their
    evidence scores) and the best relevance among all candidates, the tokens spent, the refusal probability (the
    model opened with a refusal this sure; below answer.refusal_confidence it was asked again) and the stage
    timings."""

    asked: Question | None = None
    hits: list[Hit] = field(default_factory=list)
    evidence: list[Passage] = field(default_factory=list)
    best_evidence: float = 0.0
    usage: Usage | None = None
    refusal_p: float | None = None
    asked_again: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    # what the confidence was computed from (rag.trust.confidence.SIGNALS), for an answer given
    signals: dict[str, float] = field(default_factory=dict)
    answered_by: AnsweredBy | None = None  # None when the evidence was too weak to ask anyone
    # the model's reply as it wrote it, before its markers were checked (evals compare citation rules on it)
    reply: str | None = None
    # how the question was read (rag.text.question_kind): a factoid gets one answer, open and time ones a briefing
    kind: QuestionKind = "factoid"

    @property
    def question(self) -> str:
        """The text searched (a follow-up rewritten to stand alone)."""
        return self.asked.text if self.asked else ""

    @property
    def as_of(self) -> datetime | None:
        return self.asked.as_of if self.asked else None

    @property
    def window(self) -> TimeFrame | None:
        return self.asked.window if self.asked else None

    @property
    def evidence_dates(self) -> EvidenceDates | None:
        """The window the evidence was drawn from, whether the question named one or not (over search results that mix
        background with the week's news, the ranker leans to the newest article stating a value of the wanted type;
        this says where it landed). None when no given sentence's article is dated."""
        dated = sorted(
            ((m, p.published_at) for p in self.evidence if p.published_at and (m := published_moment(p.published_at))),
            key=lambda pair: pair[0],
        )
        return EvidenceDates(dated[0][1], dated[-1][1]) if dated else None


@dataclass(frozen=True)
class Answer:
    """What a reader gets: the text with [n] markers, answered or not_in_corpus (then citations is empty), the
    citations, the parts no source supports, and the trace of what produced it. confidence is the calibrated
    probability that the answer is right (None when no answer was formed); corroboration lists other articles that
    state it; an abstention says why (reason) and, when the store holds related articles outside the time window,
    the date of the nearest one."""

    answer: str
    status: AnswerStatus
    citations: list[Citation] = field(default_factory=list)
    unsupported: list[AnswerSpan] = field(default_factory=list)
    trace: Trace = field(default_factory=Trace)
    confidence: float | None = None
    corroboration: list[Corroboration] = field(default_factory=list)
    reason: AbstainReason | None = None
    nearest_published_at: str | None = None

    @property
    def kind(self) -> AnswerKind:
        """A briefing (a few cited sentences from different stories) for an open question, else an answer."""
        return "answer" if self.trace.kind == "factoid" else "briefing"
