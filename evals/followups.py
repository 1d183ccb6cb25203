"""Multi-turn conversations (evals/sets/conversations.jsonl): each turn asked with the conversation so far, its
answer checked; the same turns asked alone (no rewriting) as the row that shows what rewriting buys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from evals.data import load_records, question_day
from evals.metrics import answer_matches, mean
from ingest.plaintext import parse_news_text
from rag.answer.service import QAService
from rag.answers import Ask
from rag.types import Message


@dataclass(frozen=True)
class Conversation:
    id: str
    corpus: str  # "seeds" or "realtimeqa": where its articles are
    gold_doc_ids: list[str]
    question_date: str
    turns: list[dict[str, str]]  # {"user": question, "answer_text": what the answer must contain}

    @property
    def day(self) -> date:
        return question_day(self.question_date)


def load_conversations(path: Path) -> list[Conversation]:
    return load_records(path, Conversation, "a conversation")


def seed_records(folder: Path) -> list[dict[str, Any]]:
    """The seed articles as corpus records (the same fields and ids `newsqa ingest seeds/` gives them)."""
    records = []
    for path in sorted(folder.glob("*.txt")):
        fields = parse_news_text(path.read_text(encoding="utf-8"))
        records.append({**fields, "doc_id": path.stem, "id": path.stem})
    return records


def followup_scores(service: QAService, conversations: list[Conversation], rewrite: bool) -> dict[str, Any]:
    """Accuracy by turn (1 = the opening question); with rewrite off every turn is asked on its own."""
    by_turn: dict[int, list[float]] = {}
    examples: list[dict[str, str]] = []
    for conv in conversations:
        history: list[Message] = []
        for n, turn in enumerate(conv.turns, start=1):
            answer = service.answer(Ask.of(turn["user"], as_of=conv.day, history=history if rewrite else []))
            by_turn.setdefault(n, []).append(float(answer_matches(answer.answer, turn["answer_text"])))
            if n > 1 and len(examples) < 6:
                examples.append({"asked": turn["user"], "searched": answer.trace.question, "answer": answer.answer})
            history += [Message(role="user", content=turn["user"]), Message(role="assistant", content=answer.answer)]
    later = [v for n, values in by_turn.items() if n > 1 for v in values]
    return {
        "turns": {str(n): {"questions": len(v), "accuracy": mean(v)} for n, v in sorted(by_turn.items())},
        "follow_up_accuracy": mean(later),
        "examples": examples,
    }
