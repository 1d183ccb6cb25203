"""The ingest run loop: files -> records -> articles -> batches for a writer; one event per article.

The writer is the Indexer (the store is ours) or RemoteWriter (a running server owns it: ingest/remote.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from ingest.loaders import Failure, Record, discover, read_file
from rag.errors import InvalidArticle
from rag.types import Article, Indexed
from rag.write.identity import make_article


@dataclass
class IngestReport:
    """The summary of one ingest run; failed holds one {path, reason} per skipped input."""

    articles: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    chunks_added: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)  # where each article with no publication date came from


class Writer(Protocol):
    """Three steps, so they can overlap: plan (sort out unchanged articles, chunk) runs for the next batch while
    prepare (embed, the slow part) runs for this one and write stores the previous one."""

    def plan(self, articles: Sequence[Article]) -> Any: ...

    def prepare(self, plan: Any) -> Any: ...

    def write(self, prepared: Any) -> list[Indexed]: ...


@dataclass(frozen=True)
class Event:
    """One article done: kind is added, replaced, unchanged or failed."""

    kind: Literal["added", "replaced", "unchanged", "failed"]
    where: str
    doc_id: str = ""
    chunks: int = 0
    reason: str = ""


EventSink = Callable[[Event], None]


Pending = list[tuple[str, Article]]


@dataclass
class _Ahead:
    """A batch whose plan is being made in the planning thread."""

    batch: Pending
    doc_ids: set[str]
    plan: Future[Any]


class IngestJob:
    """Reads paths and brings the store in line with them; unchanged articles cost no embedding work."""

    def __init__(self, indexer: Writer, batch_articles: int = 32) -> None:
        self._indexer = indexer
        self._batch = batch_articles
        self._writing: Future[None] | None = None
        self._in_flight: set[str] = set()

    def run(self, paths: list[Path], on_event: EventSink = lambda _: None) -> IngestReport:
        """Three batches in flight: n+1 is planned (chunked) in one thread while n embeds here and n-1 is written in
        another, so neither chunking (~11% of a run) nor writing (~6%) waits for the embedder."""
        report = IngestReport()
        ahead: _Ahead | None = None
        with (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-plan") as planner,
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-write") as writer,
        ):
            for batch in self._batches(paths, report, on_event):
                ids = {a.doc_id for _, a in batch}
                # a plan reads stored content hashes: a doc_id still being embedded or written must land first
                if ahead is not None and ids & (ahead.doc_ids | self._in_flight):
                    self._embed_and_write(ahead, report, on_event, writer)
                    ahead = None
                if ids & self._in_flight:
                    self._wait()
                following = _Ahead(batch, ids, planner.submit(self._indexer.plan, [a for _, a in batch]))
                if ahead is not None:
                    self._embed_and_write(ahead, report, on_event, writer)
                ahead = following
            if ahead is not None:
                self._embed_and_write(ahead, report, on_event, writer)
            self._wait()
        return report

    def _batches(self, paths: list[Path], report: IngestReport, on_event: EventSink) -> Iterator[Pending]:
        pending: Pending = []
        for item in self._items(paths):
            if isinstance(item, Failure):
                report.failed.append({"path": item.where, "reason": item.reason})
                on_event(Event("failed", item.where, reason=item.reason))
                continue
            report.articles += 1
            if item[1].published_at is None:
                report.undated.append(item[0])
            # a doc_id seen twice must see its first write, so the batch is cut before the repeat
            if any(a.doc_id == item[1].doc_id for _, a in pending) or len(pending) >= self._batch:
                yield pending
                pending = []
            pending.append(item)
        if pending:
            yield pending

    def _wait(self) -> None:
        if self._writing is not None:
            self._writing.result()  # re-raises a failed write here, in the run loop
            self._writing = None
            self._in_flight = set()

    def _items(self, paths: list[Path]) -> Iterator[Failure | tuple[str, Article]]:
        for path in discover(paths):
            if isinstance(path, Failure):
                yield path
                continue
            for record in read_file(path):
                yield record if isinstance(record, Failure) else self._article(record)

    @staticmethod
    def _article(record: Record) -> Failure | tuple[str, Article]:
        try:
            return record.where, make_article(record.fields)
        except InvalidArticle as exc:
            return Failure(record.where, str(exc))

    def _embed_and_write(self, ahead: _Ahead, report: IngestReport, on_event: EventSink, writer: ThreadPoolExecutor) -> None:
        prepared = self._indexer.prepare(ahead.plan.result())  # a failed plan re-raises here
        self._wait()
        where = {a.doc_id: w for w, a in ahead.batch}
        self._in_flight = ahead.doc_ids

        def write() -> None:
            for result in self._indexer.write(prepared):
                report.added += result.kind == "added"
                report.replaced += result.kind == "replaced"
                report.unchanged += result.kind == "unchanged"
                report.chunks_added += result.chunks
                on_event(Event(result.kind, where[result.article.doc_id], result.article.doc_id, result.chunks))

        self._writing = writer.submit(write)
