"""Answer quality: accuracy, choice accuracy, citation precision, exact quotes, abstention, stage latency."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from evals.data import Question
from evals.metrics import answer_matches, mean, percentile
from rag.articles import Articles
from rag.errors import ArticleNotFound
from rag.generation import Prompts, build_choice_messages
from rag.lexical import content_tokens
from rag.providers.chat import ChatModel
from rag.service import QAService
from rag.types import Answer, Filters

STAGES = ("retrieve_ms", "evidence_ms", "generate_ms", "cite_ms", "total_ms")


@dataclass
class AnswerScores:
    correct: list[float] = field(default_factory=list)
    citations_in_gold: list[float] = field(default_factory=list)
    quotes_exact: list[float] = field(default_factory=list)
    abstained_without_gold: list[float] = field(default_factory=list)
    timings: dict[str, list[float]] = field(default_factory=dict)
    examples: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        latency = {s: {"p50": percentile(v, 50), "p95": percentile(v, 95)} for s, v in self.timings.items()}
        return {
            "answer_accuracy": mean(self.correct),
            "citation_precision": mean(self.citations_in_gold),
            "exact_quote_rate": mean(self.quotes_exact),
            "abstention_without_gold": mean(self.abstained_without_gold),
            "citations": len(self.quotes_exact),
            "latency_ms": latency,
        }


def _stored_text(articles: Articles, doc_id: str) -> str:
    try:
        return articles.get(doc_id)[1]
    except ArticleNotFound:
        return ""


def _check_citations(articles: Articles, answer: Answer, gold: set[str], scores: AnswerScores) -> None:
    texts: dict[str, str] = {}
    for c in answer.citations:
        if c.doc_id not in texts:
            texts[c.doc_id] = _stored_text(articles, c.doc_id)
        scores.citations_in_gold.append(1.0 if c.doc_id in gold else 0.0)
        scores.quotes_exact.append(1.0 if texts[c.doc_id][c.start : c.end] == c.quote else 0.0)


def score_answers(service: QAService, articles: Articles, questions: list[Question], abstention: bool = True) -> AnswerScores:
    """Ask every question (and again with its gold articles filtered out, for abstention)."""
    scores = AnswerScores()
    for q in questions:
        answer = service.answer(q.question)
        gold = set(q.gold_doc_ids)
        scores.correct.append(1.0 if answer_matches(answer.answer, q.answer_text) else 0.0)
        _check_citations(articles, answer, gold, scores)
        for stage in STAGES:
            if stage in answer.timings:
                scores.timings.setdefault(stage, []).append(answer.timings[stage])
        if len(scores.examples) < 5:
            scores.examples.append(
                {"question": q.question, "gold": q.answer_text, "answer": answer.answer, "status": answer.status}
            )
        if abstention:
            without = service.answer(q.question, filters=Filters(exclude_doc_ids=tuple(gold)))
            scores.abstained_without_gold.append(1.0 if without.status == "not_in_corpus" else 0.0)
    return scores


_LETTER = re.compile(r"\b([ABCD])\b")


def choose_by_evidence(service: QAService, q: Question) -> int:
    """Extractive multiple choice: the option whose words the best evidence sentences contain most."""
    evidence = service.evidence(q.question)
    words = [content_tokens(p.quote) for p in evidence.passages]
    question_words = content_tokens(q.question)

    def score(choice: str) -> float:
        option = content_tokens(choice) - question_words
        if not option:
            return 0.0
        return max((len(option & w) / len(option) * (0.8**i) for i, w in enumerate(words)), default=0.0)

    scored = [score(c) for c in q.choices]
    return max(range(len(scored)), key=lambda i: scored[i])


def choose_by_llm(service: QAService, chat: ChatModel, prompts: Prompts, q: Question) -> int:
    """LLM multiple choice: the evidence sentences, the question and the four options; the reply's letter."""
    evidence = service.evidence(q.question)
    reply = chat.complete(build_choice_messages(prompts, q.question, evidence.passages, q.choices))
    match = _LETTER.search(reply.upper())
    return "ABCD".index(match.group(1)) if match else choose_by_evidence(service, q)


def choice_accuracy(service: QAService, questions: list[Question], chat: ChatModel | None, prompts: Prompts) -> float:
    """Share of questions whose picked option is right: by the chat model when there is one, else by evidence."""
    picks = [choose_by_llm(service, chat, prompts, q) if chat else choose_by_evidence(service, q) for q in questions]
    return mean([1.0 if pick == q.answer_index else 0.0 for pick, q in zip(picks, questions, strict=True)])
