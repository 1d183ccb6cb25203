"""Multiple choice: pick one of the four options by the evidence's words, or by asking the chat model."""

from __future__ import annotations

import re

from evals.data import Question
from evals.metrics import mean
from rag.answer.prompts import Prompts, build_choice_messages
from rag.answer.service import QAService
from rag.answers import Ask
from rag.providers.chat import ChatModel
from rag.text.words import content_tokens

_LETTER = re.compile(r"\b([ABCD])\b")


def choose_by_evidence(service: QAService, q: Question) -> int:
    """Extractive multiple choice: the option whose words the best evidence sentences contain most."""
    evidence = service.evidence(Ask.of(q.question, as_of=q.day))
    ranked = sorted(evidence.passages, key=lambda p: -p.score)
    words = [content_tokens(f"{p.title} {p.quote}") for p in ranked]
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
    evidence = service.evidence(Ask.of(q.question, as_of=q.day))
    reply = chat.complete(build_choice_messages(prompts, q.question, evidence.passages, q.choices))
    match = _LETTER.search(reply.upper())
    return "ABCD".index(match.group(1)) if match else choose_by_evidence(service, q)


def choice_accuracy(service: QAService, questions: list[Question], chat: ChatModel | None, prompts: Prompts) -> float:
    """Share of questions whose picked option is right: by the chat model when there is one, else by evidence."""
    picks = [choose_by_llm(service, chat, prompts, q) if chat else choose_by_evidence(service, q) for q in questions]
    return mean([1.0 if pick == q.answer_index else 0.0 for pick, q in zip(picks, questions, strict=True)])
