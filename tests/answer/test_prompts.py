"""Prompts as package data, the messages built from passages, and what counts as the model refusing."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.answer.prompts import Prompts, build_choice_messages, build_messages, is_refusal, render_sources
from rag.answers import Passage


def _passage(n: int, doc: str, quote: str) -> Passage:
    return Passage(
        n=n, doc_id=doc, title=f"Title {doc}", url=None, published_at="2022-06-12T10:00:00", start=0, end=len(quote), quote=quote,
        score=0.5,
    )  # fmt: skip


PASSAGES = [_passage(1, "a", "Medinsky led it."), _passage(2, "a", "It met in Istanbul."), _passage(3, "b", "Rain fell.")]


@pytest.mark.parametrize(
    ("reply", "refused"),
    [
        ("I don't know.", True),
        ("I do not know", True),
        ("  I cannot know that.", True),
        ("The sources do not say.", True),
        ("", True),
        ("Unknown.", True),
        ("I don’t know.", True),  # the curly apostrophe small models print
        ("i  do  not  know", True),
        ("Sorry, the sources do not mention it.", True),
        ("Not stated in the sources.", True),
        ("Vladimir Medinsky led it [1].", False),
        ("Nobody knows why, but Medinsky led it [1].", False),
        ("Unknown gunmen attacked the convoy on Monday [1].", False),
        ("The bridge reopened on Monday [1]; the sources do not say why.", False),  # a cited partial answer
        ("Notably, the delegation included a deputy defense minister [1].", False),
    ],
)
def test_is_refusal(reply: str, refused: bool) -> None:
    assert is_refusal(reply) is refused


def test_sources_are_grouped_under_their_article_title_and_date() -> None:
    assert render_sources(PASSAGES) == (
        "Article: Title a (2022-06-12)\n[1] Medinsky led it.\n[2] It met in Istanbul.\nArticle: Title b (2022-06-12)\n[3] Rain fell."
    )
    assert render_sources(PASSAGES, titles=False).splitlines()[0] == "[1] Medinsky led it."


def test_messages_put_the_system_rule_first() -> None:
    system, user = build_messages(Prompts.load(), "Who led it? {sources}", PASSAGES)
    assert system["role"] == "system" and "I don't know" in system["content"]
    assert "[2] It met in Istanbul." in user["content"] and "Who led it? {sources}" in user["content"]  # not expanded twice
    (choice,) = build_choice_messages(Prompts.load(), "Who?", PASSAGES, ["Ann", "Bo", "Cy", "Di"])
    assert "A) Ann" in choice["content"] and "D) Di" in choice["content"] and "[3] Rain fell." in choice["content"]


def test_a_prompt_folder_missing_a_placeholder_is_refused(tmp_path: Path) -> None:
    for name in ("system.txt", "refusal.txt", "choice.txt", "condense.txt"):
        (tmp_path / name).write_text("{sources} {question} {options} {history}")
    (tmp_path / "user.txt").write_text("Question: {question}")
    with pytest.raises(ValueError, match=r"\{sources\}"):
        Prompts.load(tmp_path)
