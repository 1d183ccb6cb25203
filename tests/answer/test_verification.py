"""The yes/no check of an answer against the sentences it cites: read at the first token (the model stops there),
p(yes) from the first token's alternatives or the word itself, a confidence signal in the trace."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.answer.evidence import EvidenceSelector
from rag.answer.prompts import Prompts
from rag.answer.verification import verdict, yes_share
from rag.answers import Answer, Ask
from rag.components import build_components
from rag.settings import AnswerSettings, LLMSettings, Settings
from rag.trust.confidence import Calibrator, Estimator
from rag.types import ChatItem, Message, Opening
from tests.fakes import BagOfWordsEmbedder, FixedConfidence, ScriptedLLM, StaticSources
from tests.helpers import qa_service

TEXT = "Russia and Ukraine held talks in Istanbul. The Russian delegation was led by Vladimir Medinsky."
MEDINSKY = "The Russian delegation was led by Vladimir Medinsky."


class OneOpening:
    """A model whose reply opens with a given first token and its alternatives; records whether it was stopped."""

    def __init__(self, alternatives: tuple[tuple[str, float], ...], text: str = "Yes, it does.") -> None:
        self.alternatives, self.text = alternatives, text
        self.closed = False
        self.prompts: list[str] = []

    def complete(self, messages: list[Message]) -> str:
        return self.text

    def stream(self, messages: list[Message], avoid: Opening | None = None) -> Iterator[ChatItem]:
        self.prompts.append(messages[-1]["content"])
        try:
            yield Opening(self.alternatives[0][0], self.alternatives[0][1], 1, self.alternatives)
            yield from self.text.split(" ")
        finally:
            self.closed = True


def test_p_yes_is_read_from_the_first_tokens_alternatives_and_the_model_stops_there() -> None:
    model = OneOpening((("Yes", 0.6), ("No", 0.2), ("The", 0.2)))
    assert verdict(model, Prompts.load(), "Medinsky led it [1].", [MEDINSKY]) == pytest.approx(0.75)
    assert model.closed
    (prompt,) = model.prompts
    assert MEDINSKY in prompt and "Medinsky led it." in prompt and "[1]" not in prompt


def test_without_alternatives_the_word_decides_and_anything_else_is_no_verdict() -> None:
    assert yes_share(Opening("Maybe", 0.9, 1, (("Maybe", 0.9),))) is None
    assert verdict(ScriptedLLM(verify_reply="No."), Prompts.load(), "Medinsky led it.", [MEDINSKY]) == 0.0
    assert verdict(ScriptedLLM(verify_reply="Yes"), Prompts.load(), "Medinsky led it.", [MEDINSKY]) == 1.0
    assert verdict(ScriptedLLM(verify_reply="Perhaps"), Prompts.load(), "Medinsky led it.", [MEDINSKY]) is None


def _answer(llm: ScriptedLLM, **answer: object) -> Answer:
    embedder = BagOfWordsEmbedder()
    sources = StaticSources({"talks": ("Talks in Istanbul", TEXT)}, embedder)
    settings = AnswerSettings.model_validate({"min_confidence": 0.0} | answer)
    return qa_service(sources, EvidenceSelector(embedder, settings), llm, settings, FixedConfidence()).answer(
        Ask.of("Who led the Russian delegation?")
    )


def test_the_verdict_is_a_signal_of_the_answer_and_costs_one_short_call() -> None:
    sure = ScriptedLLM(default="Vladimir Medinsky led it [2].")
    answer = _answer(sure, verify=True)
    assert answer.status == "answered" and answer.trace.signals["verified"] == 1.0
    assert len(sure.verifications) == 1 and MEDINSKY in sure.verifications[0][-1]["content"]
    assert "verify_ms" in answer.trace.timings
    assert (
        _answer(ScriptedLLM(default="Vladimir Medinsky led it [2].", verify_reply="No"), verify=True).trace.signals["verified"]
        == 0.0
    )
    off = ScriptedLLM(default="Vladimir Medinsky led it [2].")
    assert "verified" not in _answer(off, verify=False).trace.signals and off.verifications == []


def test_unset_verify_spends_the_call_only_when_the_calibrator_reads_its_signal(tmp_path: Path) -> None:
    reading = Calibrator(("verified",), (0.5,), (0.5,), (1.0,), 0.0, name="reads it")
    cases: list[tuple[Estimator | None, bool | None, bool]] = [
        (reading, None, True),
        (None, None, False),  # the bundled local calibrator: fitted before the signal existed
        (FixedConfidence(), None, False),
        (None, True, True),  # asked for: recorded for a refit
        (reading, False, False),
    ]
    for calibrator, verify, expected in cases:
        settings = Settings(
            data_dir=tmp_path, _env_file=None, llm=LLMSettings(provider="local"), answer=AnswerSettings(verify=verify)
        )
        llm = ScriptedLLM()
        with build_components(settings, embedder=BagOfWordsEmbedder(), llm=llm, calibrator=calibrator) as components:
            assert components.writer.verifies is expected, (calibrator, verify)
