"""The run loop against real Chroma, with the bag-of-words embedder (these tests are about logic)."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.job import Event, IngestJob
from rag.components import build_components
from rag.settings import Settings
from rag.store.chroma import ChromaStore
from tests.fakes import BagOfWordsEmbedder, WordCounter
from tests.helpers import SEEDS


def _job(settings: Settings, embedder: BagOfWordsEmbedder) -> tuple[IngestJob, ChromaStore]:
    components = build_components(settings, embedder=embedder, token_counter=WordCounter())
    return IngestJob(components.indexer, settings.ingest.batch_articles), components.store


def _write_jsonl(path: Path, articles: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(a) + "\n" for a in articles))
    return path


def test_unchanged_articles_cost_no_embedding(settings: Settings) -> None:
    embedder = BagOfWordsEmbedder()
    job, store = _job(settings, embedder)
    first = job.run([SEEDS])
    assert first.added == 1 and first.chunks_added > 0
    embedded = embedder.texts_embedded
    second = job.run([SEEDS])
    assert (second.unchanged, second.added, second.chunks_added) == (1, 0, 0)
    assert embedder.texts_embedded == embedded
    assert store.count_chunks() == first.chunks_added


def test_changed_article_is_replaced_whole(settings: Settings, tmp_path: Path) -> None:
    job, store = _job(settings, BagOfWordsEmbedder())
    long_text = " ".join(f"Old sentence {i} about the harbour." for i in range(200))
    path = _write_jsonl(tmp_path / "a.jsonl", [{"id": "a1", "title": "Harbour", "text": long_text}])
    job.run([path])
    old = store.chunk_offsets("a1")
    assert len(old) > 3
    _write_jsonl(path, [{"id": "a1", "title": "Harbour", "text": "A short new text. It has two sentences."}])
    report = job.run([path])
    assert (report.replaced, report.added) == (1, 0)
    new = store.chunk_offsets("a1")
    assert [c[3] for c in new] == ["A short new text. It has two sentences."]
    info, text = store.get_article("a1") or (None, "")
    assert info is not None and info.n_chunks == 1 and text.startswith("A short new text")


def test_bad_inputs_are_reported_and_the_rest_ingested(settings: Settings, tmp_path: Path) -> None:
    job, store = _job(settings, BagOfWordsEmbedder())
    (tmp_path / "in").mkdir()
    _write_jsonl(tmp_path / "in" / "ok.jsonl", [{"id": "ok1", "title": "T", "text": "Fine text."}])
    (tmp_path / "in" / "bad.jsonl").write_text('{"id": "x", "title": "no text"}\n{oops\n')
    (tmp_path / "in" / "empty.txt").write_text("")
    events: list[Event] = []
    report = job.run([tmp_path / "in", tmp_path / "nope.json"], on_event=events.append)
    reasons = sorted(f["reason"] for f in report.failed)
    assert reasons == [
        "article has no text",
        "empty file",
        "malformed JSON line: Expecting property name enclosed in double quotes",
        "no such file or directory",
    ]
    assert store.count_articles() == 1 and report.added == 1
    assert sum(e.kind == "failed" for e in events) == 4


def test_the_same_doc_id_twice_in_one_run_keeps_the_last(settings: Settings, tmp_path: Path) -> None:
    job, store = _job(settings, BagOfWordsEmbedder())
    path = _write_jsonl(
        tmp_path / "a.jsonl", [{"id": "d", "title": "T", "text": "First."}, {"id": "d", "title": "T", "text": "Second."}]
    )
    report = job.run([path])
    assert (report.added, report.replaced) == (1, 1)
    assert [c[3] for c in store.chunk_offsets("d")] == ["Second."]
    assert store.count_chunks() == 1


def test_repeats_across_batches_in_flight_land_in_order(settings: Settings, tmp_path: Path) -> None:
    # batches of 2 are planned, embedded and written at the same time: a repeat must still see the write before it
    settings = settings.model_copy(update={"ingest": settings.ingest.model_copy(update={"batch_articles": 2})})
    job, store = _job(settings, BagOfWordsEmbedder())
    rows = [("a", "One."), ("b", "Bee."), ("c", "Sea."), ("a", "Two."), ("d", "Dee."), ("a", "Three."), ("b", "Bee two.")]
    path = _write_jsonl(tmp_path / "a.jsonl", [{"id": i, "title": "T", "text": t} for i, t in rows])
    report = job.run([path])
    assert (report.added, report.replaced, report.unchanged) == (4, 3, 0)
    assert [c[3] for c in store.chunk_offsets("a")] == ["Three."]
    assert [c[3] for c in store.chunk_offsets("b")] == ["Bee two."]
    assert store.count_articles() == 4 and store.count_chunks() == 4


def test_delete_removes_article_and_chunks(settings: Settings) -> None:
    job, store = _job(settings, BagOfWordsEmbedder())
    job.run([SEEDS])
    (info,) = store.list_articles()
    assert store.delete_article(info.doc_id) is True
    assert store.count_articles() == 0 and store.count_chunks() == 0
    assert store.delete_article(info.doc_id) is False


def test_stored_metadata(settings: Settings) -> None:
    job, store = _job(settings, BagOfWordsEmbedder())
    job.run([SEEDS])
    (info,) = store.list_articles()
    assert info.doc_id == "russia-ukraine-talks-2025-05-17"
    assert info.published_at == "2025-05-17T10:03:00-04:00"
    got = store.chunks.get(where={"doc_id": info.doc_id}, include=["metadatas"])
    for meta in got["metadatas"] or []:
        assert {"doc_id", "title", "published_at", "published_ts", "start", "end", "chunk"} <= set(meta)


def test_stored_chunks_keep_their_sentence_spans(settings: Settings) -> None:
    from rag.write.sentences import sentence_spans

    job, store = _job(settings, BagOfWordsEmbedder())
    job.run([SEEDS])
    rev = store.live_revs(["russia-ukraine-talks-2025-05-17"])["russia-ukraine-talks-2025-05-17"]
    hits = store.get_chunks([f"russia-ukraine-talks-2025-05-17:{rev}:{i}" for i in range(3)])
    assert len(hits) == 3
    for hit in hits.values():
        assert hit.sentences and list(hit.sentences) == sentence_spans(hit.text)
