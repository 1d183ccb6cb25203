"""`newsqa eval` gives a one-line reason for bad numbers and unreadable files, before it builds an index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rag.settings import Settings
from tests.helpers import newsqa

QUESTION = (
    '{"question_id": "q1", "question": "Where?", "choices": ["a", "b", "c", "d"], "answer_index": 0, '
    '"answer_text": "a", "question_date": "2022/06/16", "gold_doc_ids": ["d1"]}'
)
ARTICLE = '{"doc_id": "d1", "title": "T", "text": "Some text."}'


@pytest.mark.parametrize(
    ("option", "value"),
    [("--k", "1,x"), ("--k", "0"), ("--k", "51"), ("--sentences", "3,a"), ("--sentences", "40"), ("--windows", "-1")],
)
def test_bad_numbers_are_refused_before_any_work(settings: Settings, tmp_path: Path, option: str, value: str) -> None:
    (tmp_path / "q.jsonl").write_text(QUESTION)
    (tmp_path / "c.jsonl").write_text(ARTICLE)
    result = newsqa(
        settings, "eval", str(tmp_path / "q.jsonl"), "--corpus", str(tmp_path / "c.jsonl"), option, value, timeout=120
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and option in result.stderr
    assert "whole numbers from" in result.stderr
    assert not (settings.data_dir / "eval").exists()


@pytest.mark.parametrize(
    ("questions", "corpus_name", "corpus", "reason"),
    [
        (QUESTION + "\n{oops\n", "c.jsonl", ARTICLE, "questions.jsonl:2: not JSON"),
        ('{"question": "Where?"}', "c.jsonl", ARTICLE, "questions.jsonl:1: a question needs question_id"),
        ("\n", "c.jsonl", ARTICLE, "questions.jsonl: no questions"),
        (QUESTION, "c.jsonl", '{"title": "no id"}', "c.jsonl:1: an article needs doc_id and text"),
        (QUESTION, "c.jsonl.gz", ARTICLE, "c.jsonl.gz: cannot be read"),  # named .gz, not gzip
    ],
)
def test_unreadable_files_get_a_one_line_reason(
    settings: Settings, tmp_path: Path, questions: str, corpus_name: str, corpus: str, reason: str
) -> None:
    (tmp_path / "questions.jsonl").write_text(questions)
    (tmp_path / corpus_name).write_text(corpus)
    result = newsqa(settings, "eval", str(tmp_path / "questions.jsonl"), "--corpus", str(tmp_path / corpus_name), timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = result.stderr.strip()
    assert line.startswith("newsqa: ") and reason in line and "\n" not in line


def test_a_questions_file_that_is_not_text_gets_a_one_line_reason(settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "q.jsonl").write_bytes(b"\xff\xfe\x00binary")
    (tmp_path / "c.jsonl").write_text(ARTICLE)
    result = newsqa(settings, "eval", str(tmp_path / "q.jsonl"), "--corpus", str(tmp_path / "c.jsonl"), timeout=120)
    assert result.returncode == 1 and result.stderr.strip().startswith("newsqa: ") and "not UTF-8 text" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_file_is_a_usage_error(settings: Settings, tmp_path: Path) -> None:
    result = newsqa(settings, "eval", str(tmp_path / "none.jsonl"), "--corpus", str(tmp_path / "none.jsonl"), timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr and "does not exist" in result.stderr


def test_a_conversation_missing_fields_gets_a_one_line_reason(settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "conversations.jsonl").write_text('{"id": "c1"}\n')
    (tmp_path / "c.jsonl").write_text(ARTICLE)
    args = ("eval", str(tmp_path / "conversations.jsonl"), "--corpus", str(tmp_path / "c.jsonl"), "--mode", "followups")
    result = newsqa(settings, *args, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        result.stderr.strip()
        == f"newsqa: {tmp_path / 'conversations.jsonl'}:1: a conversation needs corpus, gold_doc_ids, question_date, turns"
    )


def test_an_answer_run_prints_where_the_answer_is_lost_and_keeps_it_per_question(settings: Settings, tmp_path: Path) -> None:
    question = QUESTION.replace('"Where?"', '"Where did the talks resume?"').replace(
        '"answer_text": "a"', '"answer_text": "Istanbul"'
    )
    (tmp_path / "q.jsonl").write_text(question)
    (tmp_path / "c.jsonl").write_text('{"doc_id": "d1", "title": "Talks", "text": "The talks resumed in Istanbul. Rain fell."}')
    out = tmp_path / "answer.json"
    args = ("eval", str(tmp_path / "q.jsonl"), "--corpus", str(tmp_path / "c.jsonl"), "--mode", "answer", "--out", str(out))
    result = newsqa(settings, *args, env={"NEWSQA_LLM__PROVIDER": "extractive"}, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "where the answer is lost" in result.stdout and "in given" in result.stdout
    answers = json.loads(out.read_text())["answers"]
    assert answers["funnel"]["all"]["in_given"] == 1.0 and answers["funnel"]["answer_in_sources"]["questions"] == 1.0
    (row,) = answers["per_question"]
    assert row["in_sources"] and row["in_read"] and row["in_candidates"] and row["in_given"]
