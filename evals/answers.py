"""Answer quality: evidence recall, accuracy (contains gold, resolved choice), citation precision and support, exact quotes,
abstention (all questions, and those whose answer no other article gives) and false abstention, stage latency, and
the same split by the answer type a question asks for."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from evals.data import Question
from evals.funnel import Funnel, answer_kind, as_row, funnel, funnel_table
from evals.metrics import answer_matches, contains_answer, mean, percentile, resolve_choice, values_stated
from rag.answer.prompts import render_sources
from rag.answer.service import QAService
from rag.answers import Answer, Ask
from rag.errors import ArticleNotFound
from rag.types import Filters
from rag.write.articles import Articles

STAGES = ("retrieve_ms", "evidence_ms", "generate_ms", "cite_ms", "total_ms")
PER_QUESTION = ("evidence_recall", "correct", "resolved_choice", "false_abstention", "answered")


@dataclass
class AnswerScores:
    rows: dict[str, list[float]] = field(default_factory=lambda: {name: [] for name in PER_QUESTION})
    kinds: list[str] = field(default_factory=list)
    question_ids: list[str] = field(default_factory=list)
    citations_in_gold: list[float] = field(default_factory=list)
    # per citation: in a gold article, or its quote states the gold answer (another report of the same story: the
    # claim is checked, though not against the article the question was written from)
    citations_supporting: list[float] = field(default_factory=list)
    quotes_exact: list[float] = field(default_factory=list)
    abstained_without_gold: list[float] = field(default_factory=list)
    # per question, with its gold articles filtered out: the evidence left still holds the gold answer (news repeats
    # itself: another article of the same week often names it, and answering from it is right, not a failure)
    answer_elsewhere: list[float] = field(default_factory=list)
    timings: dict[str, list[float]] = field(default_factory=dict)
    # characters of each answer given (not abstentions): a longer answer contains the gold string more often, so
    # accuracy is read beside it
    answer_chars: list[float] = field(default_factory=list)
    # per question, the answer given (or the refusal), so two runs are compared by what the model said
    answer_texts: list[str] = field(default_factory=list)
    # per question: a gold article was retrieved; the citations given and those in a gold article; the probability
    # of the refusal the model opened with (None: it did not refuse, or reports none), here and without gold, so
    # bench/tune/refusal_confidence.py replays any refusal_confidence from one run that overruled every refusal
    gold_retrieved: list[bool] = field(default_factory=list)
    cited: list[tuple[int, int]] = field(default_factory=list)
    refusal_p: list[float | None] = field(default_factory=list)
    refusal_p_without_gold: list[float | None] = field(default_factory=list)
    # per question, with its gold articles filtered out: the answer given and the articles it cited, so an answer
    # that should have been an abstention is read from the run, not asked again
    answers_without_gold: list[tuple[str, list[str]]] = field(default_factory=list)
    examples: list[dict[str, Any]] = field(default_factory=list)
    # per question: what a reader would weigh the answer by (confidence, its signals, the abstention's reason, the
    # corroborating articles), and the same with the gold articles filtered out; bench/tune/calibrate.py fits on them
    trust: list[dict[str, Any]] = field(default_factory=list)
    # per question: where its answer was lost on the way to the reader (evals/funnel.py)
    funnels: list[Funnel] = field(default_factory=list)
    # per answer given: its cited quotes state every value it adds to the question; it cites nothing
    claim_stated: list[float] = field(default_factory=list)
    uncited: list[float] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        latency = {s: {"p50": percentile(v, 50), "p95": percentile(v, 95)} for s, v in self.timings.items()}
        return {
            "evidence_recall": mean(self.rows["evidence_recall"]),
            "answer_accuracy": mean(self.rows["correct"]),
            "resolved_choice_accuracy": mean(self.rows["resolved_choice"]),
            "false_abstention": mean(self.rows["false_abstention"]),
            # the same, only where the evidence given held the gold answer: abstaining on evidence that lacks it is
            # right; this part is the answer step refusing what it was shown
            "false_abstention_with_answer": mean(
                [f for f, r in zip(self.rows["false_abstention"], self.rows["evidence_recall"], strict=True) if r]
            ),
            "answered": mean(self.rows["answered"]),
            "citation_precision": mean(self.citations_in_gold),
            "citation_support": mean(self.citations_supporting),
            "exact_quote_rate": mean(self.quotes_exact),
            "abstention_without_gold": mean(self.abstained_without_gold),
            "answer_elsewhere": mean(self.answer_elsewhere),
            "abstention_without_answer": mean(
                [a for a, e in zip(self.abstained_without_gold, self.answer_elsewhere, strict=True) if not e]
            ),
            "citations": len(self.quotes_exact),
            "answer_chars_p50": percentile(self.answer_chars, 50),
            "right_among_answered": mean([c for c, a in zip(self.rows["correct"], self.rows["answered"], strict=True) if a]),
            "reasons": dict(Counter(t["reason"] for t in self.trust if t["reason"])),
            "by_type": self.by_type(),
            "funnel": funnel_table(self.funnels, self.kinds),
            "claim_stated": mean(self.claim_stated),
            "uncited": mean(self.uncited),
            "latency_ms": latency,
        }

    def per_question(self) -> list[dict[str, Any]]:
        """One row per question (id, answer type, each per-question metric, the answer, and with the abstention pass
        whether it abstained with its gold articles filtered out, and what it answered from which articles then): runs
        compared question by question."""
        rows = []
        for i, (qid, kind) in enumerate(zip(self.question_ids, self.kinds, strict=True)):
            row: dict[str, Any] = {"id": qid, "kind": kind} | {name: self.rows[name][i] for name in PER_QUESTION}
            row["answer"] = self.answer_texts[i]
            row["gold_retrieved"] = self.gold_retrieved[i]
            row["citations"], row["citations_in_gold"] = self.cited[i]
            row["refusal_p"] = self.refusal_p[i]
            row |= self.trust[i] | as_row(self.funnels[i])
            if i < len(self.abstained_without_gold):
                row["abstained_without_gold"] = self.abstained_without_gold[i]
                row["answer_elsewhere"] = self.answer_elsewhere[i]
                row["refusal_p_without_gold"] = self.refusal_p_without_gold[i]
                row["answer_without_gold"], row["cited_without_gold"] = self.answers_without_gold[i]
            rows.append(row)
        return rows

    def by_type(self) -> dict[str, dict[str, float]]:
        """Evidence recall next to accuracy for each answer type: where the limit is (retrieval or the model)."""
        out: dict[str, dict[str, float]] = {}
        for kind in sorted(set(self.kinds)):
            picked = [i for i, k in enumerate(self.kinds) if k == kind]
            out[kind] = {"questions": len(picked)} | {
                name: mean([self.rows[name][i] for i in picked]) for name in ("evidence_recall", "correct", "resolved_choice")
            }
        return out


def _trust(answer: Answer, gold: str, suffix: str = "") -> dict[str, Any]:
    """The fields a calibrator is fitted on: right or not, the confidence and its signals, why it abstained."""
    return {
        f"right{suffix}": answer.status == "answered" and answer_matches(answer.answer, gold),
        f"confidence{suffix}": answer.confidence,
        f"signals{suffix}": answer.trace.signals,
        f"reason{suffix}": answer.reason,
        f"corroborating{suffix}": len(answer.corroboration),
        f"cited{suffix}": sorted({c.doc_id for c in answer.citations}),
    }


def _stored_text(articles: Articles, doc_id: str) -> str:
    try:
        return articles.get(doc_id)[1]
    except ArticleNotFound:
        return ""


def _check_citations(articles: Articles, answer: Answer, q: Question, scores: AnswerScores) -> None:
    texts: dict[str, str] = {}
    gold = set(q.gold_doc_ids)
    for c in answer.citations:
        if c.doc_id not in texts:
            texts[c.doc_id] = _stored_text(articles, c.doc_id)
        scores.citations_in_gold.append(1.0 if c.doc_id in gold else 0.0)
        scores.citations_supporting.append(1.0 if c.doc_id in gold or answer_matches(c.quote, q.answer_text) else 0.0)
        scores.quotes_exact.append(1.0 if texts[c.doc_id][c.start : c.end] == c.quote else 0.0)
    scores.cited.append((len(answer.citations), sum(c.doc_id in gold for c in answer.citations)))


def _score_one(service: QAService, q: Question, use_as_of: bool, titles: bool, scores: AnswerScores) -> Answer:
    """One pipeline run: the answer, scored with the retrieval and evidence in its own trace."""
    # min_confidence 0: every answer is formed and scored with its confidence; thresholds are replayed from them
    answer = service.answer(Ask.of(q.question, as_of=q.day if use_as_of else None, min_confidence=0.0))
    trace, answered = answer.trace, answer.status == "answered"
    context = render_sources(trace.evidence, titles)
    scores.rows["evidence_recall"].append(float(contains_answer(context, q.answer_text)))
    retrieved = " ".join(h.text for h in trace.hits)
    scores.trust.append(_trust(answer, q.answer_text) | {"answer_retrieved": contains_answer(retrieved, q.answer_text)})
    scores.rows["correct"].append(float(answer_matches(answer.answer, q.answer_text)))
    scores.rows["resolved_choice"].append(
        float(answered and resolve_choice(answer.answer, q.choices, q.question) == q.answer_index)
    )
    gold_retrieved = bool({h.doc_id for h in trace.hits} & set(q.gold_doc_ids))
    scores.rows["false_abstention"].append(float(not answered and gold_retrieved))
    scores.gold_retrieved.append(gold_retrieved)
    scores.refusal_p.append(trace.refusal_p)
    scores.rows["answered"].append(float(answered))
    if answered:
        scores.answer_chars.append(float(len(answer.answer)))
        quotes, given = [c.quote for c in answer.citations], [p.quote for p in trace.evidence]
        scores.claim_stated.append(float(values_stated(answer.answer, trace.question or q.question, quotes, given)))
        scores.uncited.append(float(not answer.citations))
    scores.answer_texts.append(answer.answer)
    scores.kinds.append(answer_kind(q.question))
    scores.question_ids.append(q.question_id)
    for stage in STAGES:
        if stage in trace.timings:
            scores.timings.setdefault(stage, []).append(trace.timings[stage])
    return answer


def _score_without_gold(service: QAService, q: Question, use_as_of: bool, titles: bool, scores: AnswerScores) -> None:
    """The question asked again with its gold articles filtered out: did it abstain, and did the evidence it was
    given (its trace) still hold the answer."""
    filters = Filters(exclude_doc_ids=tuple(q.gold_doc_ids))
    without = service.answer(Ask.of(q.question, as_of=q.day if use_as_of else None, filters=filters, min_confidence=0.0))
    scores.trust[-1] |= _trust(without, q.answer_text, "_without_gold")
    scores.abstained_without_gold.append(1.0 if without.status == "not_in_corpus" else 0.0)
    scores.refusal_p_without_gold.append(without.trace.refusal_p)
    scores.answers_without_gold.append((without.answer, sorted({c.doc_id for c in without.citations})))
    left = render_sources(without.trace.evidence, titles)
    scores.answer_elsewhere.append(float(contains_answer(left, q.answer_text)))


def score_answers(
    service: QAService,
    articles: Articles,
    questions: Sequence[Question],
    use_as_of: bool = True,
    titles: bool = True,
    abstention: bool = True,
) -> AnswerScores:
    """Ask every question (as of its date unless use_as_of is off), and again with its gold articles filtered
    out, for abstention: one pipeline run each, scored from the answer's own trace."""
    scores = AnswerScores()
    for q in questions:
        answer = _score_one(service, q, use_as_of, titles, scores)
        _check_citations(articles, answer, q, scores)
        own = [_stored_text(articles, d) for d in (q.gold_doc_ids or q.gcs_doc_ids)]
        scores.funnels.append(funnel(q.answer_text, own, answer))
        if len(scores.examples) < 5:
            scores.examples.append(
                {"question": q.question, "gold": q.answer_text, "answer": answer.answer, "status": answer.status}
            )
        if abstention and q.gold_doc_ids:  # without gold articles (realtimeqa2025) there is nothing to filter out
            _score_without_gold(service, q, use_as_of, titles, scores)
    return scores
