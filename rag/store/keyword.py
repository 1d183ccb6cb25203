"""BM25 over the chunks Chroma holds, on tantivy: the keyword half of hybrid search, and the filter columns.

tantivy (the maintained Rust engine, through its official Python bindings; the only tantivy import) keeps the
index on disk in segments: a write adds a segment and deletes by term, merges run in its own threads, and a commit
is atomic, so a process killed mid-write leaves the last commit whole. Text is analysed as the index was before
(lower case, English stop words out, Snowball English stems) over the article's title and the chunk's text.

Each chunk's doc_id, source and publication time are fast fields: filters run inside the engine, and the dense
retriever asks which of its candidates pass (Passing). keyword_sync.py keeps this index in step with the store.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tantivy

from rag.store.filters import filter_bounds, frame_bounds
from rag.types import Filters

Row = tuple[str, str, Mapping[str, Any]]  # (chunk_id, text, chunk metadata) as the store reads them
_HEAP = 50_000_000  # the writer's memory before it flushes a segment on its own


def _schema() -> Any:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("chunk_id", stored=True, tokenizer_name="raw")
    builder.add_text_field("doc_id", fast=True, tokenizer_name="raw")
    builder.add_text_field("doc_rev", fast=True, tokenizer_name="raw")  # "doc_id rev": which version it holds
    builder.add_text_field("source", fast=True, tokenizer_name="raw")
    builder.add_float_field("published", stored=True, fast=True, indexed=True)  # epoch seconds
    builder.add_boolean_field("dated", fast=True, indexed=True)
    builder.add_text_field("body", tokenizer_name="news", index_option="freq")
    return builder.build()


def _analyzer() -> Any:
    steps = (tantivy.Filter.remove_long(40), tantivy.Filter.lowercase(), tantivy.Filter.stopword("english"))
    builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
    for step in (*steps, tantivy.Filter.stemmer("english")):
        builder = builder.filter(step)
    return builder.build()


def chunk_text(text: str, meta: Mapping[str, Any]) -> str:
    """What the keyword index sees of a chunk: its article's title, then its text."""
    return f"{meta.get('title', '')}\n{text}"


def doc_rev(doc_id: str, rev: str) -> str:
    return f"{doc_id} {rev}"


class Passing:
    """The chunks that pass a filter, as the index holds them (a chunk written since its last commit is unknown
    to it, and only the store can judge it)."""

    def __init__(self, index: KeywordIndex, query: Any, searcher: Any) -> None:
        self._index, self._query, self._searcher = index, query, searcher
        self.count = int(searcher.search(query, 1, count=True).count)  # tantivy wants a limit of at least 1
        self.known = int(searcher.num_docs)

    def which(self, chunk_ids: Sequence[str]) -> tuple[set[str], set[str]]:
        """(the ids that pass, the ids the index holds at all) among chunk_ids."""
        listed = tantivy.Query.term_set_query(self._index.schema, "chunk_id", list(chunk_ids))
        passing = tantivy.Query.boolean_query([(tantivy.Occur.Must, listed), (tantivy.Occur.Must, self._query)])
        limit = max(1, len(chunk_ids))
        return set(self._index.ids(self._searcher, passing, limit)), set(self._index.ids(self._searcher, listed, limit))

    def ids(self) -> list[str]:
        return self._index.ids(self._searcher, self._query, max(1, self.count))


@dataclass(frozen=True)
class _Range:
    low: float | None
    high: float | None

    def query(self, schema: Any) -> Any:
        return tantivy.Query.range_query(schema, "published", tantivy.FieldType.Float, self.low, self.high)


