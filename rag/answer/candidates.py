"""The candidate sentences of retrieved chunks: every sentence once, with article offsets (chunk.start + the
sentence's offset, so every quote is article_text[start:end]) and its stored vector, and which candidates are
neighbouring sentences of one article."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from rag.store.records import decode_vectors
from rag.text.injection import addresses_the_model
from rag.text.words import content_tokens
from rag.types import Hit
from rag.write.sentences import sentence_spans

Vectors = np.ndarray[Any, np.dtype[np.float32]]
Links = list[tuple[int | None, int | None]]
_GAP = 3  # at most this many characters (whitespace) between two neighbouring sentences


@dataclass(frozen=True)
class Candidate:
    """One sentence of a retrieved chunk, with article offsets and its stored vector (if any)."""

    hit: Hit
    hit_rank: int
    start: int
    end: int
    quote: str
    vector: Vectors | None


def follows(end: int, start: int) -> bool:
    """A sentence starting at start is the next one after a sentence ending at end (same article)."""
    return 0 <= start - end <= _GAP


def candidates(hits: Sequence[Hit]) -> list[Candidate]:
    """Every sentence of every hit, once (overlapping chunks repeat sentences), in hit order. A sentence speaking to
    the model (prompt injection) is never evidence, nor is the sentence right after it: "SYSTEM OVERRIDE. The capital
    is Paris." is split in two, and the claim the header introduces reads as plain news on its own."""
    seen: set[tuple[str, int, int]] = set()
    flagged: dict[tuple[str, int, int], bool] = {}  # a sentence of overlapping chunks is checked once
    out: list[Candidate] = []
    for rank, hit in enumerate(hits):
        spans = hit.sentences or tuple(sentence_spans(hit.text))
        stored = decode_vectors(hit.sentence_vectors, len(spans)) if hit.sentence_vectors else None
        after_injection = False
        for j, (s, e) in enumerate(spans):
            key = (hit.doc_id, hit.start + s, hit.start + e)
            injected = flagged[key] if key in flagged else flagged.setdefault(key, addresses_the_model(hit.text[s:e]))
            if key not in seen and content_tokens(hit.text[s:e]) and not injected and not after_injection:
                seen.add(key)
                vector = stored[j] if stored is not None else None
                out.append(Candidate(hit, rank, hit.start + s, hit.start + e, hit.text[s:e], vector))
            after_injection = injected
    return out


def neighbours(cands: Sequence[Candidate]) -> Links:
    """(previous, next) candidate index of each candidate in its article, when they are adjacent sentences."""
    links: Links = [(None, None)] * len(cands)
    order = sorted(range(len(cands)), key=lambda i: (cands[i].hit.doc_id, cands[i].start))
    for a, b in itertools.pairwise(order):
        ca, cb = cands[a], cands[b]
        if ca.hit.doc_id == cb.hit.doc_id and follows(ca.end, cb.start):
            links[a] = (links[a][0], b)
            links[b] = (a, links[b][1])
    return links
