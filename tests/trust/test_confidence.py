"""Confidence: the signals an answer's confidence is computed from (pure), and the bundled calibrators."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path

import pytest

from rag.answers import Answer, Citation
from rag.errors import BadSettingFile
from rag.trust.confidence import SIGNALS, Calibrator, signals

QUESTION = "Who led the Russian delegation?"


def test_cited_age_counts_days_from_the_newest_cited_article() -> None:
    old = Citation(
        n=1, doc_id="a", title="A", url=None, published_at="2022-06-01T10:00:00+00:00", start=0, end=5, quote="Quote",
        answer_start=0, answer_end=5,
    )  # fmt: skip
    new = Citation(
        n=2,
        doc_id="b",
        title="B",
        url=None,
        published_at="2022-06-20",
        start=0,
        end=5,
        quote="Quote",
        answer_start=0,
        answer_end=5,
    )  # a date alone counts as UTC midnight
    as_of = datetime(2022, 6, 23, tzinfo=UTC)
    found = signals(QUESTION, Answer("Medinsky [1] [2].", "answered", [old, new]), None, as_of).values
    assert found["cited_age"] == pytest.approx(math.log1p(3))
    assert signals(QUESTION, Answer("Medinsky [1].", "answered", [old]), None, None).values["cited_age"] is None


def test_the_bundled_calibrators_read_every_signal_they_name() -> None:
    for kind in ("local", "extractive", "evidence"):
        calibrator = Calibrator.load(None, kind)
        assert calibrator is not None and set(calibrator.features) <= set(SIGNALS)


def test_the_calibrator_for_any_openai_compatible_model_reads_only_what_every_server_gives() -> None:
    # no token log-probabilities (not every server gives them) and no verification verdict (it costs a model call)
    calibrator = Calibrator.load(None, "evidence")
    model_only = {"refusal_mass", "answer_logprob", "min_logprob", "asked_again", "verified"}
    assert calibrator is not None and not set(calibrator.features) & model_only


def test_a_calibrator_file_that_cannot_score_is_refused_when_read(tmp_path: Path) -> None:
    path = tmp_path / "calibration.json"
    good = json.loads(files("rag.trust").joinpath("calibration/local.json").read_text(encoding="utf-8"))
    twice = [good["features"][1], *good["features"][1:]]
    broken: object
    for broken in (
        good | {"coef": good["coef"][1:]},
        good | {"mean": ["x", *good["mean"][1:]]},
        good | {"coef": [float("nan"), *good["coef"][1:]]},  # json writes NaN, and reads it back
        good | {"features": twice},
        {"version": 1},
        [],
        good | {"intercept": 10**400},
    ):
        path.write_text(json.dumps(broken))
        with pytest.raises(BadSettingFile, match=r"^answer\.calibration "):
            Calibrator.load(path, "local")
    path.write_text("[" * 100_000 + "]" * 100_000)  # nested past the JSON parser's depth
    with pytest.raises(BadSettingFile, match=r"^answer\.calibration "):
        Calibrator.load(path, "local")
    path.write_text(json.dumps(good))
    assert Calibrator.load(path, "local") == Calibrator.load(None, "local")
