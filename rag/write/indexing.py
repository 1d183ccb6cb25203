"""Articles -> chunks -> vectors -> store, for a batch; unchanged articles cost nothing. Shared by the ingest
job and POST /v1/documents, so both follow the same identity and replacement rules."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rag.providers.embedder import Embedder, TokenCounter, embed_with_spans
from rag.settings import ChunkSettings
from rag.store.chroma import ChromaStore
from rag.types import Article, CharRange, Chunk, EmbeddedChunk, Indexed
from rag.write.chunking import chunk_text


@dataclass(frozen=True)
class Plan:
    """A batch sorted out and chunked, not yet embedded: the unchanged articles, and the others with their chunks."""

    unchanged: list[Indexed]
    todo: list[tuple[Article, list[Chunk]]]
    existed: frozenset[str]
    leftovers: dict[str, str]  # unchanged articles whose last write was killed before cleanup: doc_id -> live rev


@dataclass(frozen=True)
class Prepared:
    """A planned batch ready to store: the plan, and its changed articles with their chunks and vectors."""

    plan: Plan
    items: list[tuple[Article, list[EmbeddedChunk]]]


def embedding_text(article: Article, chunk: Chunk) -> str:
    """What the embedder sees: the title gives every chunk its topic (+4 points Hits@1 on the dev split)."""
    return f"{article.title}\n{chunk.text}"


def sentence_ranges(article: Article, chunk: Chunk) -> list[CharRange]:
    """The chunk's sentences as ranges of embedding_text(article, chunk)."""
    shift = len(article.title) + 1
    return [(s + shift, e + shift) for s, e in chunk.sentences]


class Indexer:
    """plan (sort out + chunk), prepare (embed; neither writes) and write (one batched store call) a batch."""

    def __init__(self, store: ChromaStore, embedder: Embedder, counter: TokenCounter, chunking: ChunkSettings) -> None:
        self._store = store
        self._embedder = embedder
        self._counter = counter
        self._chunking = chunking

    def chunks(self, article: Article) -> list[Chunk]:
        """The article's chunks, sized in the embedder's own tokens."""
        return chunk_text(article.doc_id, article.text, self._counter, self._chunking.max_tokens, self._chunking.overlap_tokens)

    def plan(self, articles: Sequence[Article]) -> Plan:
        """Skip unchanged articles and chunk the rest: no embedding, so the ingest job can plan the next batch
        while this one embeds."""
        stored = self._store.versions([a.doc_id for a in articles])
        same = {a.doc_id for a in articles if a.doc_id in stored and stored[a.doc_id][0] == a.content_hash}
        unchanged = [Indexed(a, "unchanged", 0) for a in articles if a.doc_id in same]
        leftovers = {d: stored[d][1] for d in same if stored[d][2]}
        todo = [(a, self.chunks(a)) for a in articles if a.doc_id not in same]
        return Plan(unchanged, todo, frozenset(stored), leftovers)

    def prepare(self, plan: Plan) -> Prepared:
        """Embed a planned batch (one embedding call for all its chunks). Each sentence gets a vector too, so
        choosing evidence at query time is a dot product, not embedding work."""
        flat = [(a, c) for a, chunks in plan.todo for c in chunks]
        texts, ranges = [embedding_text(a, c) for a, c in flat], [sentence_ranges(a, c) for a, c in flat]
        vectors, sentence_vectors = embed_with_spans(self._embedder, texts, ranges)
        embedded = iter(EmbeddedChunk(c, v, sv) for (_, c), v, sv in zip(flat, vectors, sentence_vectors, strict=True))
        items = [(article, [next(embedded) for _ in chunks]) for article, chunks in plan.todo]
        return Prepared(plan, items)

    def write(self, prepared: Prepared) -> list[Indexed]:
        """Store a prepared batch in one batched write (per-article calls cost 45 s per 300 articles here)."""
        self._store.replace_articles(prepared.items)
        plan = prepared.plan
        if plan.leftovers:
            self._store.finish_cleanup(plan.leftovers)
        done = [Indexed(a, "replaced" if a.doc_id in plan.existed else "added", len(c)) for a, c in prepared.items]
        return plan.unchanged + done

    def index(self, articles: Sequence[Article]) -> list[Indexed]:
        """plan, prepare and write, for a batch with distinct doc_ids."""
        return self.write(self.prepare(self.plan(articles)))


class LazyIndexer:
    """An Indexer built by the first thread that writes through it (the others wait): a local embedder's thread
    pool then runs at that thread's CPU priority (the feed loop's, lowered by feeds.nice)."""

    def __init__(self, build: Callable[[], Indexer]) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._indexer: Indexer | None = None

    def index(self, articles: Sequence[Article]) -> list[Indexed]:
        with self._lock:
            if self._indexer is None:
                self._indexer = self._build()
        return self._indexer.index(articles)
