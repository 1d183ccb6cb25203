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


def _select(question: str, **settings: object) -> list[str]:
    return [p.quote for p in _evidence(question, settings)]


QUESTION = "Who led the Russian delegation?"  # echoed by sentence 2; sentence 3 names the answer (a name)


def test_the_answer_type_cue_lifts_the_sentence_that_answers_over_the_one_that_echoes() -> None:
    echo, answer = (
        "The Russian delegation was criticised at the talks.",
        "It was led by Vladimir Medinsky, an aide to the president.",
    )
    assert _select(QUESTION, context_sentences=1, answer_type_bonus=0.0, neighbour_weight=0.0) == [echo]
    assert _select(QUESTION, context_sentences=1, answer_type_bonus=0.5, neighbour_weight=0.0) == [answer]


def test_a_window_brings_the_anchor_with_its_neighbours_in_text_order() -> None:
    quotes = _select(QUESTION, context_sentences=3, window=1)
    assert quotes == [
        "The talks resumed in Istanbul after three years.",
        "The Russian delegation was criticised at the talks.",
        "It was led by Vladimir Medinsky, an aide to the president.",
    ]
    assert len(_select(QUESTION, context_sentences=2, window=1)) == 2  # the budget caps the window


ANSWER = "It was led by Vladimir Medinsky, an aide to the president."
# What each sentence costs of a character budget, as rendered ("[n] " and a newline; an article's first sentence also
# its title line, "Article: Talks resume" and a newline, 22; the fixture's articles are undated): the answer 63 + 22,
# the first sentence 53, the echo 56, the rain 35; the other article's "Sunny days ahead." 22 + 17, "Nothing else
# happened." 27.
FIRST, RAIN = "The talks resumed in Istanbul after three years.", "Rain fell on the city all day."
CUE = {"answer_type_bonus": 0.5, "neighbour_weight": 0.0}  # the hand-set score puts the answer first


def _quotes(settings: dict[str, object], ranker: Ranker | None = None) -> list[str]:
    return [p.quote for p in _evidence(QUESTION, settings, ranker)]


def test_a_character_budget_passes_over_a_sentence_too_long_for_what_is_left_for_a_shorter_one() -> None:
    # the answer (85), then the first sentence would make 138 and the echo 141: both pass 120; the rain fits (120)
    assert _quotes({"context_chars": 120, **CUE}) == [ANSWER, RAIN]
    # under 140 the first sentence fits beside the answer (138), and then nothing else does
    assert _quotes({"context_chars": 140, **CUE}) == [FIRST, ANSWER]


def test_the_best_sentence_is_given_even_when_it_alone_is_over_the_budget() -> None:
    assert _quotes({"context_chars": 84, **CUE}) == [ANSWER]  # 84 < 85: nothing fits, yet the model gets the best
    assert _quotes({"context_chars": 50, **CUE}) == [ANSWER]


def test_an_articles_title_line_counts_against_the_budget_only_when_titles_are_shown() -> None:
    # without the title line the answer costs 63, and the first sentence (53) fits beside it under 120
    assert FIRST not in _quotes({"context_chars": 120, **CUE})
    assert FIRST in _quotes({"context_chars": 120, "titles": False, **CUE})


def test_a_larger_budget_gives_more_and_the_sources_rendered_stay_within_it() -> None:
    given = {budget: _evidence(QUESTION, {"context_chars": budget, **CUE}) for budget in (120, 200, 300)}
    assert [len(passages) for passages in given.values()] == [2, 3, 6]
    assert all(len(render_sources(passages)) + 1 <= budget for budget, passages in given.items())


def test_under_a_budget_the_ranker_gives_the_shorter_of_sentences_it_scores_alike() -> None:
    flat = Ranker(features=("rank",), mean=(0.0,), scale=(1.0,), coef=(0.0,), intercept=0.0)  # every score 0
    # the shortest candidate, "Sunny days ahead." (39 with its number and its article's line), alone fits 50
    assert _quotes({"context_chars": 50}, flat) == ["Sunny days ahead."]
    # counting sentences, length does not decide: the first candidate of the best chunk is given
    assert _quotes({"context_sentences": 1}, flat) == [FIRST]


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
