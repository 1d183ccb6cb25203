"""The answering sections of the settings: evidence sentences, abstention, confidence and fallback
(AnswerSettings), follow-ups (ConversationSettings) and briefings (BriefingSettings). rag/settings.py composes them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field

_ON, _OFF = {"true", "1", "yes", "on", "t", "y"}, {"false", "0", "no", "f", "n"}


def _claim_check(value: Any) -> Any:
    """A boolean, as the setting took before it had modes (and as pydantic reads one): true is strict, false off."""
    word = str(value).strip().lower()
    return "strict" if word in _ON else "off" if word in _OFF else value


ClaimCheck = Annotated[Literal["off", "recite", "strict"], BeforeValidator(_claim_check)]


class AnswerSettings(BaseModel):
    """Evidence sentences, abstention and fallback."""

    context_sentences: int = Field(
        5, ge=1, le=30, description="Source sentences numbered [1]..[n] in the prompt: fewer for speed, more for a larger model."
    )
    context_chars: int | None = Field(
        None,
        ge=50,
        le=20_000,
        description="A budget of source characters in the prompt, counted as rendered (each numbered sentence and "
        "its article's title line) instead of context_sentences: the best sentences while they fit (at most 30; with "
        "the ranker, the shorter first among those as likely to hold the answer). The best is given even when it "
        "alone is over. None: context_sentences sentences, whatever their length (five cost ~1,100 such characters; "
        "900 measured a shorter prompt and fewer right answers than five: docs/benchmarks.md).",
    )
    window: int = Field(
        0,
        ge=0,
        le=3,
        description="Neighbouring sentences on each side that come with each chosen sentence, within the same budget "
        "(0: none; the sweep: docs/benchmarks.md, context size).",
    )
    read_chunks: int = Field(
        20,
        ge=1,
        le=50,
        description="Chunks whose sentences are candidates when an ask names no top_k; the prompt's budget "
        "(context_sentences or context_chars) stays the same whatever this is.",
    )
    choice: Literal["ranker", "hand"] = Field(
        "ranker",
        description="Which sentences are given: the ranker fitted on the dev sets (rag/answer/ranker.json, fitted with "
        "the local embedder's cosines) or the hand-set score (for another embedder until the ranker is refitted).",
    )
    ranker_file: Path | None = Field(
        None,
        description="A ranker of your own for choice=ranker, written by `python -m bench.tune.evidence_ranker --out "
        "FILE` (refitted for another embedder or corpus); none: the shipped rag/answer/ranker.json.",
    )
    recent_answers: int = Field(
        256,
        ge=0,
        le=100_000,
        description="Answers just formed kept in memory (withheld ones included), so the same ask again or 'show it "
        "anyway' is served at once; any write to the store makes them stale. 0 keeps none.",
    )
    titles: bool = Field(True, description="Put each source's article title and date in front of its sentences.")
    neighbour_weight: float = Field(
        0.15, ge=0.0, le=2.0, description="Share of its best neighbour's relevance a sentence gains (answers follow matches)."
    )
    answer_type_bonus: float = Field(
        0.2,
        ge=0.0,
        le=1.0,
        description="Score added to a sentence holding a value of the type the question asks for (a name for who/which, "
        "a number for how many, a date for when) that the question does not already contain.",
    )
    min_evidence: float = Field(
        0.25,
        ge=0.0,
        le=1.0,
        description="Below this best-sentence relevance the answer is not_in_corpus without calling the model; above it "
        "the model decides (calibrated on the dev split and on answerable paraphrases, docs/benchmarks.md).",
    )
    extractive_min_evidence: float = Field(
        0.35,
        ge=0.0,
        le=1.0,
        description="Without a model (provider=extractive, or the fallback) the best sentence is the answer only above this.",
    )
    extractive_neighbour: bool = Field(
        True,
        description="Without a model, also quote the evidence sentence right before or after the best one, when there "
        "is one (the best often only echoes the question; its neighbour names the answer); false for one sentence.",
    )
    claim_check: ClaimCheck = Field(
        "recite",
        description="What a claim's quotes must state: the values it adds to the question (numbers, names, dates). "
        "recite: when the sentence a claim cites does not state them and another sentence given does, that one is "
        "cited too, when it also supports the claim (only adds citations; the confidence signals read them). strict: also a claim none states loses its markers "
        "(unsupported) and an answer citing nothing is not given (not_stated); on the 2022 dev set that withheld right "
        "answers too (docs/benchmarks-notes.md, claim check). off: support alone decides. true/false read as strict/off.",
    )
    verify: bool | None = Field(
        None,
        description="Ask the chat model once more, in one short yes/no prompt, whether the cited sentences state its "
        "answer; the probability of yes is a confidence signal (about 100 prompt tokens and one output token). "
        "Unset: only when the calibrator in use reads that signal (none bundled does yet); true to record it anyway.",
    )
    refusal_confidence: float = Field(
        0.6,
        ge=0.0,
        le=1.0,
        description="A reply that opens by refusing is not_in_corpus only when the model gave that opening at least this "
        "probability; below it the model is asked once more with that first token banned, and the second reply is the "
        "answer only if it cites a source that supports it (the 1.5B model refuses sources that state the answer; the "
        "trade-off: docs/benchmarks.md, refusal confidence). Needs a model that reports token logprobs with token ids: "
        "the embedded one, or llm.logprobs. 0: every refusal stands.",
    )
    min_confidence: float = Field(
        0.2,
        ge=0.0,
        le=1.0,
        description="Below this confidence (the calibrated probability that the answer is right) the answer is withheld: "
        "not_in_corpus with reason low_confidence and its confidence. A request can set its own (0: always the answer). "
        "Above 0 a streamed answer is sent whole once judged. How the default was chosen: docs/benchmarks.md, "
        "confidence calibration.",
    )
    calibration: Path | None = Field(
        None,
        description="A calibrator file (JSON: version 1, features, mean, scale, coef, intercept over the signals of "
        "rag/trust/confidence.py; bench/tune/calibrate.py writes one); default: the bundled one for the provider: "
        "local, extractive, or for openai evidence.json, over the signals any server gives (refit on your model's own "
        "eval runs for a better one).",
    )
    fallback: Literal["none", "extractive"] = Field(
        "none",
        description="extractive: answer as provider=extractive does (the best evidence sentences, cited) when the chat "
        "model is unreachable, instead of HTTP 503.",
    )


class ConversationSettings(BaseModel):
    """How much of a conversation a follow-up question is read with."""

    history_turns: int = Field(6, ge=0, le=50, description="Latest user/assistant messages used to rewrite a follow-up.")
    history_tokens: int = Field(
        600, ge=0, le=8000, description="At most this many tokens of them (oldest dropped first); the rewrite call stays short."
    )


class BriefingSettings(BaseModel):
    """How open questions ("What's the latest on X?", "What happened this week?") are answered: a briefing of a few
    cited sentences, each from a different story (rag/answer/briefing.py)."""

    enabled: bool = Field(True, description="Answer open questions with a briefing (false: every question is a factoid).")
    items: int = Field(5, ge=1, le=10, description="At most this many sentences, each from a different story.")
    compose: Literal["quotes", "model"] = Field(
        "quotes",
        description="quotes: each line is the article's own sentence. model: the chat model shortens them in one call, "
        "each kept only where its quote states it (measured slower on two cores: docs/benchmarks.md).",
    )
    latest_days: int = Field(
        7, ge=1, le=365, description="The window of a question asking for the latest news that names none ('this week')."
    )
    read_chunks: int = Field(30, ge=1, le=200, description="Chunks read for a briefing on a topic (its candidate sentences).")
    read_articles: int = Field(
        150,
        ge=1,
        le=2000,
        description="A bare time question reads the opening of at most this many of the window's newest articles.",
    )
    story_similarity: float = Field(
        0.75, ge=0.0, le=1.0, description="Two articles whose chosen sentences are this similar (cosine) report one story."
    )
    min_relevance: float = Field(
        0.3, ge=0.0, le=1.0, description="A topic briefing's sentence must be at least this relevant (cosine with the question)."
    )
