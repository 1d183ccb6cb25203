"""End to end over real Chroma and the real embedder: the answer sits in a sentence that does not restate the question
(the sentences around it do, and so do an older article's), and the sentences given to the model hold it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from rag.answer.ranking import Ranker, read_ranker
from rag.answers import Ask
from rag.components import build_components
from rag.errors import BadSettingFile
from rag.providers.minilm import LocalMiniLM
from rag.settings import AnswerSettings, LLMSettings, Settings

ANSWER = "Marta Lindqvist, a Swedish engineer who ran the Kiruna launch range, will take over in January."
ARTICLES = [
    {
        "id": "esa-chief",
        "title": "Space agency picks its next director",
        "published_at": "2025-11-06T09:00:00Z",
        "text": "Europe's space agency has chosen the person who will lead it for the next four years. "
        "The choice of a new director general of the European Space Agency followed months of talks among its 23 "
        "member states. Ministers of the European Space Agency met in Bremen on Wednesday to settle the question. "
        f"{ANSWER} She has promised to speed up work on a European crew capsule.",
    },
    {
        "id": "esa-budget",
        "title": "ESA budget talks",
        "published_at": "2025-10-20T09:00:00Z",
        "text": "The European Space Agency asked its member states for a record budget. The director general of the "
        "European Space Agency said the money would fund new launchers. A decision on the next director general of "
        "the European Space Agency is due in November.",
    },
    {
        "id": "esa-2020",
        "title": "ESA names its head",
        "published_at": "2020-12-17T09:00:00Z",
        "text": "The European Space Agency council met online to pick a director general. The new director general of "
        "the European Space Agency will be chosen from three candidates. Josef Aschbacher was chosen to succeed Jan "
        "Woerner as head of the agency.",
    },
    {
        "id": "weather",
        "title": "Storm warning",
        "published_at": "2025-11-05T09:00:00Z",
        "text": "Heavy rain is expected across northern Germany on Thursday. Forecasters warned of flooding near Bremen.",
    },
]
QUESTION = "Who was named the new director general of the European Space Agency?"


def _given(settings: Settings, embedder: LocalMiniLM, choice: str, ranker_file: Path | None = None) -> list[str]:
    answer_settings = AnswerSettings(min_confidence=0.0, choice=choice, ranker_file=ranker_file)
    chosen = settings.model_copy(update={"llm": LLMSettings(provider="extractive"), "answer": answer_settings})
    with build_components(chosen, embedder=embedder) as components:
        if components.store.count_articles() == 0:
            for article in ARTICLES:
                components.articles.add(article)
        answer = components.qa.answer(Ask.of(QUESTION, as_of=date(2025, 11, 10)))
        texts = {a["id"]: a["text"] for a in ARTICLES}
        assert all(texts[p.doc_id][p.start : p.end] == p.quote for p in answer.trace.evidence)
        assert len(answer.trace.hits) == len(ARTICLES)  # every chunk read: answer.read_chunks is above 4
        return [p.quote for p in answer.trace.evidence]


def test_the_sentence_that_names_the_answer_reaches_the_model(settings: Settings, real_embedder: LocalMiniLM) -> None:
    given = _given(settings, real_embedder, "ranker")
    assert ANSWER in given and len(given) == AnswerSettings().context_sentences
    # the hand-set score fills the budget with sentences that restate the question, the old article's among them
    assert ANSWER not in _given(settings, real_embedder, "hand")


def test_a_ranker_file_of_ones_own_chooses_instead_of_the_shipped_one(
    settings: Settings, real_embedder: LocalMiniLM, tmp_path: Path
) -> None:
    # a ranker that reads only how much a sentence echoes the question gives the echoes, not the answer
    echo_only = Ranker(("echo",), (0.0,), (1.0,), (1.0,), 0.0)
    path = tmp_path / "ranker.json"
    path.write_text(json.dumps(echo_only.as_json()))
    assert read_ranker(path) == echo_only
    assert ANSWER not in _given(settings, real_embedder, "ranker", ranker_file=path)
    path.write_text('{"version": 1, "features": ["shoe_size"]}')
    with pytest.raises(BadSettingFile, match="does not compute: shoe_size"):
        read_ranker(path)
