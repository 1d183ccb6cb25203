from __future__ import annotations

import itertools
from functools import cache

import pytest

from ingest.plaintext import parse_news_text
from rag.providers.embedder import ApproximateCounter
from rag.providers.wordpiece import WordPieceCounter
from rag.write.chunking import chunk_text
from rag.write.identity import make_article
from rag.write.sentences import sentence_spans
from tests.fakes import WordCounter
from tests.helpers import SEEDS


@cache
def word_pieces() -> WordPieceCounter:
    return WordPieceCounter.load()  # MiniLM's tokenizer file only: no model is run


def count_word_pieces(texts: list[str]) -> list[int]:
    return word_pieces().count(texts)


def _check_chunks(text: str, max_tokens: int = 200, overlap: int = 40) -> None:
    chunks = chunk_text("d", text, word_pieces(), max_tokens, overlap)
    assert chunks, "a text with words must give at least one chunk"
    for i, chunk in enumerate(chunks):
        assert text[chunk.start : chunk.end] == chunk.text
        assert chunk.index == i
        assert count_word_pieces([chunk.text])[0] <= max_tokens + 5  # joins may add a piece or two
    covered = set().union(*(range(c.start, c.end) for c in chunks))
    for start, end in sentence_spans(text):
        assert set(range(start, end)) <= covered, "every sentence lands in some chunk"
    starts = [c.start for c in chunks]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)


def test_seed_chunks_point_into_stored_text() -> None:
    path = next(SEEDS.glob("*.txt"))
    article = make_article(parse_news_text(path.read_text()))
    _check_chunks(article.text)


def test_every_chunk_of_the_real_corpus_sample_points_into_its_text(corpus_sample: list[dict[str, object]]) -> None:
    for fields in corpus_sample:
        _check_chunks(make_article(fields).text)


def test_repeated_text_gets_the_offsets_of_each_occurrence() -> None:
    # LlamaIndex finds chunk offsets with str.find, which gives the first occurrence for every repeat
    text = "\n".join(["Officials met in Istanbul. The talks lasted two hours."] * 30)
    chunks = chunk_text("d", text, WordCounter(), max_tokens=20, overlap_tokens=0)
    assert len({c.text for c in chunks}) < len(chunks)  # the same text recurs...
    assert len({c.start for c in chunks}) == len(chunks)  # ...at different offsets
    assert all(text[c.start : c.end] == c.text for c in chunks)


def test_a_sentence_longer_than_the_limit_is_cut_at_word_pieces() -> None:
    text = "Intro sentence here. " + " ".join(f"word{i}" for i in range(600)) + ". Outro."
    chunks = chunk_text("d", text, word_pieces(), max_tokens=100, overlap_tokens=0)
    assert len(chunks) >= 6
    assert all(text[c.start : c.end] == c.text for c in chunks)
    assert all(count_word_pieces([c.text])[0] <= 100 for c in chunks)


def test_overlap_repeats_whole_trailing_sentences() -> None:
    text = " ".join(f"Sentence number {i} is here." for i in range(20))
    chunks = chunk_text("d", text, WordCounter(), max_tokens=25, overlap_tokens=5)
    for prev, nxt in itertools.pairwise(chunks):
        assert nxt.start < prev.end, "consecutive chunks share a sentence"
        assert nxt.start > prev.start


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two.", ["One.", "Two."]),
        ("Mr. Smith met U.S. officials. They left.", ["Mr. Smith met U.S. officials.", "They left."]),
        ("Headline without a stop\nBody sentence.", ["Headline without a stop", "Body sentence."]),
        ("  padded sentence.  \n\n  Next one.  ", ["padded sentence.", "Next one."]),
        ("Line one.\r\nLine two.", ["Line one.", "Line two."]),
        ("", []),
    ],
)
def test_sentence_spans(text: str, expected: list[str]) -> None:
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == expected


def test_chunks_carry_their_sentence_spans() -> None:
    text = "First sentence here. Second one follows.\nThird line."
    (chunk,) = chunk_text("d", text, word_pieces(), 200, 0)
    assert [chunk.text[s:e] for s, e in chunk.sentences] == ["First sentence here.", "Second one follows.", "Third line."]


def test_the_approximate_counter_for_remote_embedders_cuts_at_word_boundaries() -> None:
    text = "One two, three. " * 40
    counter = ApproximateCounter()
    assert counter.count(["Hello, world!"]) == [4]
    sample = "Hi, you."
    assert [sample[s:e] for s, e in counter.spans(sample)] == ["Hi", ",", "you", "."]
    chunks = chunk_text("d", text.strip(), counter, max_tokens=30, overlap_tokens=0)
    assert len(chunks) > 1 and all(counter.count([c.text])[0] <= 30 for c in chunks)
