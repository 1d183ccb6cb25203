"""Table-style tests of the pure citation logic (markers are hints; support decides)."""

from __future__ import annotations

import numpy as np
import pytest

from rag.answers import AnswerSpan, Citation, Passage
from rag.trust.citations import attribute, extractive, relocate, split_claims, verify_quotes
from rag.trust.markers import markers_in
from tests.fakes import BagOfWordsEmbedder

ARTICLE = (
    "The Russian delegation, led by Vladimir Medinsky, included a deputy defense minister. "
    "Russia and Ukraine would exchange 1,000 prisoners each in the coming days. "
    "Zelenskyy described the Russian delegation as a “decorative” team."
)


def _passage(n: int, sentence: str, article: str = ARTICLE) -> Passage:
    start = article.index(sentence)
    return Passage(
        n=n,
        doc_id="doc",
        title="Title",
        url=None,
        published_at=None,
        start=start,
        end=start + len(sentence),
        quote=sentence,
        score=0.9,
    )


P1 = _passage(1, "The Russian delegation, led by Vladimir Medinsky, included a deputy defense minister.")
P2 = _passage(2, "Russia and Ukraine would exchange 1,000 prisoners each in the coming days.")
P3 = _passage(3, "Zelenskyy described the Russian delegation as a “decorative” team.")
PASSAGES = [P1, P2, P3]


def _cosines(answer: str) -> list[list[float]]:
    # the bag-of-words embedder stands in for MiniLM: shared words make the right passage the most similar
    embedder = BagOfWordsEmbedder()
    passages = np.asarray(embedder.embed([p.quote for p in PASSAGES]))
    claims = np.asarray(embedder.embed([c.text for c in split_claims(answer)])).reshape(-1, passages.shape[1])
    return (claims @ passages.T).tolist()  # type: ignore[no-any-return]


def _attribute(
    answer: str, cosines: list[list[float]], question: str | None = None
) -> tuple[str, list[Citation], list[AnswerSpan]]:
    """attribute() with each passage keeping its prompt number, so a test names the passage cited (the numbering in
    order of first use has its own tests below)."""
    prompted = {p.n: p.n for p in PASSAGES}
    return attribute(answer, split_claims(answer), PASSAGES, cosines, question, prompted)


def test_the_stand_in_similarity_ranks_the_supporting_passage_first() -> None:
    rows = _cosines("Medinsky led the Russian delegation. Each side would exchange 1,000 prisoners.")
    assert [max(range(3), key=row.__getitem__) for row in rows] == [0, 1]


@pytest.mark.parametrize(
    ("answer", "expected_text", "expected_cited", "expected_unsupported"),
    [
        ("Vladimir Medinsky led the Russian delegation [1].", "Vladimir Medinsky led the Russian delegation [1].", [1], 0),
        ("Vladimir Medinsky led the Russian delegation [2].", "Vladimir Medinsky led the Russian delegation [1].", [1], 0),
        ("Vladimir Medinsky led the Russian delegation [7].", "Vladimir Medinsky led the Russian delegation [1].", [1], 0),
        ("Vladimir Medinsky led the Russian delegation.", "Vladimir Medinsky led the Russian delegation [1].", [1], 0),
        ("Medinsky led the delegation [1][1] [1, 1].", "Medinsky led the delegation [1].", [1], 0),
        ("Medinsky led the delegation [Source 1].", "Medinsky led the delegation [1].", [1], 0),
        ("Zelenskyy called it a ‘decorative’ team [3].", "Zelenskyy called it a ‘decorative’ team [3].", [3], 0),
        ("The talks happened on Mars [1].", "The talks happened on Mars.", [], 1),
        (
            "Medinsky led the delegation [1].\r\nEach side would exchange 1,000 prisoners [2].",
            "Medinsky led the delegation [1]. Each side would exchange 1,000 prisoners [2].",
            [1, 2],
            0,
        ),
        ("Medinsky [1], and 1,000 prisoners each [2].", "Medinsky [1], and 1,000 prisoners each [2].", [1, 2], 0),
        # small models often open the sentence with its marker
        ("[1] Vladimir Medinsky led the Russian delegation.", "Vladimir Medinsky led the Russian delegation [1].", [1], 0),
        # other shapes a model writes its markers in are read as markers, never left in the text
        (
            "Vladimir Medinsky led the Russian delegation 【1†source】.",
            "Vladimir Medinsky led the Russian delegation [1].",
            [1],
            0,
        ),
        (
            "Vladimir Medinsky led the Russian delegation [Source: 1].",
            "Vladimir Medinsky led the Russian delegation [1].",
            [1],
            0,
        ),
        ("Vladimir Medinsky led the Russian delegation [^1].", "Vladimir Medinsky led the Russian delegation [1].", [1], 0),
        ("Vladimir Medinsky led the Russian delegation [[1]].", "Vladimir Medinsky led the Russian delegation [1].", [1], 0),
        ("[1][3] Medinsky led the delegation!", "Medinsky led the delegation [1]!", [1], 0),
    ],
)
def test_attribution(answer: str, expected_text: str, expected_cited: list[int], expected_unsupported: int) -> None:
    text, citations, unsupported = _attribute(answer, _cosines(answer))
    assert text == expected_text
    assert [c.n for c in citations] == expected_cited
    assert len(unsupported) == expected_unsupported
    for c in citations:
        assert ARTICLE[c.start : c.end] == c.quote  # the invariant
        supported = text[c.answer_start : c.answer_end]
        assert supported and "[" not in supported and supported.strip() == supported
    for span in unsupported:
        assert text[span.answer_start : span.answer_end] == "The talks happened on Mars"


