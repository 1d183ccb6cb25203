"""Pure citation logic: (answer text, numbered passages, similarities) -> exact spans. No I/O.

The model's [n] markers are hints: a marker is kept only when its passage supports the sentence;
otherwise the best-supporting passage is attributed post hoc, and a sentence nothing supports is
reported as unsupported. Support is not enough when the claim adds values to the question (a number, a
name, a weekday: rag/text/values.py): the cited quotes must state every one, else the claim is cited to the
sentence given that does, else it is unsupported ("It cost $6.2 million [1]" where [1] only says the centre
opened is cited to [2], which gives the cost). Every quote is the passage text, which is
article_text[start:end]. Sources are numbered [1], [2], ... in order of first use in the answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from rag.answers import AnswerSpan, Citation, Passage
from rag.text.words import content_tokens, support
from rag.trust.claims import Stating, Thresholds, supports
from rag.trust.markers import MARKER, leading_markers, markers_in, markers_inside, strip_markers
from rag.types import Quote
from rag.write.sentences import sentence_spans

DEFAULT = Thresholds()


@dataclass(frozen=True)
class Claim:
    """One sentence of the answer: its range in the answer, and its text without markers (what is judged)."""

    start: int
    end: int
    text: str


def split_claims(answer: str) -> list[Claim]:
    """The answer's sentences, split once: attribute() and the similarity scores both use this list."""
    return [Claim(s, e, strip_markers(answer[s:e]).strip()) for s, e in sentence_spans(answer)]


def _post_hoc(claim: str, passages: Sequence[Passage], cosines: Sequence[float], th: Thresholds) -> list[int]:
    if not passages:
        return []
    best = max(range(len(passages)), key=lambda j: support(claim, passages[j], cosines[j]))
    ok = supports(claim, passages[best], cosines[best], th.post_hoc, th.post_hoc_overlap)
    return [passages[best].n] if ok else []


@dataclass(frozen=True)
class _Segment:
    """A run of answer text and the passage numbers finally attached to it."""

    text: str
    numbers: list[int]


def _marker_last(sentence: str) -> str:
    """Move a marker that opens the sentence to its end: "[1] Medinsky led it." -> "Medinsky led it [1]."

    Small models often open a sentence with its marker, which cites the text after it, not the (empty) text before
    it. A sentence with markers of its own drops the opener."""
    openers, rest = leading_markers(sentence)
    if not openers:
        return sentence
    rest = rest.strip()
    if MARKER.search(rest):
        return rest
    return markers_inside(rest, openers)


def _segments(
    sentence: str, passages: Sequence[Passage], cosines: Sequence[float], th: Thresholds, stating: Stating | None
) -> list[_Segment]:
    """Split at the model's markers; keep a marker only where its passage supports the text before it (and, with the
    claim check, states what it adds to the question)."""
    checked = (lambda text, numbers: stating.check(text, numbers, cosines)) if stating else (lambda _, numbers: numbers)
    index = {p.n: j for j, p in enumerate(passages)}
    sentence = _marker_last(sentence)
    out: list[_Segment] = []
    pos = 0
    for match in MARKER.finditer(sentence):
        text = sentence[pos : match.start()]
        kept = [
            n
            for n in markers_in(match.group())
            if n in index and supports(text, passages[index[n]], cosines[index[n]], th.marked, th.marked_overlap)
        ]
        out.append(_Segment(text, checked(text, kept or _post_hoc(text, passages, cosines, th))))
        pos = match.end()
    out.append(_Segment(sentence[pos:], []))
    if not any(seg.numbers for seg in out):
        # no usable marker anywhere: judge the sentence as one claim
        whole = strip_markers(sentence)
        return [_Segment(whole, checked(whole, _post_hoc(whole, passages, cosines, th)))]
    return out


def _render(segments: list[_Segment], label: Callable[[int], int]) -> tuple[str, list[tuple[int, int, list[int]]]]:
    """Sentence text with markers placed (each passage number n written as label(n)), and (start, end, numbers) of
    every claim in it (passage numbers).

    Worked example: "Medinsky led it [1], and 1,000 prisoners each [2]." arrives as three segments,
    ("Medinsky led it", [1]), (", and 1,000 prisoners each", [2]), (".", []). The first claim is text[0:15];
    " [1]" follows it. The second body starts with ", " (lead 2), so its claim starts at 19 + 2 = 21 and ends at
    45, before " [2]" is added; "." has no content and is only appended. Result: "Medinsky led it [1], and 1,000
    prisoners each [2]." with claims (0, 15, [1]) and (21, 45, [2]). A lone segment ("Medinsky led it.", [1])
    has its closing punctuation held back so the marker goes inside the sentence: "Medinsky led it [1]."
    """
    text, claims_at = "", []
    last = len(segments) - 1
    for i, seg in enumerate(segments):
        body = seg.text.rstrip()
        if i == last and len(segments) == 1 and seg.numbers:
            body = body.rstrip(".!?")  # a single claim: the markers go before its closing punctuation
        lead = len(body) - len(body.lstrip(" ,;:"))
        start = len(text) + lead
        text += body
        if content_tokens(body) or seg.numbers:
            claims_at.append((start, len(text) - (len(body) - len(body.rstrip(".!?"))), seg.numbers))
        if seg.numbers:
            text += " " + "".join(f"[{label(n)}]" for n in seg.numbers)
        if i == last and len(segments) == 1 and seg.numbers:
            text += seg.text.rstrip()[len(body) :]
    return text.strip(), claims_at


