"""The ingest run loop: files -> records -> articles -> batches for a writer; one event per article.

The writer is the Indexer (the store is ours) or RemoteWriter (a running server owns it: ingest/remote.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from ingest.loaders import Failure, Record, discover, read_file
from rag.errors import InvalidArticle
from rag.identity import make_article
from rag.types import Article, Indexed, IngestReport


class Batch(Protocol):
    """A prepared batch: which articles it will write."""

    @property
    def doc_ids(self) -> set[str]: ...


class Writer(Protocol):
    """prepare (the slow part: chunk and embed) runs while the previous batch is written."""

    def prepare(self, articles: Sequence[Article]) -> Any: ...

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


class IngestJob:
    """Reads paths and brings the store in line with them; unchanged articles cost no embedding work."""

    def __init__(self, indexer: Writer, batch_articles: int = 32) -> None:
        self._indexer = indexer
        self._batch = batch_articles
        self._writing: Future[None] | None = None
        self._in_flight: set[str] = set()

    def run(self, paths: list[Path], on_event: EventSink = lambda _: None) -> IngestReport:
        """One batch is written by a background thread while the next is embedded (writes cost ~6% of a run)."""
        report = IngestReport()
        pending: list[tuple[str, Article]] = []
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-write") as writer:
            for item in self._items(paths):
                if isinstance(item, Failure):
                    report.failed.append({"path": item.where, "reason": item.reason})
                    on_event(Event("failed", item.where, reason=item.reason))
                    continue
                report.articles += 1
                # a doc_id seen twice must see its first write, so the batch is flushed before the repeat
                if any(a.doc_id == item[1].doc_id for _, a in pending) or len(pending) >= self._batch:
                    self._flush(pending, report, on_event, writer)
                    pending = []
                pending.append(item)
            self._flush(pending, report, on_event, writer)
            self._wait()
        return report

    def _wait(self) -> None:
        if self._writing is not None:
            self._writing.result()  # re-raises a failed write here, in the run loop
            self._writing = None

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

    def _flush(
        self, pending: list[tuple[str, Article]], report: IngestReport, on_event: EventSink, writer: ThreadPoolExecutor
    ) -> None:
        if not pending:
            return
        if self._in_flight & {a.doc_id for _, a in pending}:
            self._wait()  # its content hashes must reflect the write still in flight
        prepared = self._indexer.prepare([a for _, a in pending])
        self._wait()
        where = {a.doc_id: w for w, a in pending}
        self._in_flight = prepared.doc_ids

        def write() -> None:
            for result in self._indexer.write(prepared):
                report.added += result.kind == "added"
                report.replaced += result.kind == "replaced"
                report.unchanged += result.kind == "unchanged"
                report.chunks_added += result.chunks
                on_event(Event(result.kind, where[result.article.doc_id], result.article.doc_id, result.chunks))

        self._writing = writer.submit(write)
