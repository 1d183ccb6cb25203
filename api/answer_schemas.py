"""What the answering routes return: the answer with its citations and trust fields, its trace, search hits; with
the examples Swagger UI shows. The wire models are the core types (Citation, AnswerSpan, Usage, Corroboration) or
read off them (from_attributes): tests/api/test_schemas.py checks they show nothing the core does not hold."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from rag.answers import (
    AbstainReason,
    AnsweredBy,
    AnswerKind,
    AnswerSpan,
    AnswerStatus,
    Citation,
    Corroboration,
    QuestionKind,
)
from rag.types import Usage

# the core dataclasses are the wire format too: one definition, documented by their docstrings
CitationOut = Citation
SpanOut = AnswerSpan
UsageOut = Usage


_QUOTE = (
    "The Russian delegation, led by Vladimir Medinsky, included a deputy defense minister, a deputy foreign minister, "
    "and the head of the military intelligence agency."
)
ASK_EXAMPLE: dict[str, Any] = {
    "answer": "Vladimir Medinsky led the Russian delegation [1].",
    "status": "answered",
    "citations": [
        {
            "n": 1,
            "doc_id": "russia-ukraine-talks-2025-05-17",
            "title": "Russia-Ukraine Talks Resume After Three-Year Hiatus, Prisoner Exchange Agreed",
            "url": None,
            "published_at": "2025-05-17T10:03:00-04:00",
            "start": 2546,
            "end": 2708,
            "quote": _QUOTE,
            "answer_start": 0,
            "answer_end": 44,
        }
    ],
    "unsupported": [],
    "question": "Who led the Russian delegation?",
    "usage": {"prompt_tokens": 262, "completion_tokens": 14},
    "timings": {"retrieve_ms": 12.1, "evidence_ms": 38.5, "generate_ms": 5102.7, "cite_ms": 9.8, "total_ms": 5163.1},
    "corroboration": [],
    "reason": None,
}
# a real reply: the seed article is from May 2025, so a year later "this week" holds nothing
ABSTAIN_EXAMPLE: dict[str, Any] = {
    "answer": "The articles in the corpus do not answer this question.",
    "status": "not_in_corpus",
    "citations": [],
    "unsupported": [],
    "confidence": None,
    "corroboration": [],
    "reason": "no_articles",
    "nearest_published_at": "2025-05-17",
    "time_window": {"start": "2026-05-12T00:00:00+00:00", "end": "2026-05-19T23:59:59.999999+00:00", "phrase": "this week"},
    "question": "Who led the Russian delegation this week?",
    "timings": {"retrieve_ms": 44.4, "evidence_ms": 0.02, "total_ms": 46.2, "check_ms": 0.75},
}

_LINES = (
    "On April 16, representatives from Russia and Ukraine held their first direct talks in three years, with the "
    "negotiations lasting nearly two hours in Istanbul, Turkey.",
    "The primary focus of the talks was to address the ongoing conflict and explore pathways towards a resolution.",
)
# a real reply (its first two lines): an open question is a briefing of the week's sentences, one a line
BRIEFING_EXAMPLE: dict[str, Any] = {
    "answer": f"- {_LINES[0]} [1]\n- {_LINES[1]} [2]",
    "status": "answered",
    "kind": "briefing",
    "citations": [
        {
            "n": n,
            "doc_id": "russia-ukraine-talks-2025-05-17",
            "title": "Russia-Ukraine Talks Resume After Three-Year Hiatus, Prisoner Exchange Agreed",
            "url": None,
            "published_at": "2025-05-17T10:03:00-04:00",
            "start": start,
            "end": start + len(line),
            "quote": line,
            "answer_start": answer_start,
            "answer_end": answer_start + len(line),
            "stated_start": start,
            "stated_end": start + len(line),
        }
        for n, line, start, answer_start in ((1, _LINES[0], 0, 2), (2, _LINES[1], 279, len(_LINES[0]) + 9))
    ],
    "unsupported": [],
    "confidence": None,
    "corroboration": [],
    "time_window": {"start": "2025-05-11T00:00:00+00:00", "end": "2025-05-18T23:59:59.999999+00:00", "phrase": "the last 7 days"},
    "question": "What's the latest on the Istanbul talks?",
    "timings": {"retrieve_ms": 29.7, "brief_ms": 13.0, "total_ms": 43.8},
}


class TimeWindowOut(BaseModel):
    """The publication window the question's own time words named ("this week"): start..end (ISO 8601), inclusive."""

    start: str
    end: str
    phrase: str


class EvidenceDatesOut(BaseModel):
    """The publication dates (as stored) of the oldest and newest article the sentences given to the model come from;
    read off the core EvidenceDates."""

    model_config = ConfigDict(from_attributes=True)

    oldest: str
    newest: str


class TraceHitOut(BaseModel):
    """One retrieved chunk (its text is the article's text[start:end]: GET /v1/documents/{doc_id}); read off the core
    Hit (rag.types), whose other fields (sentence ranges and vectors, the version) stay inside."""

    model_config = ConfigDict(from_attributes=True)

    chunk_id: str
    doc_id: str
    title: str
    published_at: str | None
    start: int
    end: int
    score: float = Field(..., description="Fused score (reciprocal rank plus the recency prior).")
    dense_score: float | None = Field(None, description="Cosine similarity, when the dense retriever found it.")
    keyword_score: float | None = Field(None, description="BM25 score, when the keyword retriever found it.")


