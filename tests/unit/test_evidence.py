"""Evidence selection over in-memory sources: numbered, best first, exact quotes, each sentence once."""

from __future__ import annotations

import pytest

from rag.evidence import EvidenceSelector, candidates
from rag.retrieval import Retrieval
from rag.settings import AnswerSettings
from rag.types import Hit
from tests.fakes import BagOfWordsEmbedder, StaticSources

BRIDGE = (
    "The Harbor Bridge reopened to traffic on Monday after two years of repairs. "
    "The repairs cost 40 million dollars, paid by the state. "
    "Mayor Ana Ruiz cut the ribbon at dawn.\n"
    "Cyclists were the first to cross."
)
TALKS = (
    "The Russian delegation, led by Vladimir Medinsky, included a deputy defense minister. "
    "Russia and Ukraine would exchange 1,000 prisoners each in the coming days."
)
ARTICLES = {"bridge": ("Harbor Bridge reopens", BRIDGE), "talks": ("Talks in Istanbul", TALKS)}
TEXTS = {doc_id: text for doc_id, (_, text) in ARTICLES.items()}
N_SENTENCES = 6


def _select(question: str, context_sentences: int = 3, rerank_pool: int = 10) -> tuple[list[tuple[str, str]], list[float]]:
    embedder = BagOfWordsEmbedder()
    selector = EvidenceSelector(embedder, AnswerSettings(context_sentences=context_sentences, rerank_pool=rerank_pool))
    evidence = selector.select(question, StaticSources(ARTICLES, embedder).search(question))
    for p in evidence.passages:
        assert TEXTS[p.doc_id][p.start : p.end] == p.quote  # the invariant, for every selection below
    return [(p.doc_id, p.quote) for p in evidence.passages], [p.score for p in evidence.passages]


@pytest.mark.parametrize(
    ("question", "expected_first"),
    [
        ("When did the Harbor Bridge reopen to traffic?", ("bridge", BRIDGE.split(". ")[0] + ".")),
        ("How much did the repairs cost?", ("bridge", "The repairs cost 40 million dollars, paid by the state.")),
        ("Who cut the ribbon?", ("bridge", "Mayor Ana Ruiz cut the ribbon at dawn.")),
        ("Who led the Russian delegation?", ("talks", TALKS.split(". ")[0] + ".")),
        ("How many prisoners would Russia and Ukraine exchange?", ("talks", TALKS.split(". ")[1])),
    ],
)
def test_the_sentence_sharing_the_questions_words_ranks_first(question: str, expected_first: tuple[str, str]) -> None:
    passages, scores = _select(question)
    assert passages[0] == expected_first
    assert scores[0] > scores[1]  # a clear winner, not a tie decided by order


@pytest.mark.parametrize(("context_sentences", "expected"), [(1, 1), (2, 2), (3, 3), (20, N_SENTENCES)])
def test_keeps_context_sentences_numbered_from_one_best_first(context_sentences: int, expected: int) -> None:
    embedder = BagOfWordsEmbedder()
    selector = EvidenceSelector(embedder, AnswerSettings(context_sentences=context_sentences, rerank_pool=20))
    evidence = selector.select("Who cut the ribbon?", StaticSources(ARTICLES, embedder).search("Who cut the ribbon?"))
    assert [p.n for p in evidence.passages] == list(range(1, expected + 1))
    scores = [p.score for p in evidence.passages]
    assert scores == sorted(scores, reverse=True)
    assert evidence.best == scores[0]
    assert evidence.vectors.shape == (expected, embedder.dim)  # row i belongs to passage i


def test_only_the_rerank_pool_is_embedded() -> None:
    embedder = BagOfWordsEmbedder()
    selector = EvidenceSelector(embedder, AnswerSettings(context_sentences=3, rerank_pool=2))
    retrieval = StaticSources(ARTICLES, embedder).search("Who cut the ribbon?")
    embedder.calls.clear()
    evidence = selector.select("Who cut the ribbon?", retrieval)
    assert [len(call) for call in embedder.calls] == [2]
    assert len(evidence.passages) == 2  # the pool caps the context too


def test_a_line_break_ends_a_sentence() -> None:
    passages, _ = _select("Who were the first to cross?")
    assert passages[0] == ("bridge", "Cyclists were the first to cross.")


def _hit(rank: int, start: int, end: int, spans: tuple[tuple[int, int], ...] = ()) -> Hit:
    return Hit(f"bridge:{rank}", "bridge", start, end, BRIDGE[start:end], "Harbor Bridge reopens", None, None, 1.0, sentences=spans)


FIRST, SECOND, THIRD = (0, 75), (76, 131), (132, 170)  # BRIDGE's first three sentences


def test_candidates_keep_a_sentence_repeated_by_overlapping_hits_once() -> None:
    # two chunks that share the second sentence, as chunk overlap stores them (spans relative to the chunk)
    one = _hit(0, FIRST[0], SECOND[1], ((0, 75), (76, 131)))
    two = _hit(1, SECOND[0], THIRD[1], ((0, 55), (56, 94)))
    found = candidates([one, two])
    assert [(c.start, c.end) for c in found] == [FIRST, SECOND, THIRD]
    assert [c.hit_rank for c in found] == [0, 0, 1]  # the repeat is credited to the better-ranked hit
    assert all(BRIDGE[c.start : c.end] == c.quote for c in found)


def test_candidates_split_a_hit_stored_without_sentence_spans() -> None:
    found = candidates([_hit(0, SECOND[0], THIRD[1])])
    assert [(c.start, c.end) for c in found] == [SECOND, THIRD]
    assert [c.quote for c in found] == [BRIDGE[slice(*SECOND)], BRIDGE[slice(*THIRD)]]


def test_candidates_skip_sentences_without_content_words() -> None:
    text = "It was. The bridge reopened."
    hit = Hit("d:0", "d", 0, len(text), text, "T", None, None, 1.0, sentences=((0, 7), (8, 28)))
    assert [c.quote for c in candidates([hit])] == ["The bridge reopened."]


def test_no_hits_give_empty_evidence() -> None:
    embedder = BagOfWordsEmbedder()
    selector = EvidenceSelector(embedder, AnswerSettings())
    evidence = selector.select("Anything?", Retrieval([], embedder.embed(["Anything?"])[0]))
    assert evidence.passages == []
    assert evidence.best == 0.0
    assert evidence.vectors.shape == (0, embedder.dim)


def test_cosines_rank_the_matching_passage_highest() -> None:
    embedder = BagOfWordsEmbedder()
    selector = EvidenceSelector(embedder, AnswerSettings(context_sentences=6, rerank_pool=6))
    evidence = selector.select("the bridge", StaticSources(ARTICLES, embedder).search("the bridge"))
    claims = [evidence.passages[2].quote, evidence.passages[0].quote]
    rows = selector.cosines(claims, evidence)
    assert len(rows) == 2 and all(len(row) == len(evidence.passages) for row in rows)
    assert [max(range(len(row)), key=row.__getitem__) for row in rows] == [2, 0]
    assert rows[0][2] == pytest.approx(1.0, abs=1e-5)  # a claim identical to a passage
    assert selector.cosines([], evidence) == []
