"""Which candidate sentences hold the answer: features of each sentence (pure) and a linear ranker over them, fitted
on the dev sets' candidates with the answer-bearing sentence as the label (bench/tune/evidence_ranker.py writes
rag/answer/ranker.json, shipped as package data).

The hand-set score it replaced rewarded sentences that restate the question; the answer often sits in a sentence
that only shares the entity, next to the one that matches, or in the newest of several articles. So besides
relevance the ranker sees what a sentence adds to the question (its new words, a value of the wanted type), how
much it merely echoes it, its neighbours' relevance, where it stands in its article, and how old its article is.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np

from rag.errors import BadSettingFile
from rag.text.places import offers_place, places, wanted_place
from rag.text.question_types import expected_type, names, offers_answer
from rag.text.words import content_tokens, word_overlap
from rag.trust.linear import Linear, read_linear
from rag.types import published_moment

FEATURES = (
    "cosine",  # embedding similarity of question and sentence
    "overlap",  # share of the question's content words the sentence holds
    "rank",  # 1 / (1 + rank of its chunk)
    "offers",  # it holds a value of the wanted type the question lacks (a name for who, a number for how many)
    "near",  # the best relevance of its neighbouring sentences (answers follow the sentence that matches)
    "title",  # share of the question's content words its article's title holds
    "new_words",  # log(1 + content words it adds to the question)
    "echo",  # share of its content words the question already holds
    "names",  # share of the question's names it holds
    "position",  # log(1 + its offset in the article / 100): news puts the facts first
    "age",  # log(1 + days from its article's date to as_of); 0 when undated
    "undated",  # its article has no date
    "cosine_gap",  # its cosine less the best cosine among the candidates (pools differ: what counts is the lead)
    "overlap_gap",  # its overlap less the best overlap among the candidates
    "after_match",  # the relevance of the sentence right before it (the answer follows the sentence that matches)
    "article_best",  # the best relevance of any sentence of its article
    "beside_best",  # it is right next to the most relevant candidate
    "age_gap",  # log(1 + days its article is older than the newest candidate's); 0 when undated
    "offers_newest",  # it offers a value of the wanted type and no newer article's sentence does
    "offers_after_match",  # it offers a value and follows a relevant sentence (the matched sentence's answer)
    "offers_place",  # it names a place of the kind asked for (which country, US state, city) that the question lacks
)
Matrix = np.ndarray[Any, np.dtype[np.float64]]


@dataclass(frozen=True)
class Sentence:
    """What the features read of one candidate: its text, its article (id, title, date), where it stands (article
    offset and the rank of its chunk), its cosine to the question, its relevance (0.5 cosine + 0.5 overlap), and the
    index of the candidate right before and after it in its article (None when that sentence is no candidate)."""

    quote: str
    doc_id: str
    title: str
    published_at: str | None
    start: int
    rank: int
    cosine: float
    relevance: float
    before: int | None
    after: int | None


def features(question: str, as_of: datetime | None, sentences: Sequence[Sentence]) -> Matrix:
    """One row per sentence, in FEATURES order."""
    asked, kind = content_tokens(question), expected_type(question)
    asked_names, place = names(question), wanted_place(question)
    asked_places = places(question, place) if place else set()
    known = set().union(*(names(s.quote) for s in sentences)) if kind == "name" else set()
    overlaps = [word_overlap(question, s.quote) for s in sentences]
    best_cos, best_overlap = max((s.cosine for s in sentences), default=0.0), max(overlaps, default=0.0)
    top = max(range(len(sentences)), key=lambda i: sentences[i].relevance, default=None)
    ages = [_age_days(s.published_at, as_of) for s in sentences]
    offers = [offers_answer(question, s.quote, kind, known) for s in sentences]
    newest = min((a for a in ages if a is not None), default=None)
    newest_offer = min((a for a, o in zip(ages, offers, strict=True) if o and a is not None), default=None)
    article_best: dict[str, float] = {}
    for s in sentences:
        article_best[s.doc_id] = max(article_best.get(s.doc_id, 0.0), s.relevance)
    rows = []
    for i, s in enumerate(sentences):
        words = content_tokens(s.quote)
        age = ages[i]
        after_match = sentences[s.before].relevance if s.before is not None else 0.0
        beside = [j for j in (s.before, s.after) if j is not None]
        rows.append(
            [
                s.cosine,
                overlaps[i],
                1.0 / (1 + s.rank),
                float(offers[i]),
                max((sentences[j].relevance for j in beside), default=0.0),
                word_overlap(question, s.title),
                math.log1p(len(words - asked)),
                len(words & asked) / len(words) if words else 0.0,
                len(asked_names & names(s.quote)) / len(asked_names) if asked_names else 0.0,
                math.log1p(s.start / 100),
                math.log1p(age) if age is not None else 0.0,
                float(age is None),
                s.cosine - best_cos,
                overlaps[i] - best_overlap,
                after_match,
                article_best[s.doc_id],
                float(top is not None and top in beside),
                math.log1p(age - newest) if age is not None and newest is not None else 0.0,
                float(offers[i] and age is not None and newest_offer is not None and age - newest_offer < 1.0),
                float(offers[i]) * after_match,
                float(place is not None and offers_place(question, s.quote, place, asked_places)),
            ]
        )
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(FEATURES))


def columns(rows: Matrix, named: Sequence[str]) -> Matrix:
    """The named features' columns of features() rows, in that order."""
    return rows if tuple(named) == FEATURES else rows[:, [FEATURES.index(f) for f in named]]


def _age_days(published_at: str | None, as_of: datetime | None) -> float | None:
    moment = published_moment(published_at)
    if moment is None or as_of is None:
        return None
    return max(0.0, (as_of - moment).total_seconds() / 86_400)


@dataclass(frozen=True)
class Ranker(Linear):
    """score = intercept + sum coef_i * (x_i - mean_i) / scale_i: the log-odds that a sentence holds the answer."""

    def scores(self, rows: Matrix) -> list[float]:
        """rows: features() rows (every one of FEATURES); the ranker reads the columns it was fitted on."""
        if rows.shape[0] == 0:
            return []
        z = (columns(rows, self.features) - np.asarray(self.mean)) / np.asarray([s or 1.0 for s in self.scale])
        return (z @ np.asarray(self.coef) + self.intercept).tolist()  # type: ignore[no-any-return]


def load_ranker(raw: Any) -> Ranker:
    """A ranker from its JSON form (rag/trust/linear.py checks it). It may read any of FEATURES, named in its own order
    (a ranker fitted before a feature was added still loads, and reads what it was fitted on); a feature it names
    that FEATURES lacks is refused, not misread."""
    try:
        return read_linear(raw, FEATURES, "ranker", Ranker)
    except ValueError as exc:
        raise ValueError(f"{exc}: refit it (bench/tune/evidence_ranker.py)") from exc


def read_ranker(path: Path) -> Ranker:
    """A ranker file written by bench/tune/evidence_ranker.py --out (answer.ranker_file)."""
    try:
        return load_ranker(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, RecursionError) as exc:  # RecursionError: JSON nested past the parser's depth
        raise BadSettingFile("answer.ranker_file", path, exc) from exc


@cache
def bundled_ranker() -> Ranker:
    """The shipped ranker (rag/answer/ranker.json)."""
    return load_ranker(json.loads(files("rag.answer").joinpath("ranker.json").read_text(encoding="utf-8")))