class KeywordIndex:
    """search(query, k, filters) -> [(chunk_id, bm25 score)]; write(rows, doc_ids) replaces those articles'
    chunks in one commit. Searches read the last commit and never wait for a write."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.schema = _schema()
        self._index = tantivy.Index(self.schema, path=str(folder), reuse=True)
        self._index.register_tokenizer("news", _analyzer())
        self._analyzer = _analyzer()
        self._writer: Any = None
        self._lock = threading.Lock()  # one write at a time: the binding's writer is not shared between threads

    def searcher(self) -> Any:
        return self._index.searcher()

    def search(self, query: str, k: int, filters: Filters = Filters()) -> list[tuple[str, float]]:
        terms = list(dict.fromkeys(self._analyzer.analyze(query)))
        if not terms or k < 1:
            return []
        words = [(tantivy.Occur.Should, tantivy.Query.term_query(self.schema, "body", t)) for t in terms]
        text = tantivy.Query.boolean_query(words)
        where = self.filter_query(filters)
        if where is not None:  # constant score 0: the filter decides what passes, never the ranking
            text = tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, text), (tantivy.Occur.Must, tantivy.Query.const_score_query(where, 0.0))]
            )
        searcher = self.searcher()
        hits = searcher.search(text, k, count=False).hits
        return [(cid, float(score)) for cid, (score, _) in zip(self._stored_ids(searcher, hits), hits, strict=True)]

    def passing(self, filters: Filters) -> Passing:
        return Passing(self, self.filter_query(filters) or tantivy.Query.all_query(), self.searcher())

    def published(self, chunk_ids: Sequence[str]) -> list[float | None]:
        """Publication times (epoch seconds) of these chunks as indexed; None when undated or not indexed yet."""
        if not chunk_ids:
            return []
        searcher = self.searcher()
        listed = tantivy.Query.term_set_query(self.schema, "chunk_id", list(chunk_ids))
        hits = searcher.search(listed, len(chunk_ids), count=False).hits
        found: dict[str, float | None] = {}
        for address in (a for _, a in hits):
            doc = searcher.doc(address).to_dict()
            found[str(doc["chunk_id"][0])] = float(doc["published"][0]) if doc.get("published") else None
        return [found.get(c) for c in chunk_ids]

    def ids(self, searcher: Any, query: Any, limit: int) -> list[str]:
        """The chunk ids of query's hits (at most limit)."""
        return self._stored_ids(searcher, searcher.search(query, limit, count=False).hits)

    def _stored_ids(self, searcher: Any, hits: Sequence[tuple[Any, Any]]) -> list[str]:
        return [str(searcher.doc(address).to_dict()["chunk_id"][0]) for _, address in hits]

    def filter_query(self, filters: Filters) -> Any | None:
        """The filters as one tantivy query (None: nothing to filter). Undated chunks fail explicit bounds and
        pass the time frame."""
        must, must_not = [], []
        if filters.doc_ids:
            must.append(tantivy.Query.term_set_query(self.schema, "doc_id", list(filters.doc_ids)))
        if filters.exclude_doc_ids:
            must_not.append(tantivy.Query.term_set_query(self.schema, "doc_id", list(filters.exclude_doc_ids)))
        if filters.source:
            must.append(tantivy.Query.term_query(self.schema, "source", filters.source))
        bounds = _Range(*map(_float, filter_bounds(filters)))
        if bounds.low is not None or bounds.high is not None:
            must.append(bounds.query(self.schema))
        frame = _Range(*map(_float, frame_bounds(filters)))
        if frame.low is not None or frame.high is not None:
            undated = tantivy.Query.term_query(self.schema, "dated", False)
            must.append(
                tantivy.Query.boolean_query([(tantivy.Occur.Should, frame.query(self.schema)), (tantivy.Occur.Should, undated)])
            )
        if not must and not must_not:
            return None
        clauses = [(tantivy.Occur.Must, q) for q in must or [tantivy.Query.all_query()]]
        return tantivy.Query.boolean_query(clauses + [(tantivy.Occur.MustNot, q) for q in must_not])

    def held(self) -> dict[str, str]:
        """doc_id -> the rev whose chunks the index holds (one aggregation over the doc_rev column)."""
        searcher = self.searcher()
        if not searcher.num_docs:
            return {}
        agg = {"revs": {"terms": {"field": "doc_rev", "size": 10_000_000}}}
        buckets = searcher.aggregate(tantivy.Query.all_query(), agg)["revs"]["buckets"]
        return dict(str(b["key"]).rsplit(" ", 1) for b in buckets)

    def write(self, rows: Sequence[Row], doc_ids: Sequence[str]) -> None:
        """Every chunk of doc_ids out, rows in, in one commit (a deleted article has no rows)."""
        with self._lock:
            writer = self._writer = self._writer or self._index.writer(_HEAP, 1)
            for doc_id in doc_ids:
                writer.delete_documents_by_term("doc_id", doc_id)
            for chunk_id, text, meta in rows:
                writer.add_document(_document(chunk_id, text, meta))
            writer.commit()
        self._index.reload()

    def close(self) -> None:
        with self._lock:
            if self._writer is not None:
                self._writer.wait_merging_threads()  # the binding's writer is spent after this
                self._writer = None


def _float(value: int | None) -> float | None:
    return None if value is None else float(value)


def _document(chunk_id: str, text: str, meta: Mapping[str, Any]) -> Any:
    fields: dict[str, Any] = {
        "chunk_id": chunk_id,
        "doc_id": str(meta.get("doc_id", "")),
        "doc_rev": doc_rev(str(meta.get("doc_id", "")), str(meta.get("rev", ""))),
        "source": str(meta.get("source") or ""),
        "dated": "published_ts" in meta,
        "body": chunk_text(text, meta),
    }
    if "published_ts" in meta:
        fields["published"] = float(meta["published_ts"])
    return tantivy.Document(**fields)
