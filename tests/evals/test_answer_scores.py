"""The answer metrics' abstention split: with the gold articles filtered out, a question whose answer another
article still gives is counted apart, so answering it is not scored as a failure to abstain.

Real Chroma with the bag-of-words embedder: the test is about the metric's bookkeeping, not about ranking."""

from __future__ import annotations

import json
from pathlib import Path

from evals.answers import AnswerScores, score_answers
from evals.data import Question
from ingest.job import IngestJob
from rag.components import build_components
from rag.settings import LLMSettings, Settings
from tests.fakes import BagOfWordsEmbedder, WordCounter

ARTICLES = [
    {
        "id": "g1",
        "title": "Harborville council vote",
        "text": "The Harborville council elected Maria Lopez as mayor on Monday. She won by nine votes.",
    },
    {
        "id": "e1",
        "title": "New mayor for Harborville",
        "text": "Maria Lopez, the new mayor of Harborville, promised cheaper buses. Her term starts in June.",
    },
    {
        "id": "g2",
        "title": "Tamar bridge budget",
        "text": "The new bridge over the Tamar will cost 40 million pounds, the engineers said. Work starts next spring.",
    },
    {"id": "u1", "title": "Weather", "text": "Heavy rain is expected across the valley this weekend. Farmers welcomed it."},
]


def _question(qid: str, text: str, answer: str, gold: str) -> Question:
    return Question(qid, text, [answer, "b", "c", "d"], 0, answer, "2025/05/20", [gold])


def test_a_question_answered_elsewhere_is_kept_out_of_strict_abstention(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    extractive = settings.model_copy(update={"llm": LLMSettings(provider="extractive")})
    questions = [
        _question("q1", "Who did the Harborville council elect as mayor?", "Maria Lopez", "g1"),
        _question("q2", "How much will the bridge over the Tamar cost?", "40 million", "g2"),
    ]
    with build_components(extractive, embedder=BagOfWordsEmbedder(), token_counter=WordCounter()) as c:
        IngestJob(c.indexer).run([path])
        scores = score_answers(c.qa, c.articles, questions, use_as_of=False)
    assert scores.answer_elsewhere == [1.0, 0.0]  # e1 still names the mayor; nothing else prices the bridge
    summary = scores.summary()
    assert summary["answer_elsewhere"] == 0.5
    assert summary["abstention_without_gold"] == sum(scores.abstained_without_gold) / 2
    assert summary["abstention_without_answer"] == scores.abstained_without_gold[1]  # q2 alone
    assert len(scores.answer_chars) == sum(scores.rows["answered"]) > 0  # one length per answer given
    assert summary["answer_chars_p50"] >= min(scores.answer_chars) > 0
    rows = scores.per_question()
    assert [r["id"] for r in rows] == ["q1", "q2"] and [r["kind"] for r in rows] == ["name", "number"]
    assert [r["correct"] for r in rows] == scores.rows["correct"]
    assert [r["answer_elsewhere"] for r in rows] == [1.0, 0.0]
    assert [r["abstained_without_gold"] for r in rows] == scores.abstained_without_gold
    assert all(r["answer"] for r in rows) and ("Lopez" in rows[0]["answer"]) == bool(rows[0]["correct"])
    assert sum(r["citations"] for r in rows) == summary["citations"]
    assert sum(r["citations_in_gold"] for r in rows) == sum(scores.citations_in_gold)
    # a citation in a gold article supports its claim; support is never below precision
    assert len(scores.citations_supporting) == summary["citations"] > 0
    assert all(s >= g for s, g in zip(scores.citations_supporting, scores.citations_in_gold, strict=True))
    assert [r["refusal_p"] for r in rows] == [None, None]  # no model, no refusal to weigh
    # with the gold article filtered out, q1 is answered from e1 (which still names the mayor), and that is recorded
    assert "Lopez" in rows[0]["answer_without_gold"] and rows[0]["cited_without_gold"] == ["e1"]
    assert all(r["cited_without_gold"] == [] for r, a in zip(rows, scores.abstained_without_gold, strict=True) if a)


def test_a_citation_of_another_report_that_states_the_answer_supports_but_is_not_precise(
    settings: Settings, tmp_path: Path
) -> None:
    # the question is written from g1, but only e1 says who promised cheaper buses: citing e1 is checked support
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    extractive = settings.model_copy(update={"llm": LLMSettings(provider="extractive")})
    questions = [_question("q3", "Who promised cheaper buses in Harborville?", "Maria Lopez", "g1")]
    with build_components(extractive, embedder=BagOfWordsEmbedder(), token_counter=WordCounter()) as c:
        IngestJob(c.indexer).run([path])
        scores = score_answers(c.qa, c.articles, questions, use_as_of=False)
    assert scores.citations_in_gold and not any(scores.citations_in_gold)  # every citation is of e1
    assert any(scores.citations_supporting)  # its quote names Maria Lopez
    summary = scores.summary()
    assert summary["citation_precision"] == 0.0 and summary["citation_support"] > 0.0


def test_false_abstention_is_also_counted_where_the_evidence_held_the_answer() -> None:
    scores = AnswerScores()
    # four questions: refused with the answer in evidence, refused without it, answered twice
    scores.rows["false_abstention"] = [1.0, 1.0, 0.0, 0.0]
    scores.rows["evidence_recall"] = [1.0, 0.0, 1.0, 1.0]
    for name in ("correct", "resolved_choice", "answered"):
        scores.rows[name] = [0.0, 0.0, 1.0, 1.0]
    summary = scores.summary()
    assert summary["false_abstention"] == 0.5
    assert summary["false_abstention_with_answer"] == 1 / 3  # only the first refusal had the answer in front of it
