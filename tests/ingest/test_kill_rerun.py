"""Kill an ingest mid-run (SIGKILL), first ingest and replace alike: every article is left as one whole version,
and a rerun completes the job with no leftovers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from rag.components import build_components
from rag.settings import Settings
from rag.write.chunking import chunk_text
from tests.helpers import newsqa


def _ingest_and_kill(settings: Settings, path: Path, kind: str, after: int) -> None:
    env = {**os.environ, "NEWSQA_DATA_DIR": str(settings.data_dir), "NEWSQA_INGEST__BATCH_ARTICLES": "2"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsqa", "ingest", str(path), "-v"],
        cwd=settings.data_dir,
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stderr is not None
    done = 0
    for line in proc.stderr:
        done += line.startswith(f"{kind} ")
        if done == after:  # some articles are in, the rest of the batch is being written
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"


def _stored_versions(settings: Settings, expected: list[list[dict[str, str]]]) -> list[int]:
    """Which of the expected versions each article is now; asserts each is whole (record, text, live chunks)."""
    components = build_components(settings)
    store, chunking = components.store, settings.chunking
    which = []
    for variants in zip(*expected, strict=True):
        doc_id = variants[0]["doc_id"]
        found = store.get_article(doc_id)
        assert found is not None, f"{doc_id} lost"
        info, text = found
        matches = [i for i, v in enumerate(variants) if v["text"].strip() == text]
        assert len(matches) == 1, f"{doc_id} is neither version whole"
        want = chunk_text(doc_id, text, components.token_counter, chunking.max_tokens, chunking.overlap_tokens)
        assert [(c.index, c.start, c.end, c.text) for c in want] == store.chunk_offsets(doc_id)
        assert info.n_chunks == len(want)
        which.append(matches[0])
    return which


def _write(path: Path, articles: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return path


def test_killed_ingest_then_rerun_is_complete(settings: Settings, corpus_file: Path) -> None:
    first = [json.loads(line) for line in corpus_file.read_text().splitlines()]
    _ingest_and_kill(settings, corpus_file, "added", 3)
    rerun = newsqa(settings, "ingest", str(corpus_file), "--json")
    assert rerun.returncode == 0, rerun.stderr
    assert json.loads(rerun.stdout)["unchanged"] >= 3
    assert _stored_versions(settings, [first]) == [0] * len(first)

    # replace every article with a longer version, kill mid-way: each is the old or the new one, whole
    second = [{**a, "text": a["text"] + "\n\nUpdate: the story was revised with more detail. " * 3} for a in first]
    path = _write(corpus_file.with_name("second.jsonl"), second)
    _ingest_and_kill(settings, path, "replaced", 3)
    seen = _stored_versions(settings, [first, second])
    assert 0 < sum(seen) < len(first), "the kill should leave some articles old and some new"
    rerun = newsqa(settings, "ingest", str(path), "--json")
    assert rerun.returncode == 0, rerun.stderr
    assert _stored_versions(settings, [first, second]) == [1] * len(first)
    store = build_components(settings).store
    assert store.count_chunks() == sum(i.n_chunks for i in store.list_articles(limit=100))  # no leftovers