def test_a_marker_is_dropped_when_its_passage_does_not_support_the_claim() -> None:
    answer = "Vladimir Medinsky led the Russian delegation [2]."
    _, citations, _ = _attribute(answer, [[0.1, 0.9, 0.1]])  # even a high cosine cannot rescue [2]
    assert [c.n for c in citations] == [1]


def test_a_marker_opening_the_sentence_cites_the_text_after_it() -> None:
    # a low similarity: judged post hoc (as the empty text before the marker would make it), this claim is unsupported
    answer = "[3] Zelenskyy called the delegation decorative."
    text, citations, unsupported = _attribute(answer, [[0.1, 0.1, 0.1]])
    assert text == "Zelenskyy called the delegation decorative [3]."
    assert [c.n for c in citations] == [3] and unsupported == []
    assert text[citations[0].answer_start : citations[0].answer_end] == "Zelenskyy called the delegation decorative"


def test_no_passages_means_every_claim_is_unsupported() -> None:
    text, citations, unsupported = attribute("Medinsky led it [1].", split_claims("Medinsky led it [1]."), [], [[]])
    assert citations == [] and len(unsupported) == 1 and text == "Medinsky led it."


def test_extractive_answer_cites_its_own_sentence() -> None:
    text, citations = extractive([P2])
    assert text == "Russia and Ukraine would exchange 1,000 prisoners each in the coming days [1]."
    (c,) = citations
    assert text[c.answer_start : c.answer_end] == P2.quote.rstrip(".")
    assert verify_quotes(citations, {"doc": ARTICLE}) == (citations, [])


def test_an_extractive_answer_of_two_sentences_cites_each_with_its_own_offsets() -> None:
    text, citations = extractive([P1, P2])
    assert text == (
        "The Russian delegation, led by Vladimir Medinsky, included a deputy defense minister [1]. "
        "Russia and Ukraine would exchange 1,000 prisoners each in the coming days [2]."
    )
    assert [c.n for c in citations] == [1, 2]
    for c, p in zip(citations, (P1, P2), strict=True):
        assert text[c.answer_start : c.answer_end] == p.quote.rstrip(".")
    assert verify_quotes(citations, {"doc": ARTICLE}) == (citations, [])


def test_verify_quotes_drops_a_citation_whose_article_changed() -> None:
    _, citations = extractive([P1])
    (c,) = citations
    kept, dropped = verify_quotes(citations, {"doc": " " + ARTICLE})  # every offset shifted by one
    assert kept == [] and dropped == [AnswerSpan(c.answer_start, c.answer_end)]
    assert verify_quotes(citations, {}) == ([], [AnswerSpan(c.answer_start, c.answer_end)])  # the article is gone


@pytest.mark.parametrize(
    "sentence",
    [
        "The council approved money for the bridge construction [9].",
        "The council approved money [2] for the bridge construction.",
        "The council approved money for the bridge construction [1, 3].",
        "The council approved 【7】 money for the bridge construction.",
        "The council approved money for the bridge construction [Source 4].",
        # the second probe's shapes (issue 35): each reached the answer text
        "The council approved money for the bridge construction [Source: 9].",
        "The council approved money for the bridge construction ［9］.",
        "The council approved money for the bridge construction [9†source].",
        "The council approved money for the bridge construction [^9].",
        "The council approved money for the bridge construction 〔9〕.",
        "The council approved money for the bridge construction ⟦9⟧.",
        "The council approved money for the bridge construction [9-10].",
        "The council approved money for the bridge construction [9–10].",
        "The council approved money for the bridge construction [¹].",
        "The council approved money for the bridge construction [\u200b9].",
        "The council approved money for the bridge construction [#9].",
        "The council approved money for the bridge construction [9a].",
        "The council approved money for the bridge construction [[9]].",
    ],
)
def test_markers_written_inside_an_article_never_reach_the_answer(sentence: str) -> None:
    """An article could fake an attribution: "...construction [9]." became "...construction [9] [1]." while the
    citations held n=1 only. The answer loses the article's markers; the quote stays exactly the article's text."""
    article = f"Officials met on Monday. {sentence} Work starts in May."
    text, citations = extractive([_passage(1, sentence, article)])
    assert markers_in(text) == [1] == [c.n for c in citations]
    assert text == "The council approved money for the bridge construction [1]."
    assert citations[0].quote == sentence and verify_quotes(citations, {"doc": article}) == (citations, [])


def test_relocate_moves_a_quote_to_where_its_sentence_now_stands() -> None:
    (c,) = extractive([P2])[1]
    moved = "Breaking: a new first sentence. " + ARTICLE
    (shifted,) = relocate([c], {"doc": moved})
    assert moved[shifted.start : shifted.end] == c.quote and shifted.start == c.start + 32
    assert relocate([c], {"doc": ARTICLE}) == [c]  # unchanged text: as given
    gone = ARTICLE.replace(P2.quote, "")
    assert relocate([c], {"doc": gone}) == [c] and verify_quotes([c], {"doc": gone})[0] == []  # then dropped
    twice = ARTICLE + " " + P2.quote
    assert relocate([c], {"doc": "x" + twice})[0].start == c.start + 1  # the nearest occurrence
