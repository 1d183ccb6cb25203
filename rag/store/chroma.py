"""The Chroma side: chunks, articles and a meta collection (the write generation), opened by chroma_client.py.

Articles are versioned (versions.py): a replace never modifies chunks readers may hold, and readers keep a
chunk only when its version is the one its article record names. Writes to one article are serialised by
ArticleLocks; the store is the only writer of Chroma in this process.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from rag.settings import Settings
from rag.store.chroma_client import QueryFailed, collections, open_client
from rag.store.filters import passes, where_clause
from rag.store.locks import ArticleLocks
from rag.store.records import article_info, chunk_hit, chunk_id
from rag.store.versions import add_chunks, new_rev, remove_stale, switch_records
from rag.types import Article, ArticleInfo, EmbeddedChunk, Filters, Hit


class UnknownIds(Exception):
    """A query restricted to ids named one the store does not hold (deleted since the ids were listed)."""


class ChromaStore:
    """upsert/delete/list/get of articles and their chunks; vectors are always passed in, never computed here."""

    def __init__(self, client: Any, name: str, where: str = "embedded") -> None:
        self.chunks, self.articles, self._meta, self._batch = collections(client, name, where)
        self.locks = ArticleLocks()

    @classmethod
    def open(cls, settings: Settings) -> ChromaStore:
        where = f"{settings.chroma.host}:{settings.chroma.port}" if settings.chroma.host else "embedded"
        return cls(open_client(settings), settings.chroma.collection, where)

    def generation(self) -> str:
        """Changes on every write (by any process): derived indexes compare it to know they are stale."""
        got = self._meta.get(ids=["generation"], include=["metadatas"])
        metas = got["metadatas"] or []
        return str(metas[0].get("value", "empty")) if metas else "empty"

    def _bump_generation(self) -> None:
        self._meta.upsert(
            ids=["generation"], embeddings=np.ones((1, 1), dtype=np.float32), metadatas=[{"value": uuid.uuid4().hex}]
        )

    def versions(self, doc_ids: Sequence[str]) -> dict[str, tuple[str, str, bool]]:
        """doc_id -> (content hash, live rev, cleanup still pending), for the ids that are stored."""
        if not doc_ids:
            return {}
        got = self.articles.get(ids=list(dict.fromkeys(doc_ids)), include=["metadatas"])
        metas = got["metadatas"] or []
        return {
            i: (str(m.get("content_hash", "")), str(m.get("rev", "")), bool(m.get("cleanup", False)))
            for i, m in zip(got["ids"], metas, strict=True)
        }

    def replace_articles(self, items: Sequence[tuple[Article, Sequence[EmbeddedChunk]]]) -> None:
        """Make each stored article exactly the given one (distinct doc_ids): new chunks, switch, old chunks out."""
        if not items:
            return
        revs = {a.doc_id: new_rev() for a, _ in items}
        with self.locks.hold(revs):
            add_chunks(self.chunks, items, revs, self._batch)
            switch_records(self.articles, items, revs)
            remove_stale(self.chunks, self.articles, revs)
            self._bump_generation()

    def finish_cleanup(self, revs: Mapping[str, str]) -> None:
        """Remove chunks a killed write left behind for articles whose live version is revs[doc_id]."""
        with self.locks.hold(revs):
            remove_stale(self.chunks, self.articles, revs)
            self._bump_generation()

    def delete_article(self, doc_id: str) -> bool:
        """Remove an article and its chunks; False when nothing was stored under doc_id (chunks a killed delete
        left behind are removed either way)."""
        with self.locks.hold([doc_id]):
            existed = bool(self.articles.get(ids=[doc_id], include=[])["ids"])
            self.articles.delete(ids=[doc_id])
            self.chunks.delete(where={"doc_id": doc_id})
            self._bump_generation()
        return existed

    def count_articles(self) -> int:
        return self.articles.count()

    def count_chunks(self) -> int:
        return self.chunks.count()

    def list_articles(self, offset: int = 0, limit: int = 100) -> list[ArticleInfo]:
        """A page of stored articles (Chroma's own order: insertion order for the embedded store)."""
        got = self.articles.get(offset=offset, limit=limit, include=["metadatas"])
        return [article_info(i, m) for i, m in zip(got["ids"], got["metadatas"] or [], strict=True)]

    def matching_articles(self, filters: Filters, newest: bool) -> list[ArticleInfo]:
        """Every stored article that passes the filters (source, published window), in the store's order or newest
        first (undated ones last). Reads every article record's metadata once, no text: milliseconds for thousands."""
        got = self.articles.get(include=["metadatas"])
        rows = [(i, m) for i, m in zip(got["ids"], got["metadatas"] or [], strict=True) if passes({**m, "doc_id": i}, filters)]
        if newest:
            rows.sort(key=lambda row: (_ts(row[1]) is None, -(_ts(row[1]) or 0), row[0]))
        return [article_info(i, m) for i, m in rows]

    def get_article(self, doc_id: str) -> tuple[ArticleInfo, str] | None:
        """The article's metadata and full stored text, or None."""
        got = self.articles.get(ids=[doc_id], include=["metadatas", "documents"])
        if not got["ids"]:
            return None
        return article_info(doc_id, (got["metadatas"] or [{}])[0]), (got["documents"] or [""])[0]

    def chunk_offsets(self, doc_id: str) -> list[tuple[int, int, int, str]]:
        """(chunk index, start, end, text) of every chunk of the article's live version, in order."""
        rev = self.live_revs([doc_id]).get(doc_id)
        got = self.chunks.get(where={"$and": [{"doc_id": doc_id}, {"rev": rev or ""}]}, include=["metadatas", "documents"])
        rows = [
            (int(str(m["chunk"])), int(str(m["start"])), int(str(m["end"])), d)
            for m, d in zip(got["metadatas"] or [], got["documents"] or [], strict=True)
        ]
        return sorted(rows)

    def live_chunks(self, doc_ids: Sequence[str]) -> list[tuple[str, Mapping[str, Any], list[str]]]:
        """(doc_id, article metadata, the ids of its live version's chunks) for the stored articles: read from
        the article records, so a write is visible here the moment it returns."""
        if not doc_ids:
            return []
        got = self.articles.get(ids=list(dict.fromkeys(doc_ids)), include=["metadatas"])
        return [
            (doc_id, meta, [chunk_id(doc_id, str(meta["rev"]), i) for i in range(int(str(meta.get("n_chunks", 0))))])
            for doc_id, meta in zip(got["ids"], got["metadatas"] or [], strict=True)
            if meta.get("rev")
        ]

    def live_revs(self, doc_ids: Sequence[str]) -> dict[str, str]:
        """doc_id -> the rev its record names, for the articles that exist."""
        return {doc_id: rev for doc_id, (_, rev, _) in self.versions(doc_ids).items()}

    def query(
        self, vector: Sequence[float], n: int, filters: Filters = Filters(), ids: Sequence[str] | None = None
    ) -> list[tuple[str, float]]:
        """Nearest chunks as (chunk_id, cosine similarity), best first; among ids only, when given (every id
        must exist: Chroma fails on an unknown one, raising UnknownIds)."""
        if n < 1 or (ids is not None and not ids):
            return []
        try:
            got = self.chunks.query(
                query_embeddings=np.asarray([vector], dtype=np.float32),
                n_results=n,
                where=where_clause(filters),
                ids=list(ids) if ids is not None else None,
                include=["distances"],
            )
        except QueryFailed as exc:
            if ids is None:
                raise
            raise UnknownIds(str(exc)) from exc
        distances = (got["distances"] or [[]])[0]
        return [(i, 1.0 - float(d)) for i, d in zip(got["ids"][0], distances, strict=True)]

    def nearest_among(self, vector: Sequence[float], chunk_ids: Sequence[str], n: int) -> list[tuple[str, float]]:
        """query() restricted to chunk_ids by exact scoring of their stored vectors: for a few hundred ids this
        beats Chroma's id-restricted HNSW search, which takes ~80 ms at 47k chunks however few the ids are.
        Ids the store no longer holds are skipped."""
        if n < 1 or not chunk_ids:
            return []
        got = self.chunks.get(ids=list(chunk_ids), include=["embeddings"])
        if not got["ids"]:
            return []
        stored = np.asarray(got["embeddings"], dtype=np.float32)
        query = np.asarray(vector, dtype=np.float32)
        norms = np.linalg.norm(stored, axis=1) * max(float(np.linalg.norm(query)), 1e-12)
        scores = stored @ query / np.maximum(norms, 1e-12)
        best = np.argsort(-scores, kind="stable")[:n]
        return [(got["ids"][i], float(scores[i])) for i in best]

    def get_chunks(self, chunk_ids: Sequence[str]) -> dict[str, Hit]:
        """The stored chunks by id that belong to their article's live version; scores are zero.

        Chunks are read first and records second: a chunk kept is live as of the later read, so a replace or
        delete racing this call can only drop hits, never return text the article no longer has there.
        """
        if not chunk_ids:
            return {}
        got = self.chunks.get(ids=list(chunk_ids), include=["metadatas", "documents"])
        hits = [chunk_hit(i, m, d) for i, m, d in zip(got["ids"], got["metadatas"] or [], got["documents"] or [], strict=True)]
        live = self.live_revs([h.doc_id for h in hits])
        return {h.chunk_id: h for h in hits if live.get(h.doc_id) == h.rev}

    def chunk_rows(self, chunk_ids: Sequence[str], page: int = 5000) -> list[tuple[str, str, Mapping[str, Any]]]:
        """(chunk_id, text, metadata) of these chunks where they are live (a replace in flight adds its chunks
        before it switches the record: those are left out until the switch)."""
        rows: list[tuple[str, str, Mapping[str, Any]]] = []
        for lo in range(0, len(chunk_ids), page):
            got = self.chunks.get(ids=list(chunk_ids[lo : lo + page]), include=["metadatas", "documents"])
            rows.extend(zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True))
        return self._live_only(rows)

    def _live_only(self, rows: list[tuple[str, str, Mapping[str, Any]]]) -> list[tuple[str, str, Mapping[str, Any]]]:
        """The (chunk_id, text, metadata) rows whose version is the one their article's record names."""
        live = self.live_revs(list({str(m.get("doc_id", "")) for _, _, m in rows}))
        return [r for r in rows if live.get(str(r[2].get("doc_id", ""))) == r[2].get("rev")]

    def article_revs(self, page: int = 20000) -> dict[str, str]:
        """doc_id -> live rev of every article (records only: a listing about 12 times shorter than the chunks')."""
        revs: dict[str, str] = {}
        offset = 0
        while True:
            got = self.articles.get(offset=offset, limit=page, include=["metadatas"])
            revs.update((i, str(m.get("rev", ""))) for i, m in zip(got["ids"], got["metadatas"] or [], strict=True))
            if len(got["ids"]) < page:
                return revs
            offset += page

    def live_rows(self, doc_ids: Sequence[str]) -> list[tuple[str, str, Mapping[str, Any]]]:
        """(chunk_id, text, metadata) of every chunk of these articles' live versions (none for a deleted one)."""
        wanted = [c for _, _, ids in self.live_chunks(doc_ids) for c in ids]
        return self.chunk_rows(wanted) if wanted else []


def _ts(meta: Mapping[str, Any]) -> int | None:
    """The record's publication time (epoch seconds), None when undated."""
    value = meta.get("published_ts")
    return int(value) if isinstance(value, int | float) else None
