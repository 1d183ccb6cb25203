"""Choosing the context sentences: relevance, answer-type cue, neighbours, windows, budget (bag-of-words embedder)."""

from __future__ import annotations

from rag.answer.candidates import candidates
from rag.answer.evidence import Evidence, EvidenceSelector
from rag.answer.prompts import render_sources
from rag.answer.ranking import Ranker
from rag.answers import Ask, Passage
from rag.settings import AnswerSettings
from tests.fakes import BagOfWordsEmbedder, StaticSources

TEXT = (
    "The talks resumed in Istanbul after three years. "
    "The Russian delegation was criticised at the talks. "
    "It was led by Vladimir Medinsky, an aide to the president. "
    "Rain fell on the city all day."
)
ARTICLES = {"talks": ("Talks resume", TEXT), "other": ("Weather", "Sunny days ahead. Nothing else happened.")}


def _evidence(question: str, settings: dict[str, object], ranker: Ranker | None = None) -> list[Passage]:
    embedder = BagOfWordsEmbedder()
    sources = StaticSources(ARTICLES, embedder)
    selector = EvidenceSelector(embedder, AnswerSettings.model_validate(settings), ranker)
    evidence = selector.select(question, sources.search(sources.question(Ask.of(question))))
    for p in evidence.passages:
        assert sources.texts[p.doc_id][p.start : p.end] == p.quote  # offsets by construction
    assert [p.n for p in evidence.passages] == list(range(1, len(evidence.passages) + 1))
    return evidence.passages


def _select(question: str, **settings: object) -> tuple[list[str], StaticSources]:
    return [p.quote for p in _evidence(question, settings)], StaticSources(ARTICLES, BagOfWordsEmbedder())


QUESTION = "Who led the Russian delegation?"  # echoed by sentence 2; sentence 3 names the answer (a name)


def test_the_answer_type_cue_lifts_the_sentence_that_answers_over_the_one_that_echoes() -> None:
    echo, answer = (
        "The Russian delegation was criticised at the talks.",
        "It was led by Vladimir Medinsky, an aide to the president.",
    )
    assert _select(QUESTION, context_sentences=1, answer_type_bonus=0.0, neighbour_weight=0.0)[0] == [echo]
    assert _select(QUESTION, context_sentences=1, answer_type_bonus=0.5, neighbour_weight=0.0)[0] == [answer]


def test_a_window_brings_the_anchor_with_its_neighbours_in_text_order() -> None:
    quotes, _ = _select(QUESTION, context_sentences=3, window=1)
    assert quotes == [
        "The talks resumed in Istanbul after three years.",
        "The Russian delegation was criticised at the talks.",
        "It was led by Vladimir Medinsky, an aide to the president.",
    ]
    assert len(_select(QUESTION, context_sentences=2, window=1)[0]) == 2  # the budget caps the window


ANSWER = "It was led by Vladimir Medinsky, an aide to the president."  # 58 characters; with "[n] " and its
# article's title line ("Article: Talks resume", counted as if dated) it costs 98 of a character budget
CUE = {"answer_type_bonus": 0.5, "neighbour_weight": 0.0}  # the hand-set score puts the answer first


def test_a_character_budget_passes_over_a_sentence_too_long_for_what_is_left_for_a_shorter_one() -> None:
    first, rain = "The talks resumed in Istanbul after three years.", "Rain fell on the city all day."
    # the answer (98), then the next best: the first sentence (53 with its number): 151; the echo (56) would pass
    # 200 and is passed over; the rain (31) fits: 182; the other article's sentences (52 and 57 with its title line)
    # pass 200 too
    assert [p.quote for p in _evidence(QUESTION, {"context_chars": 200, **CUE})] == [first, ANSWER, rain]
    # under 140 only the answer and the rain fit: 98 + 31
    assert [p.quote for p in _evidence(QUESTION, {"context_chars": 140, **CUE})] == [ANSWER, rain]


