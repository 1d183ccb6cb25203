"""The pieces of the keyword index: chunk columns (for filters), the main bm25s index, and the delta.

The main index is a bm25s build over every chunk at one moment; chunks written since then go to a small
delta scored with the main index's statistics (so the two score on one scale and merge by score), and chunks
deleted since then are masked out of the main index by position (tombstones). A background rebuild folds the
delta back into a new main index once it grows past a threshold. Everything here is immutable: a refresh
makes new objects and swaps one reference, so a search in flight never sees half an update.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import bm25s
import numpy as np
import Stemmer
from bm25s.tokenization import Tokenizer

from rag.store.filters import filter_bounds, frame_bounds
from rag.types import Filters

Array = np.ndarray[Any, Any]


def new_tokenizer() -> Tokenizer:
    return Tokenizer(stopwords="en", stemmer=Stemmer.Stemmer("english").stemWord)


def stems(tokenizer: Tokenizer, text: str) -> list[str]:
    """The text's terms as bm25s indexes them (lower case, its splitter, English stop words out, Snowball
    stems), without a vocabulary: the delta must see terms the main index has never met."""
    words = tokenizer.splitter(text.lower() if tokenizer.lower else text)
    stop = set(tokenizer.stopwords or ())
    stem = tokenizer.stemmer or (lambda w: w)
    return [stem(w) for w in words if w not in stop]


def chunk_text(text: str, meta: Mapping[str, Any]) -> str:
    """What the keyword index sees of a chunk: its article's title, then its text."""
    return f"{meta.get('title', '')}\n{text}"


@dataclass(frozen=True)
class Columns:
    """Per-chunk fields the filters need, position-aligned with an index's documents."""

    ids: tuple[str, ...] = ()
    doc_ids: Array = field(default_factory=lambda: np.array([], dtype=object))
    sources: Array = field(default_factory=lambda: np.array([], dtype=object))
    published: Array = field(default_factory=lambda: np.array([], dtype=np.float64))  # epoch s; NaN: unknown

    @classmethod
    def of(cls, rows: Sequence[tuple[str, str, Mapping[str, Any]]]) -> Columns:
        return cls(
            tuple(chunk_id for chunk_id, _, _ in rows),
            np.array([str(m.get("doc_id", "")) for _, _, m in rows], dtype=object),
            np.array([m.get("source") for _, _, m in rows], dtype=object),
            np.array([float(m["published_ts"]) if "published_ts" in m else np.nan for _, _, m in rows], dtype=np.float64),
        )

    def __len__(self) -> int:
        return len(self.ids)

    @cached_property
    def positions(self) -> dict[str, int]:
        return {chunk_id: i for i, chunk_id in enumerate(self.ids)}

    def take(self, keep: Array) -> Columns:
        """The rows where keep (a boolean array) is true."""
        return Columns(
            tuple(i for i, k in zip(self.ids, keep, strict=True) if k),
            self.doc_ids[keep],
            self.sources[keep],
            self.published[keep],
        )

    def plus(self, other: Columns) -> Columns:
        return Columns(
            self.ids + other.ids,
            np.concatenate([self.doc_ids, other.doc_ids]),
            np.concatenate([self.sources, other.sources]),
            np.concatenate([self.published, other.published]),
        )

    def mask(self, filters: Filters) -> Array:
        """True where a chunk passes the filters."""
        keep = np.ones(len(self.ids), dtype=bool)
        if filters.doc_ids:
            keep &= np.isin(self.doc_ids, list(filters.doc_ids))
        if filters.exclude_doc_ids:
            keep &= ~np.isin(self.doc_ids, list(filters.exclude_doc_ids))
        if filters.source:
            keep &= self.sources == filters.source
        low, high = filter_bounds(filters)
        if low is not None:
            keep &= self.published >= low  # NaN (no date) compares False: undated chunks drop out
        if high is not None:
            keep &= self.published <= high
        undated = np.isnan(self.published)
        start, end = frame_bounds(filters)
        if start is not None:
            keep &= undated | (self.published >= start)  # the time frame lets undated chunks through
        if end is not None:
            keep &= undated | (self.published <= end)
        return keep


