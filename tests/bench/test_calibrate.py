"""bench/tune/calibrate.py writes a file the service reads: the shipped numbers must give sklearn's own probabilities."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from bench.report.trust import calibration
from bench.tune.calibrate import _calibrator_file, _fit, _matrix, main
from evals.calibration import samples
from rag.settings import Settings
from rag.trust.confidence import Calibrator, Signals


def _rows(n: int, seed: int) -> list[dict[str, object]]:
    """Eval rows whose right answers have better evidence and fewer unsupported characters (plus noise)."""
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    for i in range(n):
        right = rng.random() < 0.5
        signals = {"cited_evidence": rng.gauss(0.7 if right else 0.5, 0.1), "unsupported": rng.random() * (0.2 if right else 0.6),
                   "coverage": rng.random(), "window": 0.0}  # fmt: skip
        rows.append({"id": str(i), "right": right, "reason": None, "signals": signals, "answer_in_results": right})
    return rows


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text(json.dumps({"machine": "test", "date": "today", "command": f"synthetic {path.name}",
                                "questions": len(rows), "answers": {"per_question": rows}}))  # fmt: skip
    return path


def test_shipped_numbers_give_sklearns_probabilities(tmp_path: Path) -> None:
    found = samples(_rows(200, 1), "a")
    features = ["cited_evidence", "unsupported", "coverage"]
    model = _fit(found, features)
    shipped = _calibrator_file(model, features, "evidence", {"a": {"command": "synthetic"}}, len(found))
    path = tmp_path / "cal.json"
    path.write_text(json.dumps(shipped))
    calibrator = Calibrator.load(path)
    assert calibrator is not None
    theirs = model.predict_proba(_matrix(found, features))[:, 1]
    ours = [calibrator.probability(Signals(s.signals)) for s in found]
    assert max(abs(a - b) for a, b in zip(ours, theirs, strict=True)) < 1e-4


@pytest.mark.slow
def test_one_command_fits_measures_and_ships(tmp_path: Path) -> None:
    a, b = _write(tmp_path / "a.json", _rows(120, 1)), _write(tmp_path / "b.json", _rows(120, 2))
    out = tmp_path / "cal.json"
    main(["--run", f"a={a}", "--run", f"b={b}", "--kind", "extractive", "--out", str(out), "--results", str(tmp_path)])
    shipped = json.loads(out.read_text())
    assert shipped["version"] == 1 and "window" not in shipped["features"]  # a constant signal carries nothing
    calibrator = Calibrator.load(out)
    assert calibrator is not None
    strong = calibrator.probability(Signals({"cited_evidence": 0.8, "unsupported": 0.0, "coverage": 0.5}))
    weak = calibrator.probability(Signals({"cited_evidence": 0.4, "unsupported": 0.5, "coverage": 0.5}))
    assert strong > 0.7 and weak < 0.3
    result = json.loads((tmp_path / "calibration-extractive.json").read_text())
    assert result["cross_validated"]["all"]["auroc"] > 0.8 and set(result["across_runs"]) == {"a", "b"}
    assert (tmp_path / "calibration-extractive.png").stat().st_size > 1000
    page = "\n".join(calibration(result))  # docs/benchmarks.md's section: each number reaches its row
    ece = result["cross_validated"]["a"]["ece"]
    assert f"| a (5-fold CV) | {result['cross_validated']['a']['answers']} |" in page and f"| {ece:.3f} |" in page
    assert f"| {Settings(_env_file=None).answer.min_confidence:g} (default) |" in page


@pytest.mark.slow
def test_a_run_only_checked_is_scored_by_the_fit_and_replayed_at_each_threshold(tmp_path: Path) -> None:
    # the openai check: fit on runs of one server, score a run of another the fit never saw
    a, held = _write(tmp_path / "a.json", _rows(120, 1)), _write(tmp_path / "held.json", _rows(80, 3))
    out = tmp_path / "cal.json"
    main(["--run", f"a={a}", "--check", f"other={held}", "--kind", "evidence", "--out", str(out), "--results", str(tmp_path)])
    result = json.loads((tmp_path / "calibration-evidence.json").read_text())
    checked = result["checked"]["other"]
    assert checked["answers"] == 80 and checked["auroc"] > 0.8 and checked["command"] == "synthetic held.json"
    first, last = checked["thresholds"][0], checked["thresholds"][-1]
    assert first["threshold"] == 0.0 and first["answered"] == 1.0 > last["answered"]
    page = "\n".join(calibration(result))
    assert f"| other (another run, not fitted on) | 80 | {checked['right']:.3f} |" in page
    assert "Checked, not fitted on: `other`" in page
