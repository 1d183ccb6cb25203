"""Corroboration (pure): the words an answer adds, the sentences of other articles that state them, republished wire
stories, and where in a quote its claim is stated."""

from __future__ import annotations

from rag.answers import Citation, Corroboration
from rag.trust.corroboration import answer_terms, corroborate, outlet, same_story, stated, states
from rag.types import Hit, Quote
from rag.write.sentences import sentence_spans

QUESTION = "Who led the Russian delegation?"


def test_same_story_compares_opening_words_and_keeps_independent_reports_first() -> None:
    def corr(doc_id: str) -> Corroboration:
        return Corroboration(doc_id=doc_id, title=doc_id, url=None, outlet=None, published_at=None, start=0, end=4, quote="Text")

    texts = {"a": "Storm hits the coast, officials say.", "b": "STORM hits the coast -- officials say!", "c": "Other words."}
    marked = same_story([corr("b"), corr("c")], [texts["a"]], texts)
    assert [(c.doc_id, c.same_story) for c in marked] == [("c", False), ("b", True)]
    assert same_story([corr("c")], [""], texts)[0].same_story is False  # a cited text not found marks nothing


def test_answer_terms_are_the_words_the_answer_adds() -> None:
    assert answer_terms("Vladimir Medinsky led the delegation [1].", QUESTION) == {"vladimir", "medinsky"}
    assert states("Medinsky, an aide named Vladimir, spoke.", {"vladimir", "medinsky"})
    assert not states("Vladimir Putin spoke.", {"vladimir", "medinsky"})
    assert not states("anything", set())


def test_corroboration_skips_cited_articles_and_keeps_one_sentence_per_article() -> None:
    text = "First line. Medinsky led the team. Medinsky spoke again."
    hit = Hit("b:0", "b", 0, len(text), text, "B", "https://www.example.org/x", None, 1.0, sentences=tuple(sentence_spans(text)))
    cited = Citation(
        n=1, doc_id="a", title="A", url=None, published_at=None, start=0, end=5, quote="Quote", answer_start=0, answer_end=5
    )
    found = corroborate({"medinsky"}, [cited], [], [hit, hit])
    assert [(c.doc_id, c.quote, c.outlet) for c in found] == [("b", "Medinsky led the team.", "example.org")]
    assert corroborate({"medinsky"}, [cited], [], [hit.__class__(**{**hit.__dict__, "doc_id": "a"})]) == []
    assert outlet(None, "Reuters") == "Reuters" and outlet("https://apnews.com/a") == "apnews.com"


def test_stated_marks_the_words_of_the_quote_that_state_the_claim() -> None:
    quote = "The Russian delegation, led by Vladimir Medinsky, included a deputy defense minister."
    answer = "Vladimir Medinsky led the Russian delegation [1]. It met in Istanbul [1]."
    at = Quote(doc_id="talks", title="T", url=None, published_at=None, start=100, end=100 + len(quote), quote=quote)
    c = Citation(**vars(at), n=1, answer_start=0, answer_end=44)
    marked = stated(c, answer, QUESTION)
    assert marked.stated_start is not None and marked.stated_end is not None
    assert quote[marked.stated_start - 100 : marked.stated_end - 100] == "Vladimir Medinsky"
    # a claim the quote words differently (no word of it in the quote) marks nothing
    other = Citation(**vars(at), n=1, answer_start=50, answer_end=68)  # "It met in Istanbul"
    assert stated(other, answer, QUESTION) == other
