"""The feed loop yields the CPU to requests: its thread runs at feeds.nice, and the embedder it writes with is built
by that thread, so the embedder's own thread pool runs at that priority too."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from rag.feeds.loop import lower_priority
from rag.providers.embedder import build_embedder
from rag.settings import Settings
from rag.write.indexing import Indexer, LazyIndexer

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="niceness per thread is Linux's")


def _nice(tid: int) -> int:
    return os.getpriority(os.PRIO_PROCESS, tid)


def _tasks() -> set[int]:
    return {int(t) for t in os.listdir("/proc/self/task")}


def _in_thread(work: Callable[[], object]) -> None:
    failed: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # handed to the test's thread, to fail there
            failed.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    if failed:
        raise failed[0]


def test_the_loop_thread_and_the_threads_it_starts_run_lowered_and_the_caller_does_not(tmp_path: Path, model_cache: Path) -> None:
    (tmp_path / "models").symlink_to(model_cache, target_is_directory=True)
    settings = Settings(data_dir=tmp_path, _env_file=None)
    caller = _nice(threading.get_native_id())
    before = _tasks()
    seen: dict[str, object] = {}

    def loop_thread() -> None:
        lower_priority(10)
        seen["self"] = _nice(threading.get_native_id())
        embedder = build_embedder(settings)  # the local MiniLM: onnxruntime starts its thread pool here
        embedder.embed(["a sentence to embed"] * 4)
        seen["new"] = {tid: _nice(tid) for tid in _tasks() - before}

    _in_thread(loop_thread)
    started = seen["new"]
    assert isinstance(started, dict) and len(started) >= 2  # the loop thread and the embedder's pool (still alive)
    assert seen["self"] == 10 and set(started.values()) == {10}, started
    assert _nice(threading.get_native_id()) == caller  # the request threads keep their priority


def test_lower_priority_never_raises_a_priority_already_lower() -> None:
    seen: list[int] = []

    def work() -> None:
        lower_priority(15)
        lower_priority(10)  # 10 would be a higher priority than 15: kept at 15
        lower_priority(0)  # 0: nothing changes
        seen.append(_nice(threading.get_native_id()))

    _in_thread(work)
    assert seen == [15]


def test_the_lazy_indexer_is_built_once_by_the_first_writer() -> None:
    builds: list[int] = []
    release = threading.Event()

    class Recording:
        def index(self, articles: object) -> list[object]:
            release.wait(5)
            return []

    def build() -> Indexer:
        builds.append(threading.get_native_id())
        return Recording()  # type: ignore[return-value]  # only index() is called

    lazy = LazyIndexer(build)
    writers = [threading.Thread(target=lazy.index, args=([],)) for _ in range(4)]
    for w in writers:
        w.start()
    release.set()
    for w in writers:
        w.join(10)
    assert len(builds) == 1 and builds[0] in {w.native_id for w in writers}
