"""Follow-ups: when a turn needs the conversation, how much of it is read, and how it is rewritten."""

from __future__ import annotations

import pytest

from rag.answer.conversation import Condenser, bounded, briefing_item, carry_terms, stands_alone
from rag.answer.prompts import Prompts
from rag.errors import LLMUnavailable
from rag.settings import ConversationSettings
from rag.types import Message
from tests.fakes import ScriptedLLM, WordCounter

HISTORY = [
    Message(role="user", content="Who led the Russian delegation?"),
    Message(role="assistant", content='Vladimir Medinsky led it [1].\n\nSources:\n[1] Talks resume — "..."'),
]


@pytest.mark.parametrize(
    ("question", "alone"),
    [
        ("Who led the Russian delegation?", True),
        ("How many prisoners will each side release?", True),
        ("What did Zelenskyy call it?", False),  # "it"
        ("And the Ukrainian side?", False),  # ellipsis
        ("Why?", False),  # too few words to search for
        ("Who did he speak with?", False),
    ],
)
def test_stands_alone(question: str, alone: bool) -> None:
    assert stands_alone(question) is alone


def test_history_is_bounded_by_turns_and_tokens_and_footnotes_are_dropped() -> None:
    long = [Message(role="user", content=f"question {i} " + "word " * 50) for i in range(10)]
    assert [m["content"][:11] for m in bounded(long, 3, 10_000, WordCounter())] == ["question 7 ", "question 8 ", "question 9 "]
    assert len(bounded(long, 10, 120, WordCounter())) == 2  # 52 words each: two fit in 120
    assert bounded(HISTORY, 6, 1000, WordCounter())[1]["content"] == "Vladimir Medinsky led it [1]."
    assert bounded(HISTORY, 0, 1000, WordCounter()) == []


def test_the_extractive_rewrite_carries_the_earlier_key_terms() -> None:
    rewritten = carry_terms("What did Zelenskyy call it?", HISTORY)
    assert rewritten.startswith("What did Zelenskyy call it? (") and "Russian" in rewritten and "delegation" in rewritten


def _condenser(llm: ScriptedLLM | None) -> Condenser:
    return Condenser(llm, Prompts.load(), ConversationSettings(), WordCounter())


def test_the_model_rewrites_only_turns_that_need_it() -> None:
    llm = ScriptedLLM("What did Zelenskyy call the Russian delegation?")
    condenser = _condenser(llm)
    assert condenser.standalone("Who led the talks in Istanbul?", HISTORY) == "Who led the talks in Istanbul?"
    assert llm.calls == []  # a standalone turn costs no model call
    assert condenser.standalone("What did Zelenskyy call it?", HISTORY) == "What did Zelenskyy call the Russian delegation?"
    (prompt,) = llm.calls[0]
    assert "Who led the Russian delegation?" in prompt["content"] and "Sources:" not in prompt["content"]
    assert condenser.standalone("What did Zelenskyy call it?", []) == "What did Zelenskyy call it?"  # nothing to read


def test_without_a_working_model_the_terms_are_carried() -> None:
    assert "delegation" in _condenser(None).standalone("What did Zelenskyy call it?", HISTORY)
    down = _condenser(ScriptedLLM(fail=LLMUnavailable("down")))
    assert "delegation" in down.standalone("What did Zelenskyy call it?", HISTORY)
    rambling = _condenser(ScriptedLLM("x" * 400))
    assert "delegation" in rambling.standalone("What did Zelenskyy call it?", HISTORY)


def test_a_rewrite_that_still_points_back_gets_the_earlier_terms() -> None:
    echo = _condenser(ScriptedLLM("What did Zelenskyy call it?"))  # what the embedded 1.5B model replied
    rewritten = echo.standalone("What did Zelenskyy call it?", HISTORY)
    assert rewritten.startswith("What did Zelenskyy call it? (") and "delegation" in rewritten
    resolved = _condenser(ScriptedLLM("Where did the Russian delegation meet?"))
    assert resolved.standalone("And where did they meet?", HISTORY) == "Where did the Russian delegation meet?"


BRIEFING = "- The strike halted the port on Friday [1]\n- A bakery won the bread prize [2]\n- Leiden elected a mayor [3]"


@pytest.mark.parametrize(
    ("question", "item"),
    [
        ("Tell me more about the second", "A bakery won the bread prize"),
        ("and the last one?", "Leiden elected a mayor"),
        ("What about number 1?", "The strike halted the port"),  # the article's Friday is not the reader's
        ("More on the 3rd story please", "Leiden elected a mayor"),
    ],
)
def test_a_follow_up_picks_an_item_of_the_briefing_just_given(question: str, item: str) -> None:
    history = [
        Message(role="user", content="What happened this week?"),
        Message(role="assistant", content=f"{BRIEFING}\n\nSources:\n[1] x"),
    ]
    assert briefing_item(question, history) == f"Tell me more about: {item}"


def test_no_item_is_picked_without_a_briefing_or_past_its_end() -> None:
    history = [Message(role="assistant", content=BRIEFING)]
    assert briefing_item("Tell me about the fifth", history) is None
    assert briefing_item("Who won?", history) is None
    assert briefing_item("Tell me about the second", [Message(role="assistant", content="Medinsky led it [1].")]) is None


@pytest.mark.parametrize(
    "question", ["What happened last week?", "When did the first talks take place?", "What happened in the last 24 hours?"]
)
def test_a_new_question_with_an_ordinal_is_not_an_item(question: str) -> None:
    assert briefing_item(question, [Message(role="assistant", content=BRIEFING)]) is None


def test_an_items_own_day_names_no_window_for_the_reader() -> None:
    picked = briefing_item("more on #1", [Message(role="assistant", content=BRIEFING)])
    assert picked is not None and "Friday" not in picked and "strike halted the port" in picked
