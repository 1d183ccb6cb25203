"""Confidence: the calibrated probability that an answer is right, from signals the pipeline already has.

signals() reads them off an answer and its trace (pure); a Calibrator (a logistic regression fitted on the dev
questions by bench/tune/calibrate.py, shipped as a versioned JSON file per kind of model in rag/trust/calibration/)
turns them into a probability: local.json for the embedded model, extractive.json for answers without one, and
evidence.json for any model behind provider=openai (signals every OpenAI-compatible server gives; a refit on that
model's own runs does better).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from importlib.resources import files
from pathlib import Path
from typing import Protocol

from rag.answers import Answer, Citation, TimeFrame
from rag.errors import BadSettingFile
from rag.text.values import claim_values, held, name_words
from rag.text.words import content_tokens, word_overlap
from rag.trust.corroboration import answer_terms, outlets
from rag.trust.linear import Linear, read_linear
from rag.trust.markers import strip_markers
from rag.types import published_moment

# every signal, in the order calibrators list them
SIGNALS = (
    "refusal_mass",  # the probability the model gave to opening with a refusal (model only)
    "answer_logprob",  # the mean log-probability of the answer's tokens (model only)
    "min_logprob",  # the least likely token of the answer (model only)
    "asked_again",  # an unsure refusal was overruled (model only)
    "given_evidence",  # the best relevance among the sentences given to the model (trace.best_evidence: among all candidates)
    "cited_evidence",  # the best relevance among the sentences the answer cites
    "top_dense",  # the best cosine similarity among the retrieved chunks
    "coverage",  # share of the question's words that the cited sentences (and their titles) hold
    "claim_support",  # share of the answer's own words that the cited sentences hold
    "outlets",  # log(1 + distinct outlets stating the answer, the cited one included)
    "window",  # the question named a time window ("this week")
    "unsupported",  # share of the answer's characters no source supports
    "answer_words",  # log(1 + the answer's own words): long answers contain more by chance
    "cited_age",  # log(1 + days from the newest cited article to as_of): news questions ask about the latest
    "verified",  # the model's probability that the cited sentences state the answer (a yes/no prompt; model only)
    "claim_stated",  # the cited sentences state every value (number, name, date) the answer adds to the question
)


@dataclass(frozen=True)
class Signals:
    """What one answer's confidence is computed from (see SIGNALS); a value is None when the model reports none."""

    values: Mapping[str, float | None]

    def known(self) -> dict[str, float]:
        return {k: v for k, v in self.values.items() if v is not None}


def signals(
    question: str,
    answer: Answer,
    window: TimeFrame | None = None,
    as_of: datetime | None = None,
    claim: set[str] | None = None,
) -> Signals:
    """The signals of an answer given: its citations, corroboration and unsupported parts, and from its trace the
    sentences given, the chunks retrieved and what the model reported (refusal_mass, answer_logprob, min_logprob,
    asked_again); claim is the answer's own words (answer_terms), when the caller has them already."""
    citations, corroboration, trace = answer.citations, answer.corroboration, answer.trace
    evidence, hits, text = trace.evidence, trace.hits, answer.answer
    cited_at = {(c.doc_id, c.start) for c in citations}  # a citation's n is its number in the answer, not the prompt's
    cited = [p for p in evidence if (p.doc_id, p.start) in cited_at]
    said = " ".join([c.quote for c in citations] + [c.title for c in citations])
    claim = answer_terms(text, question) if claim is None else claim
    unsupported_chars = sum(s.answer_end - s.answer_start for s in answer.unsupported)
    values: dict[str, float | None] = {
        **{k: trace.signals.get(k) for k in SIGNALS[:4]},
        "given_evidence": max((p.score for p in evidence), default=0.0),
        "cited_evidence": max((p.score for p in cited), default=0.0),
        "top_dense": max((h.dense_score for h in hits if h.dense_score is not None), default=0.0),
        "coverage": word_overlap(question, said),
        "claim_support": _share(claim, content_tokens(" ".join(c.quote for c in citations))),
        "outlets": math.log1p(outlets(citations, corroboration)),
        "window": 1.0 if window is not None else 0.0,
        "unsupported": unsupported_chars / max(1, len(text)),
        "answer_words": math.log1p(len(claim)),
        "cited_age": _age_days(citations, as_of),
        "verified": trace.signals.get("verified"),
        "claim_stated": _values_stated(question, text, [c.quote for c in citations], [p.quote for p in evidence]),
    }
    return Signals(values)


def _values_stated(question: str, answer: str, quotes: Sequence[str], given: Sequence[str]) -> float:
    """1 when the cited quotes state every value (number, name, date) the answer adds to the question, else 0."""
    values = claim_values(strip_markers(answer), question, set().union(*(name_words(g) for g in given)))
    return float(held(values, " ".join(quotes)) == values)


def _age_days(citations: Sequence[Citation], as_of: datetime | None) -> float | None:
    """log(1 + days) from the newest dated cited article to as_of; None without dates."""
    dated = [published_moment(c.published_at) for c in citations]
    newest = max((d for d in dated if d is not None), default=None)
    if as_of is None or newest is None:
        return None
    return math.log1p(max(0.0, (as_of - newest).total_seconds() / 86400))


def _share(wanted: set[str], held: set[str]) -> float:
    return len(wanted & held) / len(wanted) if wanted else 0.0


class Estimator(Protocol):
    """Turns an answer's signals into the probability that it is right (Calibrator; fakes in tests)."""

    def probability(self, s: Signals) -> float: ...


def reads(estimator: Estimator | None, signal: str) -> bool:
    """Whether this estimator's probability depends on the signal (a Calibrator's features say; any other reads none
    that it declares)."""
    return isinstance(estimator, Calibrator) and signal in estimator.features


@dataclass(frozen=True)
class Calibrator(Linear):
    """p(right) = sigmoid(intercept + sum coef_i * (x_i - mean_i) / scale_i) over its features; a feature the
    answer lacks counts as its mean (no evidence either way)."""

    name: str = ""

    def probability(self, s: Signals) -> float:
        known = s.known()
        z = self.intercept
        for name, mean, scale, coef in zip(self.features, self.mean, self.scale, self.coef, strict=True):
            z += coef * (known.get(name, mean) - mean) / (scale or 1.0)
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    @classmethod
    def load(cls, path: Path | None = None, kind: str = "local") -> Calibrator | None:
        """From a file (answer.calibration), else the bundled one for this kind of model (local, extractive,
        evidence: for any other model, it reads no model signal); None when no file is bundled for the kind (then
        answers carry their signals in the trace but no confidence)."""
        bundled = files("rag.trust").joinpath(f"calibration/{kind}.json")
        if path is None and not bundled.is_file():
            return None
        try:
            raw = json.loads(path.read_text(encoding="utf-8") if path else bundled.read_text(encoding="utf-8"))
            return replace(read_linear(raw, SIGNALS, "calibrator", cls), name=str(raw.get("name", kind)))
        except (OSError, ValueError, RecursionError) as exc:  # a user's file: its reason, not a traceback
            raise BadSettingFile("answer.calibration", path or kind, exc) from exc
