"""Word overlap between two texts (share of content words): the lexical half of evidence and support scores.

Not to be confused with chunk overlap (ChunkSettings.overlap_tokens), which is about chunking."""

from __future__ import annotations

import re

from rag.answers import Passage

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOPWORD_TEXT = """
a an the and or but of to in on at by for with from as is are was were be been being it its this that these those
he she they them his her their who whom which what when where why how did do does has have had not no yes i you we
our your my me us there here than then so such will would can could should may might also about into over after
before said says according s
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def content_tokens(text: str) -> set[str]:
    """Lower-cased word tokens without stop words (curly quotes and punctuation fall away)."""
    return {t for t in _TOKEN.findall(text.lower().replace("’", "'")) if t not in STOPWORDS}


_WORD_AT = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?", re.IGNORECASE)  # _TOKEN on the text as written (offsets hold)


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """Each word of the text as content_tokens spells it, with its offsets in the text as given."""
    return [(m.group().lower().replace("’", "'"), m.start(), m.end()) for m in _WORD_AT.finditer(text)]


def word_overlap(claim: str, evidence: str) -> float:
    """Share of the claim's content words that the evidence contains (0 when the claim has none)."""
    words = content_tokens(claim)
    return len(words & content_tokens(evidence)) / len(words) if words else 0.0


def support(claim: str, passage: Passage, cosine: float) -> float:
    """Embedding similarity plus token overlap, equally weighted."""
    return 0.5 * cosine + 0.5 * word_overlap(claim, passage.quote)