def attribute(
    answer: str,
    claims: Sequence[Claim],
    passages: Sequence[Passage],
    cosines: Sequence[Sequence[float]],
    question: str | None = None,
    numbering: dict[int, int] | None = None,
    th: Thresholds = DEFAULT,
    strict: bool = True,
) -> tuple[str, list[Citation], list[AnswerSpan]]:
    """Rewrite the answer with verified markers; return it, its citations and its unsupported spans.

    claims is split_claims(answer); cosines[i][j] is the embedding similarity of claims[i].text and passages[j].
    With the question, each claim's quotes must state what it adds to it (the claim check: a sentence given that
    states it is cited too; strict, a claim none states is unsupported, else it keeps its markers). numbering maps a
    passage's prompt number to its number in the answer, in order of first use; a reply cited sentence by sentence
    passes the same one each time (a new one: this answer alone).
    """
    by_n: Mapping[int, Passage] = {p.n: p for p in passages}
    shown = numbering if numbering is not None else {}

    def label(n: int) -> int:
        return shown.setdefault(n, len(shown) + 1)

    stating = Stating.of(question, passages, th, strict)
    out, citations, unsupported = "", [], []
    for claim, row in zip(claims, cosines, strict=True):
        segments = _segments(answer[claim.start : claim.end].strip(), passages, row, th, stating)
        sentence, claims_at = _render(segments, label)
        if not sentence:
            continue
        offset = len(out) + (1 if out else 0)
        out = f"{out} {sentence}" if out else sentence
        for c_start, c_end, numbers in claims_at:
            for n in numbers:
                p = by_n[n]
                citations.append(Citation(**_quoted(p), n=label(n), answer_start=offset + c_start, answer_end=offset + c_end))
            if not numbers:
                unsupported.append(AnswerSpan(offset + c_start, offset + c_end))
    return out, citations, unsupported


def _quoted(quote: Quote) -> dict[str, Any]:
    """The Quote fields of a passage (a citation quotes exactly what its passage does)."""
    return {f.name: getattr(quote, f.name) for f in fields(Quote)}


def relocate(citations: Sequence[Citation], texts: Mapping[str, str]) -> list[Citation]:
    """Each citation whose quote no longer stands at [start:end] (its article was replaced meanwhile) moved to the
    occurrence of its quote nearest its old place, when the new text still holds the sentence; others as given."""
    out = []
    for c in citations:
        text = texts.get(c.doc_id)
        if text is None or text[c.start : c.end] == c.quote:
            out.append(c)
            continue
        found = [m.start() for m in re.finditer(re.escape(c.quote), text)]
        at = min(found, key=lambda i: abs(i - c.start)) if found else None
        out.append(c if at is None else replace(c, start=at, end=at + len(c.quote)))
    return out


def verify_quotes(citations: Sequence[Citation], texts: Mapping[str, str]) -> tuple[list[Citation], list[AnswerSpan]]:
    """The invariant, checked in code: a citation is kept only when its quote is exactly the stored article text
    at [start:end]. One whose article changed or vanished after retrieval is dropped, and the part of the answer
    it supported is returned as unsupported: never a wrong quote."""
    kept, dropped = [], []
    for c in citations:
        if texts.get(c.doc_id, "")[c.start : c.end] == c.quote:
            kept.append(c)
        else:
            dropped.append(AnswerSpan(c.answer_start, c.answer_end))
    return kept, dropped


def extractive(passages: Sequence[Passage]) -> tuple[str, list[Citation]]:
    """An answer that is the passages themselves, in the order given, each sentence cited as [1], [2], ... Markers
    written in the article itself ("... construction [9].") are left out of the answer, where every [n] must refer
    to a citation; the citation's quote keeps them (it is the article's exact text)."""
    text, citations = "", []
    for n, p in enumerate(passages, start=1):
        part, claims_at = _render([_Segment(" ".join(strip_markers(p.quote).split()), [n])], lambda shown: shown)
        offset = len(text) + (1 if text else 0)
        text = f"{text} {part}" if text else part
        start, end, _ = claims_at[0]
        citations.append(Citation(**_quoted(p), n=n, answer_start=offset + start, answer_end=offset + end))
    return text, citations
