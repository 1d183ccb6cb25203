"""What happens to an answer once it is formed, before anyone sees its citations: every quote checked against the
stored text, other articles stating it (corroboration), where each quote states it, its confidence and the
min_confidence gate, and an abstention's reason made precise (no store, no model: only the stored texts)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Protocol

from rag.answer import citations as cite
from rag.answer.confidence import Estimator, signals
from rag.answer.corroboration import MAX_SHOWN, answer_terms, corroborate, same_story, stated
from rag.answer.evidence import Evidence
from rag.answer.retrieval import Retrieval
from rag.types import Answer, Ask


class Stored(Protocol):
    """The stored texts quotes are checked against, and the latest related article before a moment."""

    def article_texts(self, doc_ids: Sequence[str]) -> dict[str, str]: ...

    def latest_before(self, ask: Ask, moment: datetime) -> str | None: ...


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

    def check(self, ask: Ask, found: Retrieval, evidence: Evidence, answer: Answer) -> tuple[Answer, bool]:
        asked = answer.trace.question
        if answer.status == "answered":
            answer.corroboration = corroborate(
                answer_terms(answer.answer, asked), answer.citations, evidence.passages, found.hits
            )
        stale = self._verify(answer)
        answer.citations = [stated(c, answer.answer, asked) for c in answer.citations]
        return (self._judge(ask, answer) if answer.status == "answered" else self._explain(ask, found, answer)), stale

    def _threshold(self, ask: Ask) -> float:
        return self._min_confidence if ask.min_confidence is None else ask.min_confidence

    def _verify(self, answer: Answer) -> bool:
        """Check every quote against the stored text now. A citation whose article changed follows its sentence
        to where it stands in the new text; one whose sentence is gone is dropped and its part of the answer
        listed as unsupported (never a wrong quote). The stored texts read for that also tell which corroborations
        republish a cited article's wire story (same_story). True if any citation was dropped."""
        if not answer.citations and not answer.corroboration:
            return False
        texts = self._stored.article_texts([c.doc_id for c in answer.citations] + [c.doc_id for c in answer.corroboration])
        answer.corroboration = [c for c in answer.corroboration if texts.get(c.doc_id, "")[c.start : c.end] == c.quote]
        answer.corroboration = same_story(answer.corroboration, [texts.get(c.doc_id, "") for c in answer.citations], texts)
        answer.citations, dropped = cite.verify_quotes(cite.relocate(answer.citations, texts), texts)
        answer.unsupported = sorted({*answer.unsupported, *dropped}, key=lambda s: (s.answer_start, s.answer_end))
        return bool(dropped)

    def _judge(self, ask: Ask, answer: Answer) -> Answer:
        """The answer's confidence from its signals; below the threshold the answer is withheld (low_confidence),
        its confidence kept so the reader sees how unsure it was. At most MAX_SHOWN corroborations are shown."""
        trace = answer.trace
        unsupported = sum(s.answer_end - s.answer_start for s in answer.unsupported)
        found = signals(
            trace.question, answer.answer, answer.citations, trace.evidence, trace.hits, answer.corroboration,
            trace.window, trace.signals, unsupported, trace.as_of,
        )  # fmt: skip
        trace.signals = found.known()
        answer.corroboration = answer.corroboration[:MAX_SHOWN]
        judge = self._fallback if trace.answered_by == "fallback" else self._calibrator
        if judge is None:
            return answer  # no calibrator for this model: no confidence, nothing withheld
        answer.confidence = round(judge.probability(found), 4)
        if answer.confidence >= self._threshold(ask):
            return answer
        return Answer(self._refusal, "not_in_corpus", trace=trace, reason="low_confidence", confidence=answer.confidence)

    def _explain(self, ask: Ask, found: Retrieval, answer: Answer) -> Answer:
        """An abstention's reason made precise: nothing retrieved at all is no_articles; and when the question's
        time window (or the filters) left out related articles, the date of the latest one before it."""
        if answer.reason == "off_topic" and not found.hits:
            answer.reason = "no_articles"
        frame = found.frame
        if answer.reason in ("no_articles", "off_topic") and frame is not None and frame.start is not None:
            asked = replace(ask, question=answer.trace.question)
            answer.nearest_published_at = self._stored.latest_before(asked, frame.start)
        return answer
