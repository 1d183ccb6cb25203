"""`pip install .` (not editable) works outside the source tree: every module the CLI imports and the bundled
prompts are in the wheel, and ingest and ask run from another working directory.

The fresh venv gets only the newsqa wheel; its dependencies are borrowed from the project venv through a .pth
line (a path, so the project's editable-install hook there is not run): this checks newsqa's packaging, not PyPI.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.helpers import ROOT, SEEDS


def _run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, f"{' '.join(args)}: {result.stderr[-3000:]}{result.stdout[-1000:]}"
    return result


@pytest.mark.slow
def test_the_installed_wheel_ingests_and_answers_from_another_folder(tmp_path: Path, model_cache: Path) -> None:
    wheels, venv, work = tmp_path / "wheels", tmp_path / "venv", tmp_path / "elsewhere"
    work.mkdir()
    _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "-q",
        "--no-deps",
        "--no-build-isolation",
        "-w",
        str(wheels),
        str(ROOT),
        cwd=tmp_path,
    )
    _run(sys.executable, "-m", "venv", str(venv), cwd=tmp_path)
    python = venv / "bin" / "python"
    site = Path(_run(str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=work).stdout.strip())
    (site / "project-deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    (wheel,) = wheels.glob("newsqa-*.whl")
    _run(
        str(python), "-m", "pip", "install", "-q", "--no-deps", "--ignore-installed", str(wheel), cwd=work
    )  # the project venv has newsqa too

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("NEWSQA_")}
    env |= {"NEWSQA_DATA_DIR": str(work / "data"), "NEWSQA_MODELS_DIR": str(model_cache), "NEWSQA_LLM__PROVIDER": "extractive"}
    where = _run(str(python), "-c", "import rag, prompts, evals; print(rag.__file__, prompts.__file__)", cwd=work, env=env)
    assert all(path.startswith(str(site)) for path in where.stdout.split()), where.stdout  # the wheel, not the source tree
    newsqa = str(venv / "bin" / "newsqa")
    assert "ingest" in _run(newsqa, "--help", cwd=work, env=env).stdout
    _run(newsqa, "ingest", str(SEEDS), "--json", cwd=work, env=env)
    answer = json.loads(_run(newsqa, "ask", "Who led the Russian delegation?", "--json", cwd=work, env=env).stdout)
    assert answer["status"] == "answered" and "Medinsky" in answer["answer"] and answer["citations"]
    # the place names the ranker reads ship as package data too (read only for "which country/state/city")
    named = _run(
        str(python), "-c", "from rag.text.places import places; print(places('Talks in Istanbul', 'city'))", cwd=work, env=env
    )
    assert named.stdout.strip() == "{'Istanbul'}"