@dataclass(frozen=True)
class Main:
    """A bm25s index over every chunk at one moment, with its document frequencies (for the delta)."""

    name: str
    bm25: Any
    tokenizer: Tokenizer
    columns: Columns
    df: Mapping[str, int]
    avgdl: float

    @classmethod
    def build(cls, name: str, rows: Sequence[tuple[str, str, Mapping[str, Any]]]) -> Main:
        tokenizer = new_tokenizer()
        bm25 = bm25s.BM25()
        df: dict[str, int] = {}
        avgdl = 1.0
        if rows:
            tokens = tokenizer.tokenize([chunk_text(t, m) for _, t, m in rows], show_progress=False, return_as="tuple")
            bm25.index(tokens, show_progress=False)
            counts = np.zeros(len(tokens.vocab), dtype=np.int64)
            for doc in tokens.ids:
                counts[np.unique(np.asarray(doc, dtype=np.int64))] += 1
            empty = tokens.vocab.get("")
            df = {stem: int(counts[i]) for stem, i in tokens.vocab.items() if i != empty}
            avgdl = max(1.0, float(np.mean([len(d) for d in tokens.ids])))
        return cls(name, bm25, tokenizer, Columns.of(rows), df, avgdl)

    def search(self, query: str, k: int, keep: Array) -> list[tuple[str, float]]:
        if not self.columns.ids or not keep.any():
            return []
        tokens = self.tokenizer.tokenize([query], update_vocab=False, show_progress=False, return_as="ids")
        if not tokens or not tokens[0]:
            return []
        weights = None if keep.all() else keep.astype(np.float32)
        k = min(k, len(self.columns))
        docs, scores = self.bm25.retrieve([tokens[0]], k=k, show_progress=False, weight_mask=weights, n_threads=1)
        return [(self.columns.ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]


@dataclass(frozen=True)
class Delta:
    """Chunks written since the main index was built: term counts per chunk and an inverted list."""

    columns: Columns = field(default_factory=Columns)
    terms: tuple[Counter[str], ...] = ()

    @classmethod
    def of(cls, tokenizer: Tokenizer, rows: Sequence[tuple[str, str, Mapping[str, Any]]]) -> Delta:
        return cls(Columns.of(rows), tuple(Counter(stems(tokenizer, chunk_text(t, m))) for _, t, m in rows))

    def __len__(self) -> int:
        return len(self.columns)

    def plus(self, other: Delta) -> Delta:
        return Delta(self.columns.plus(other.columns), self.terms + other.terms)

    def without(self, chunk_ids: Iterable[str]) -> Delta:
        gone = set(chunk_ids)
        keep = np.array([i not in gone for i in self.columns.ids], dtype=bool)
        if keep.all():
            return self
        return Delta(self.columns.take(keep), tuple(t for t, k in zip(self.terms, keep, strict=True) if k))

    @cached_property
    def postings(self) -> dict[str, list[tuple[int, int]]]:
        """term -> [(row, count)]."""
        out: dict[str, list[tuple[int, int]]] = {}
        for row, counts in enumerate(self.terms):
            for term, n in counts.items():
                out.setdefault(term, []).append((row, n))
        return out

    @cached_property
    def lengths(self) -> Array:
        return np.array([sum(t.values()) for t in self.terms], dtype=np.float64)

    def search(self, query: list[str], k: int, keep: Array, main: Main, main_live: int) -> list[tuple[str, float]]:
        """BM25 (bm25s' default "lucene" variant) with the collection statistics of main + delta, so its scores
        compare with the main index's."""
        if not self.terms or not query or not keep.any():
            return []
        k1, b = float(main.bm25.k1), float(main.bm25.b)
        n_docs = main_live + len(self)
        scores = np.zeros(len(self), dtype=np.float64)
        norm = k1 * (1 - b + b * self.lengths / main.avgdl)
        for term in query:
            hits = self.postings.get(term)
            if not hits:
                continue
            df = main.df.get(term, 0) + len(hits)
            idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
            rows = np.array([r for r, _ in hits])
            tf = np.array([n for _, n in hits], dtype=np.float64)
            scores[rows] += idf * tf / (tf + norm[rows])
        scores[~keep] = 0.0
        best = np.argsort(-scores, kind="stable")[:k]
        return [(self.columns.ids[int(i)], float(scores[i])) for i in best if scores[i] > 0]
