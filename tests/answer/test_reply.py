"""A model's reply read a sentence at a time: how much it considered refusing, an unsure refusal asked once more with
its first token banned, and a reader who left stopping the model before it reads a prompt for nobody."""

from __future__ import annotations

import threading

import pytest

from rag.answer.events import Stopped
from rag.answer.reply import ModelReply, refusal_mass
from rag.types import Opening
from tests.fakes import ScriptedLLM


def test_refusal_mass_sums_the_refusal_openings_the_model_considered() -> None:
    opening = Opening("The", 0.6, 1, (("The", 0.6), ("I", 0.3), ("Unknown", 0.05), ("A", 0.05)))
    assert abs(refusal_mass(opening) - 0.35) < 1e-9
    assert refusal_mass(Opening("I", 0.7, 2)) == 0.7


def test_an_unsure_refusal_is_asked_again_with_its_first_token_banned() -> None:
    llm = ScriptedLLM("I don't know.", "Medinsky led it [1].", opening_p=0.3)
    reply = ModelReply(llm, [{"role": "user", "content": "Who led it?"}], refusal_confidence=0.6)
    assert list(reply.sentences()) == ["Medinsky led it [1]."]
    assert reply.asked_again and reply.refusal_p == 0.3 and len(llm.avoided) == 1


def test_a_sure_refusal_stands() -> None:
    llm = ScriptedLLM("I don't know.", opening_p=0.9)
    reply = ModelReply(llm, [{"role": "user", "content": "Who led it?"}], refusal_confidence=0.6)
    assert list(reply.sentences()) == ["I don't know."] and not reply.asked_again and llm.avoided == []


def test_a_reader_who_left_stops_the_model_before_it_reads_a_prompt() -> None:
    llm, stop = ScriptedLLM(default="Medinsky led it [1]."), threading.Event()
    stop.set()
    with pytest.raises(Stopped):
        list(ModelReply(llm, [{"role": "user", "content": "Who led it?"}], 0.6, stop).sentences())
    assert llm.calls == []