def test_the_best_sentence_is_given_even_when_it_alone_is_over_the_budget() -> None:
    # 97 < 98: not even the answer fits, yet the model gets the best sentence; the next (53) does not fit beside it
    assert [p.quote for p in _evidence(QUESTION, {"context_chars": 97, **CUE})] == [ANSWER]
    assert [p.quote for p in _evidence(QUESTION, {"context_chars": 50, **CUE})] == [ANSWER]


def test_an_articles_title_line_counts_against_the_budget_only_when_titles_are_shown() -> None:
    # without the title line the answer costs 63, and the first sentence (53) fits beside it under 140
    first = "The talks resumed in Istanbul after three years."
    assert first not in [p.quote for p in _evidence(QUESTION, {"context_chars": 140, **CUE})]
    assert first in [p.quote for p in _evidence(QUESTION, {"context_chars": 140, "titles": False, **CUE})]


def test_the_rendered_sources_stay_within_the_budget() -> None:
    given = [len(_evidence(QUESTION, {"context_chars": budget, **CUE})) for budget in (200, 300, 400)]
    assert given == [3, 5, 6]  # a larger budget gives more
    for budget in (200, 300, 400):
        assert len(render_sources(_evidence(QUESTION, {"context_chars": budget, **CUE}))) <= budget


def test_under_a_budget_the_ranker_gives_the_shorter_of_sentences_it_scores_alike() -> None:
    flat = Ranker(features=("rank",), mean=(0.0,), scale=(1.0,), coef=(0.0,), intercept=0.0)  # every score 0
    # the shortest candidate, "Sunny days ahead." (17 characters, 52 with its number and article line), fits 60
    assert [p.quote for p in _evidence(QUESTION, {"context_chars": 60}, flat)] == ["Sunny days ahead."]
    # counting sentences, length does not decide: the first candidate is given
    assert [p.quote for p in _evidence(QUESTION, {"context_sentences": 1}, flat)] != ["Sunny days ahead."]


def test_overlapping_chunks_repeat_no_sentence_and_no_hits_mean_no_evidence() -> None:
    embedder = BagOfWordsEmbedder()
    sources = StaticSources(ARTICLES, embedder)
    retrieval = sources.search(sources.question(Ask.of("talks")))
    doubled = candidates(retrieval.hits + retrieval.hits)
    assert len(doubled) == len(candidates(retrieval.hits))
    nothing = StaticSources({}, embedder)
    empty = EvidenceSelector(embedder, AnswerSettings()).select("talks", nothing.search(nothing.question(Ask.of("talks"))))
    assert empty.passages == [] and empty.best == 0.0


def _passage(n: int, doc_id: str, sentence: str, score: float) -> Passage:
    start = TEXT.index(sentence) if doc_id == "talks" else 0
    return Passage(
        n=n,
        doc_id=doc_id,
        title="t",
        url=None,
        published_at=None,
        start=start,
        end=start + len(sentence),
        quote=sentence,
        score=score,
    )


def test_the_extractive_window_is_the_best_sentence_and_its_better_neighbour_in_the_evidence() -> None:
    first, echo, answer, rain = (
        "The talks resumed in Istanbul after three years.",
        "The Russian delegation was criticised at the talks.",
        "It was led by Vladimir Medinsky, an aide to the president.",
        "Rain fell on the city all day.",
    )
    elsewhere = _passage(5, "other", "Sunny days ahead.", 0.8)  # another article: never a neighbour
    evidence = Evidence(
        [_passage(1, "talks", first, 0.3), _passage(2, "talks", echo, 0.9), _passage(3, "talks", answer, 0.6), elsewhere]
    )
    assert [p.quote for p in evidence.window()] == [echo, answer]  # the better of the two neighbours, in text order
    lone = Evidence([_passage(1, "talks", first, 0.9), _passage(2, "talks", answer, 0.5), elsewhere])
    assert [p.quote for p in lone.window()] == [first]  # the answer sentence is not adjacent to the first
    assert [p.quote for p in Evidence([_passage(4, "talks", rain, 0.9)]).window()] == [rain]
