"""The injection rules' gates: the words every match must contain, read from the pattern; a gate may only skip work."""

from __future__ import annotations

import re

import pytest

from rag.text import injection
from rag.text.injection_languages import FOREIGN
from rag.text.injection_rules import RULES
from rag.text.rule_gate import gate
from tests.helpers import ROOT

DATA = ROOT / "tests" / "data"


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"\bignore\s+previous", {"previous"}),  # of two runs every match holds, the rarer (longer) one
        (r"\b(?:the|your)\s+(?:answer|reply)\s+must", {"answer", "reply"}),
        (r"\b(?:tell|inform)\s+users", {"users"}),
        (r"(?:^|[.;])\s*(?:please\s+)?(?:print|output)\b", {"print", "output"}),
        (r"\b(?:a|an)\s+\w+", None),  # nothing of three letters every match holds
        (r"(?:foo)?bar", {"bar"}),  # an optional part never gates
    ],
)
def test_the_gate_is_the_rarest_part_every_match_holds(pattern: str, words: set[str] | None) -> None:
    assert gate(pattern) == (None if words is None else frozenset(words))


def _texts() -> list[str]:
    lines: list[str] = []
    for path in (
        ROOT / "evals" / "sets" / "injection_paraphrases.txt",
        DATA / "injection_wordings.txt",
        DATA / "news_imperatives.txt",
    ):
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


def test_the_gated_check_decides_exactly_as_every_rule_tried_would() -> None:
    everything = [re.compile(r, re.IGNORECASE) for r in (*RULES, *FOREIGN)]
    texts = _texts()
    assert len(texts) > 200
    for text in texts:
        for reading in injection._readings(text):
            assert injection._RULES.match(reading) == any(p.search(reading) for p in everything), reading
