"""The evidence ranker on hand-made candidates: what each feature reads, the scoring arithmetic, the shipped file, and
that the shipped ranker finds the answer rather than the echo and the newest article's value rather than an old one."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pytest

from rag.answer.ranking import FEATURES, Ranker, Sentence, bundled_ranker, features, load_ranker, read_ranker
from rag.text.words import word_overlap
from tests.helpers import ROOT

QUESTION = "Who led the Russian delegation?"
AS_OF = datetime(2025, 5, 20, tzinfo=UTC)


def _sentence(
    quote: str, doc: str = "talks", *, cosine: float = 0.5, published: str | None = "2025-05-16", **fields: Any
) -> Sentence:
    """A candidate in the first chunk of its article at offset 0, its relevance as the selector computes it (half
    cosine, half word overlap), unless fields say else."""
    relevance = 0.5 * cosine + 0.5 * word_overlap(QUESTION, quote)
    plain = Sentence(quote, doc, "Talks resume in Istanbul", published, 0, 0, cosine, relevance, None, None)
    return replace(plain, **fields)


def _column(rows: np.ndarray, name: str) -> list[float]:
    return [round(float(v), 3) for v in rows[:, FEATURES.index(name)]]


ECHO = "The Russian delegation was criticised at the talks."
ANSWER = "It was led by Vladimir Medinsky, an aide to the president."


def test_features_tell_the_sentence_that_answers_from_the_one_that_echoes() -> None:
    echo = _sentence(ECHO, cosine=0.8, after=1)
    answer = _sentence(ANSWER, start=52, cosine=0.3, before=0)
    rows = features(QUESTION, AS_OF, [echo, answer])
    assert rows.shape == (2, len(FEATURES))
    assert _column(rows, "offers") == [0.0, 1.0]  # a name the question lacks
    assert _column(rows, "echo")[0] > _column(rows, "echo")[1]
    assert _column(rows, "after_match") == [0.0, round(echo.relevance, 3)]  # the relevance of the sentence before it
    assert _column(rows, "beside_best") == [0.0, 1.0]
    assert _column(rows, "cosine_gap") == [0.0, -0.5]
    assert _column(rows, "offers_after_match") == [0.0, round(echo.relevance, 3)]


def test_features_read_the_age_of_each_article_and_which_offers_the_newest_value() -> None:
    old = _sentence("The delegation was led by Sergei Lavrov in 2022.", "old", published="2022-03-01")
    new = _sentence(ANSWER, "new", published="2025-05-16")
    undated = _sentence("Talks were led by Yuri Ushakov.", "undated", published=None)
    rows = features(QUESTION, AS_OF, [old, new, undated])
    assert _column(rows, "undated") == [0.0, 0.0, 1.0]
    assert _column(rows, "offers_newest") == [0.0, 1.0, 0.0]
    age, gap = _column(rows, "age"), _column(rows, "age_gap")
    assert age[0] > age[1] > 0.0 and age[2] == 0.0
    assert gap[1] == 0.0 and gap[0] == round(float(np.log1p((datetime(2025, 5, 16) - datetime(2022, 3, 1)).days)), 3)
    without_a_date = features(QUESTION, None, [old, new])  # asked with no as_of: no ages at all
    assert _column(without_a_date, "age") == [0.0, 0.0] and _column(without_a_date, "undated") == [1.0, 1.0]


def test_no_candidates_give_an_empty_matrix_and_no_scores() -> None:
    rows = features(QUESTION, AS_OF, [])
    assert rows.shape == (0, len(FEATURES))
    assert bundled_ranker().scores(rows) == []


def test_a_ranker_scores_standardised_features_with_its_weights() -> None:
    n = len(FEATURES)
    ranker = Ranker(FEATURES, (1.0,) * n, (2.0,) + (0.0,) * (n - 1), (1.0,) + (0.5,) * (n - 1), -1.0)
    rows = np.zeros((2, n))
    rows[0, 0], rows[1, 1] = 5.0, 3.0
    # (x - 1) / 2 for the first feature, (x - 1) / 1 for the others (a zero scale, a feature constant on the fit,
    # counts as 1); weights 1 then 0.5; intercept -1
    row0 = (5 - 1) / 2 + 0.5 * -1 * (n - 1) - 1
    row1 = (0 - 1) / 2 + 0.5 * (3 - 1) + 0.5 * -1 * (n - 2) - 1
    assert ranker.scores(rows) == pytest.approx([row0, row1])
    assert load_ranker(ranker.as_json()) == ranker


def test_a_ranker_fitted_on_fewer_features_reads_its_own_columns_and_one_over_unknown_features_is_refused() -> None:
    n, rng = len(FEATURES), np.random.default_rng(0)
    mean, scale, coef = (tuple(rng.normal(size=n).tolist()) for _ in range(3))
    raw = Ranker(FEATURES, mean, scale, coef, 0.5).as_json()
    older = {k: v[1:] if isinstance(v, list) else v for k, v in raw.items()}  # fitted before the first feature
    rows = rng.normal(size=(3, n))
    drop_first = Ranker(FEATURES[1:], mean[1:], scale[1:], coef[1:], 0.5)
    assert load_ranker(older) == drop_first
    assert drop_first.scores(rows) == pytest.approx(
        Ranker(FEATURES, mean, scale, (0.0, *coef[1:]), 0.5).scores(rows)  # the first feature weighs nothing
    )
    with pytest.raises(ValueError, match="does not compute: shoe_size"):
        load_ranker(raw | {"features": ["shoe_size", *raw["features"][1:]]})
    with pytest.raises(ValueError, match="twice"):
        load_ranker(raw | {"features": [raw["features"][1], *raw["features"][1:]]})
    with pytest.raises(ValueError, match="finite"):
        load_ranker(raw | {"coef": [float("nan"), *raw["coef"][1:]]})
    with pytest.raises(ValueError, match="values in each"):
        load_ranker(raw | {"coef": raw["coef"][:-1]})
    with pytest.raises(ValueError, match="refit"):
        load_ranker(raw | {"version": 2})


def test_the_place_feature_marks_a_sentence_naming_the_kind_of_place_asked_for() -> None:
    question = "The prime minister of which country denied he would resign?"
    echo = _sentence("The prime minister denied reports that he would resign.", cosine=0.7)
    answer = _sentence("Japan's prime minister Shigeru Ishiba lost his majority in the upper house.", cosine=0.4)
    city = _sentence("Reporters waited outside his office in Tokyo.", cosine=0.3)
    rows = features(question, AS_OF, [echo, answer, city])
    assert _column(rows, "offers_place") == [0.0, 1.0, 0.0]
    assert _column(rows, "offers") == [0.0, 1.0, 1.0]  # any name the question lacks, a city's included
    # the ranker fitted with it prefers the country to a mere name; the shipped one leaves it out (measured: it gave
    # the answer more often and the local model's answers did not gain) and scores as if it were not there
    with_places = read_ranker(ROOT / "bench" / "results" / "ranker-places.json")
    scores = with_places.scores(rows)
    assert "offers_place" in with_places.features and scores[1] > scores[2]
    blind = rows.copy()
    blind[:, FEATURES.index("offers_place")] = 0.0
    assert "offers_place" not in bundled_ranker().features
    assert bundled_ranker().scores(rows) == bundled_ranker().scores(blind)


def test_the_shipped_ranker_puts_the_answer_above_the_echo_and_the_newest_value_first() -> None:
    # the local embedder's cosines of these sentences to the question (0.58, 0.54): the echo also shares more words
    echo = _sentence(ECHO, cosine=0.58, after=1)
    answer = _sentence(ANSWER, start=52, cosine=0.54, before=0)
    scores = bundled_ranker().scores(features(QUESTION, AS_OF, [echo, answer]))
    assert scores[1] > scores[0]
    old = _sentence("The Russian delegation was led by Sergei Lavrov.", "old", published="2022-03-01", cosine=0.6)
    new = _sentence("The Russian delegation was led by Vladimir Medinsky.", "new", cosine=0.6)
    assert np.argmax(bundled_ranker().scores(features(QUESTION, AS_OF, [old, new]))) == 1
