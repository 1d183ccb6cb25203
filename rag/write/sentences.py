"""Sentence spans with offsets by construction: punkt's span_tokenize on each line, never str.find."""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path

import nltk
from nltk.tokenize.punkt import PunktTokenizer

_LINE = re.compile(r"[^\n]+")


@cache
def _punkt() -> PunktTokenizer:
    # llama-index-core ships nltk's punkt_tab; locate it without importing llama_index.core (slow, heavy)
    spec = importlib.util.find_spec("llama_index.core")
    if spec is not None and spec.submodule_search_locations:
        cache_dir = Path(next(iter(spec.submodule_search_locations))) / "_static" / "nltk_cache"
        if str(cache_dir) not in nltk.data.path:
            nltk.data.path.insert(0, str(cache_dir))
    return PunktTokenizer("english")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence; a line break always ends a sentence; edges carry no whitespace."""
    spans: list[tuple[int, int]] = []
    punkt = _punkt()
    for line in _LINE.finditer(text):
        base = line.start()
        for start, end in punkt.span_tokenize(line.group()):
            piece = text[base + start : base + end]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece) - len(piece.rstrip())
            if base + start + lead < base + end - trail:
                spans.append((base + start + lead, base + end - trail))
    return spans
