"""Checks on its own: quotes verified against the stored texts (a moved sentence followed, a gone one dropped and its
claim unsupported), corroboration marked, the gate, an abstention's reason made precise; the answer it is given is
left as it was (it returns a new one)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

from rag.answers import Answer, Ask, Citation, Question, TimeFrame, Trace
from rag.trust.checks import WITHHELD, Checks
from tests.fakes import FixedConfidence

TEXT = "Talks were held in Istanbul. The Russian delegation was led by Vladimir Medinsky."
QUOTE = "The Russian delegation was led by Vladimir Medinsky."
START = TEXT.index(QUOTE)
ASK = Ask.of("Who led the Russian delegation?", as_of=datetime(2025, 5, 20, tzinfo=UTC))


class Stored:
    """The stored texts a check reads, editable to play an article changed after it was read."""

    def __init__(self, texts: dict[str, str], latest: str | None = None) -> None:
        self.texts, self.latest = texts, latest

    def article_texts(self, doc_ids: Sequence[str]) -> dict[str, str]:
        return {d: self.texts[d] for d in doc_ids if d in self.texts}

    def latest_before(self, question: Question, moment: datetime) -> str | None:
        return self.latest


def _answer() -> Answer:
    citation = Citation(
        doc_id="talks", title="T", url=None, published_at=None, start=START, end=START + len(QUOTE), quote=QUOTE,
        n=1, answer_start=0, answer_end=44,
    )  # fmt: skip
    return Answer("Vladimir Medinsky led the Russian delegation [1].", "answered", [citation])


def _question(start: datetime | None = None) -> Question:
    return Question(ASK.question, TimeFrame(ASK.as_of, start, "this week" if start else None), ASK)


def test_a_verified_answer_is_judged_and_the_one_given_is_left_as_it_was() -> None:
    given = _answer()
    checked, stale = Checks(Stored({"talks": TEXT}), FixedConfidence(0.7), 0.2, "refused").check(_question(), [], [], given)
    assert not stale and checked.confidence == 0.7 and checked.citations[0].stated_start is not None
    assert given.confidence is None and given.citations[0].stated_start is None  # untouched


def test_a_moved_sentence_is_followed_and_a_gone_one_is_dropped() -> None:
    checks = Checks(Stored({"talks": "Breaking. " + TEXT}), FixedConfidence(0.7), 0.2, "refused")
    moved, stale = checks.check(_question(), [], [], _answer())
    assert not stale and moved.citations[0].start == START + len("Breaking. ")
    gone, stale = Checks(Stored({"talks": "Talks were held."}), None, 0.2, "refused").check(_question(), [], [], _answer())
    assert stale and gone.citations == [] and [(s.answer_start, s.answer_end) for s in gone.unsupported] == [(0, 44)]


def test_below_the_threshold_the_answer_is_withheld_with_its_confidence() -> None:
    checks = Checks(Stored({"talks": TEXT}), FixedConfidence(0.1), 0.2, "refused")
    judged, _ = checks.check(_question(), [], [], _answer())
    assert judged.status == "answered" and judged.confidence == 0.1  # judged, not yet gated: a cache keeps this one
    withheld = checks.gate(judged, ASK)
    assert checks.gate(judged, replace(ASK, min_confidence=0.0)) is judged  # "show it anyway"
    assert (withheld.answer, withheld.status, withheld.reason, withheld.confidence) == (
        WITHHELD,
        "not_in_corpus",
        "low_confidence",
        0.1,
    )
    assert checks.holds_back(ASK) and not checks.holds_back(replace(ASK, min_confidence=0.0))


def test_an_abstention_outside_its_window_names_the_latest_related_article() -> None:
    abstained = Answer("refused", "not_in_corpus", trace=Trace(), reason="off_topic")
    week = _question(datetime(2025, 5, 13, tzinfo=UTC))
    checks = Checks(Stored({}, latest="2025-04-02"), None, 0.2, "refused")
    explained, _ = checks.check(week, [], [], abstained)
    assert (explained.reason, explained.nearest_published_at) == ("no_articles", "2025-04-02")  # nothing retrieved at all
    plain, _ = checks.check(_question(), [], [], abstained)
    assert plain.nearest_published_at is None  # no window: nothing was left out by time
