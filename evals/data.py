"""Question sets and corpus selections for evaluation (read from ../shared, never copied into the repo)."""

from __future__ import annotations

import gzip
import hashlib
import json
import random
from collections.abc import Iterator
from dataclasses import MISSING, dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

R = TypeVar("R", bound="DataclassInstance")  # a dataclass read from JSON lines

SAMPLE_SEED = 924  # the seed eval/BASELINES.md used, so numbers compare


@dataclass(frozen=True)
class Question:
    question_id: str
    question: str
    choices: list[str]
    answer_index: int
    answer_text: str
    question_date: str
    gold_doc_ids: list[str]
    # the articles a web search returned for the question (realtimeqa2025: no gold articles, these instead)
    gcs_doc_ids: list[str] = field(default_factory=list)

    @property
    def day(self) -> date:
        """The day the question was asked: the as_of of its answers."""
        return question_day(self.question_date)


def question_day(question_date: str) -> date:
    """A question set's date ("2022/06/16", or "2022-06-16") as a date."""
    return datetime.strptime(question_date.replace("-", "/"), "%Y/%m/%d").date()


class BadEvalFile(ValueError):
    """A question or corpus file that cannot be read as the eval expects: says which file and line."""


def load_questions(path: Path) -> list[Question]:
    questions = load_records(path, Question, "a question")
    if not questions:
        raise BadEvalFile(f"{path}: no questions")
    return questions


def load_records(path: Path, record: type[R], noun: str) -> list[R]:
    """One record (a dataclass) per non-blank JSON line, built from the fields it declares; BadEvalFile names the
    line that is not JSON or lacks a field."""
    names = [f.name for f in fields(record)]
    required = [f.name for f in fields(record) if f.default is MISSING and f.default_factory is MISSING]
    records = []
    for n, line in _numbered_lines(path):
        if line.strip():
            raw = _json_object(line, path, n)
            missing = [k for k in required if k not in raw]
            if missing:
                raise BadEvalFile(f"{path}:{n}: {noun} needs {', '.join(missing)}")
            records.append(record(**{k: raw[k] for k in names if k in raw}))
    return records


def _numbered_lines(path: Path) -> list[tuple[int, str]]:
    """The file's lines numbered from 1, else BadEvalFile (not UTF-8)."""
    try:
        return list(enumerate(path.read_text(encoding="utf-8").splitlines(), start=1))
    except UnicodeDecodeError as exc:
        raise BadEvalFile(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _json_object(line: str, path: Path, n: int) -> dict[str, Any]:
    """Line n of path as a JSON object, else BadEvalFile naming the line."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadEvalFile(f"{path}:{n}: not JSON ({exc.msg})") from None
    if not isinstance(value, dict):
        raise BadEvalFile(f"{path}:{n}: expected a JSON object")
    return value


def _read_corpus(path: Path) -> Iterator[dict[str, Any]]:
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            for n, line in enumerate(handle, start=1):
                if line.strip():
                    article = _json_object(line, path, n)
                    if not isinstance(article.get("doc_id"), str) or not isinstance(article.get("text"), str):
                        raise BadEvalFile(f"{path}:{n}: an article needs doc_id and text")
                    yield article
    except (OSError, UnicodeDecodeError) as exc:  # e.g. a plain file named .gz, or not UTF-8
        raise BadEvalFile(f"{path}: cannot be read ({exc})") from None


def select_corpus(path: Path, gold: set[str], distractors: int | None) -> list[dict[str, Any]]:
    """The gold articles plus a seeded sample of the others (None: the whole corpus)."""
    articles = list(_read_corpus(path))
    if distractors is None:
        return articles
    others = sorted((a for a in articles if a["doc_id"] not in gold), key=lambda a: a["doc_id"])
    sample = random.Random(SAMPLE_SEED).sample(others, min(distractors, len(others)))
    return [a for a in articles if a["doc_id"] in gold] + sample


def corpus_key(articles: list[dict[str, Any]], config: str) -> str:
    """Names the eval index: the same articles and index settings reuse it."""
    digest = hashlib.sha256(config.encode())
    for article in sorted(articles, key=lambda a: a["doc_id"]):
        digest.update(article["doc_id"].encode())
        digest.update(hashlib.sha256(article["text"].encode()).digest())
    return digest.hexdigest()[:16]