class HitOut(TraceHitOut):
    """A chunk /v1/search found: as in a trace, with its URL and text."""

    url: str | None
    text: str = Field(..., description="Exactly the article's text[start:end].")


class TraceSentenceOut(BaseModel):
    """One sentence the model was shown as [n] (the citations are the ones it used); read off the core Passage."""

    model_config = ConfigDict(from_attributes=True)

    n: int
    doc_id: str
    published_at: str | None = Field(None, description="Its article's publication date, as stored.")
    start: int
    end: int
    quote: str
    score: float = Field(..., description="Evidence score: relevance, the chunk's rank, answer type and neighbours.")


class TraceOut(BaseModel):
    """What produced the answer; read off the core Trace (its window written as ISO strings at the edge)."""

    model_config = ConfigDict(from_attributes=True)

    question: str = Field(..., description="What was searched (a follow-up rewritten to stand alone).")
    as_of: datetime | None = Field(None, description="When it was asked (UTC).")
    time_window: TimeWindowOut | None = Field(None, description="The window the question's time words named.")
    hits: list[TraceHitOut] = Field(..., description="The chunks retrieved, best first.")
    evidence: list[TraceSentenceOut] = Field(..., description="The sentences given to the model, in prompt order.")
    evidence_dates: EvidenceDatesOut | None = Field(
        None,
        description="The window the evidence was drawn from: the oldest and newest publication date of the articles "
        "of the sentences given, whether or not the question named a window (over search results that mix background "
        "with the week's news, the sentence ranker leans to the newest article stating a value of the wanted type). "
        "Null when none of them is dated.",
    )
    best_evidence: float = Field(
        ..., description="The best relevance among all candidate sentences (abstains below answer.min_evidence)."
    )
    refusal_p: float | None = Field(
        None,
        description="The model opened with a refusal this sure (when it reports one); below answer.refusal_confidence it was asked again.",
    )
    asked_again: bool = Field(False, description="The model's unsure refusal was asked once more with its first token banned.")
    signals: dict[str, float] = Field(
        default_factory=dict,
        description="What the answer's confidence is computed from (rag/trust/confidence.py SIGNALS); empty on abstentions.",
    )
    kind: QuestionKind = Field(
        "factoid", description="How the question was read: `factoid`, `open` (a topic) or `time` (a bare time question)."
    )
    answered_by: AnsweredBy | None = Field(
        None,
        description="Who formed the answer: `model` (the chat model), `extractive` (the best evidence sentences, "
        "provider=extractive) or `fallback` (those sentences because the model was down, answer.fallback=extractive); "
        "null when the evidence was too weak to ask either. Each is judged by a calibrator fitted on its own answers.",
    )


class Trust(BaseModel):
    """What a reader weighs an answer by; on /v1/ask, its SSE done event and chat completions alike."""

    confidence: float | None = Field(
        None,
        description="The calibrated probability that the answer is right; null when no calibrator is bundled for the "
        "model, or no answer was formed. On a low_confidence abstention, the withheld answer's.",
    )
    corroboration: list[Corroboration] = Field(
        default_factory=list,
        description="Up to 5 other articles with a sentence stating the answer (quote == their text[start:end]); outlet "
        "is the host of their URL; same_story marks a republication of a cited article's wire story (the same opening "
        "words: one report, not an independent one), listed after the independent reports.",
    )
    reason: AbstainReason | None = Field(
        None,
        description="Why not_in_corpus: nothing in the store, filters or time window (no_articles); nothing relevant "
        "retrieved (off_topic); the sources do not say (not_stated); below min_confidence (low_confidence); an open "
        'question with neither a topic nor a time, "What happened?" (no_topic).',
    )
    nearest_published_at: str | None = Field(
        None,
        description="On no_articles / off_topic with a time window: the date of the latest related article before it.",
    )


class Answered(BaseModel):
    answer: str = Field(..., description="The answer with [n] markers that refer to citations[].n.")
    status: AnswerStatus
    kind: AnswerKind = Field(
        "answer",
        description="`answer`: one cited answer to a factoid question. `briefing`: an open question (\"What's the "
        'latest on X?", "What happened this week?") answered with 2-5 lines, `- sentence [n]`, each an exact '
        "quote from a different story in the window, newest first; corroboration lists the other articles on those "
        "stories and confidence is null (each line is the article's own sentence, not a claim to be judged).",
    )
    citations: list[CitationOut]
    unsupported: list[SpanOut] = Field(..., description="Parts of the answer no source sentence supports.")


class AskResponse(Trust, Answered):  # fields in order: Answered's, Trust's, then these
    model_config = ConfigDict(json_schema_extra={"examples": [ASK_EXAMPLE, ABSTAIN_EXAMPLE, BRIEFING_EXAMPLE]})
    timings: dict[str, float] = Field(
        ...,
        description="Milliseconds per stage: retrieve, evidence, generate, cite, check, total; only cached_ms and total_ms "
        "when the same ask was answered moments ago and served again (no model call).",
    )
    time_window: TimeWindowOut | None = Field(
        None, description="The publication window the question's own time words named (null when it named none)."
    )
    question: str = Field(..., description="What was searched: the question, or the follow-up rewritten to stand alone.")
    usage: UsageOut | None = Field(None, description="Tokens: as the chat model reported them; word pieces otherwise.")
    trace: TraceOut | None = Field(None, description='What produced the answer; only with "include": ["trace"].')


class SearchResponse(BaseModel):
    query: str
    hits: list[HitOut]
