"""Kill an ingest mid-run (SIGKILL); a rerun leaves every article exactly once with all its chunks."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from rag.chunking import chunk_text
from rag.components import build_components
from rag.settings import Settings
from tests.helpers import newsqa


def test_killed_ingest_then_rerun_is_complete(settings: Settings, corpus_file: Path) -> None:
    env = {**os.environ, "NEWSQA_DATA_DIR": str(settings.data_dir), "NEWSQA_INGEST__BATCH_ARTICLES": "2"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsqa", "ingest", str(corpus_file), "-v"],
        cwd=settings.data_dir,
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stderr is not None
    done = 0
    for line in proc.stderr:
        done += line.startswith("added ")
        if done == 3:  # some articles are in, the rest of the batch is being written
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"

    rerun = newsqa(settings, "ingest", str(corpus_file), "--json")
    assert rerun.returncode == 0, rerun.stderr
    assert json.loads(rerun.stdout)["unchanged"] >= 3

    components = build_components(settings)
    store = components.store
    expected = [json.loads(line) for line in corpus_file.read_text().splitlines()]
    assert sorted(i.doc_id for i in store.list_articles(limit=100)) == sorted(a["doc_id"] for a in expected)
    total = 0
    for article in expected:
        info, text = store.get_article(article["doc_id"]) or (None, "")
        chunking = settings.chunking
        want = chunk_text(article["doc_id"], text, components.token_counter, chunking.max_tokens, chunking.overlap_tokens)
        got = store.chunk_offsets(article["doc_id"])
        assert [(c.index, c.start, c.end, c.text) for c in want] == got
        assert info is not None and info.n_chunks == len(got)
        total += len(got)
    assert store.count_chunks() == total  # no orphan chunks from the killed run
