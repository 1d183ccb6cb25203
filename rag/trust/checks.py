"""What happens to an answer once it is formed, before anyone sees its citations: every quote checked against the
stored text, other articles stating it (corroboration), where each quote states it, its confidence and the
min_confidence gate, and an abstention's reason made precise (no store, no model: only the stored texts). Built by
the composition root; check() returns a new Answer, the one it is given is left as it was."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Protocol

from rag.answers import Answer, AnswerSpan, Ask, Citation, Corroboration, Passage, Question
from rag.text.values import name_words
from rag.trust import citations as cite
from rag.trust.confidence import Estimator, signals
from rag.trust.corroboration import MAX_SHOWN, answer_terms, corroborate, same_story, stated
from rag.types import Hit

# a withheld answer was found: "the articles do not answer this" would contradict its reason
WITHHELD = "I found a possible answer, but I am not sure enough of it to give it."


class Stored(Protocol):
    """The stored texts quotes are checked against, and the latest related article before a moment."""

    def article_texts(self, doc_ids: Sequence[str]) -> dict[str, str]: ...

    def latest_before(self, question: Question, moment: datetime) -> str | None: ...


class Checks:
    """check(...) -> (the answer as shown, whether a quoted sentence was gone: then the caller asks again)."""

    def __init__(
        self,
        stored: Stored,
        calibrator: Estimator | None,
        min_confidence: float,
        refusal: str,
        fallback: Estimator | None = None,
    ) -> None:
        self._stored = stored
        self._calibrator = calibrator
        # a fallback answer (extractive, the model being down) is judged by a calibrator fitted on extractive answers
        self._fallback = fallback
        self._min_confidence = min_confidence
        self._refusal = refusal

    def holds_back(self, ask: Ask) -> bool:
        """An answer that may yet fall below min_confidence is held back until its confidence is known, so a stream
        never shows text that is then withdrawn (answers are one short sentence: little is lost). A fallback answer
        is always sent after it is judged (rag.answer.service)."""
        return self._calibrator is not None and self._threshold(ask) > 0

    def check(self, question: Question, hits: Sequence[Hit], passages: Sequence[Passage], answer: Answer) -> tuple[Answer, bool]:
        """The answer with its quotes verified, its corroboration and where each quote states it, then judged (an
        answer: its confidence, not yet gated) or explained (an abstention); and whether a quoted sentence was gone."""
        terms = answer_terms(answer.answer, question.text)  # the answer's own words: found once, used thrice
        found = corroborate(terms, answer.citations, passages, hits) if answer.status == "answered" else []
        citations, corroboration, dropped = self._verify(answer.citations, found)
        known = set().union(*(name_words(p.quote) for p in passages))
        checked = replace(
            answer,
            citations=[stated(c, answer.answer, question.text, known) for c in citations],
            corroboration=corroboration,
            unsupported=sorted({*answer.unsupported, *dropped}, key=lambda s: (s.answer_start, s.answer_end)),
        )
        if checked.status == "answered":
            return self._judge(question, checked, terms), bool(dropped)
        return self._explain(question, hits, checked), bool(dropped)

    def _threshold(self, ask: Ask) -> float:
        return self._min_confidence if ask.min_confidence is None else ask.min_confidence

    def _verify(
        self, citations: Sequence[Citation], corroboration: Sequence[Corroboration]
    ) -> tuple[list[Citation], list[Corroboration], list[AnswerSpan]]:
        """Every quote checked against the stored text now. A citation whose article changed follows its sentence
        to where it stands in the new text; one whose sentence is gone is dropped and its part of the answer
        returned as unsupported (never a wrong quote). The stored texts read for that also tell which corroborations
        republish a cited article's wire story (same_story)."""
        if not citations and not corroboration:
            return [], [], []
        texts = self._stored.article_texts([c.doc_id for c in citations] + [c.doc_id for c in corroboration])
        exact = [c for c in corroboration if texts.get(c.doc_id, "")[c.start : c.end] == c.quote]
        marked = same_story(exact, [texts.get(c.doc_id, "") for c in citations], texts)
        kept, dropped = cite.verify_quotes(cite.relocate(citations, texts), texts)
        return kept, marked, dropped

    def gate(self, answer: Answer, ask: Ask) -> Answer:
        """An answer judged less sure than the ask's threshold is withheld (low_confidence), its confidence kept so
        the reader sees how unsure it was; anything else passes as it is."""
        if answer.status != "answered" or answer.confidence is None or answer.confidence >= self._threshold(ask):
            return answer
        return Answer(WITHHELD, "not_in_corpus", trace=answer.trace, reason="low_confidence", confidence=answer.confidence)

    def _judge(self, question: Question, answer: Answer, terms: set[str]) -> Answer:
        """The answer's confidence from its signals (gate() then applies the threshold). At most MAX_SHOWN
        corroborations are shown."""
        found = signals(question.text, answer, question.window, question.as_of, claim=terms)
        trace = replace(answer.trace, signals=found.known())
        shown = replace(answer, trace=trace, corroboration=answer.corroboration[:MAX_SHOWN])
        judge = self._fallback if trace.answered_by == "fallback" else self._calibrator
        if judge is None:
            return shown  # no calibrator for this model: no confidence, nothing withheld
        return replace(shown, confidence=round(judge.probability(found), 4))

    def _explain(self, question: Question, hits: Sequence[Hit], answer: Answer) -> Answer:
        """An abstention's reason made precise: nothing retrieved at all is no_articles; and when the question's
        time window (or the filters) left out related articles, the date of the latest one before it."""
        reason = "no_articles" if answer.reason == "off_topic" and not hits else answer.reason
        start = question.frame.start
        if reason in ("no_articles", "off_topic") and start is not None:
            return replace(answer, reason=reason, nearest_published_at=self._stored.latest_before(question, start))
        return replace(answer, reason=reason)
