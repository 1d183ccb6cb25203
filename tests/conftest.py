"""Shared fixtures: settings in a temp data dir, the seed corpus, a real-corpus sample, the real embedder."""

from __future__ import annotations

import gzip
import itertools
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.providers.minilm import LocalMiniLM
from rag.providers.offline import enforce_offline_env
from rag.settings import AnswerSettings, Settings
from tests.helpers import ROOT

SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "eval" / "realtimeqa" / "corpus.jsonl.gz"
KEPT_ENV = {"NEWSQA_SCREENSHOTS"}  # not a setting: where the reader page's browser test saves its screenshots


def pytest_configure(config: pytest.Config) -> None:
    """Before any test: tests build Settings(...) themselves, so NEWSQA_* variables of the shell running pytest
    must not leak in (subprocesses started by tests inherit this cleaned environment too), and no library may try
    the network."""
    for name in [n for n in os.environ if n.startswith("NEWSQA_") and n not in KEPT_ENV]:
        del os.environ[name]
    enforce_offline_env()


@pytest.fixture(scope="session")
def model_cache() -> Path:
    """Built models (the ONNX graph, the joined GGUF) shared by every test and kept between runs (gitignored)."""
    path = ROOT / ".cache" / "models"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def settings(tmp_path: Path, model_cache: Path) -> Settings:
    data = tmp_path / "data"
    data.mkdir()
    (data / "models").symlink_to(model_cache, target_is_directory=True)
    # scripted models report no log-probabilities and the bag-of-words embedder scores evidence its own way, so the
    # bundled calibrator's gate would withhold answers the logic tests are about: confidence is still computed, the
    # gate is off; the gate itself is tested with fixed confidences (tests/trust/test_trust.py, test_chat_completions)
    return Settings(data_dir=data, _env_file=None, answer=AnswerSettings(min_confidence=0.0))


@pytest.fixture(scope="session")
def real_embedder(model_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> LocalMiniLM:
    data = tmp_path_factory.mktemp("embedder-data")
    (data / "models").symlink_to(model_cache, target_is_directory=True)
    return LocalMiniLM.from_settings(Settings(data_dir=data, _env_file=None))


@pytest.fixture(scope="session")
def corpus_sample() -> list[dict[str, object]]:
    """The first 40 articles of the real RealTime QA corpus (read from ../shared, never copied here)."""
    if not CORPUS.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{CORPUS} is missing; CI must have ../shared beside the clone")
        pytest.skip(f"{CORPUS} is missing")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in itertools.islice(handle, 40)]


@pytest.fixture
def corpus_file(tmp_path: Path, corpus_sample: list[dict[str, object]]) -> Iterator[Path]:
    """The first 12 sample articles as a JSON-lines file in the real corpus format."""
    path = tmp_path / "sample.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in corpus_sample[:12]), encoding="utf-8")
    yield path
