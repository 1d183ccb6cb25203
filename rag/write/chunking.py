"""Article -> chunks of whole sentences. Offsets come from the sentence ranges, so text[start:end] == chunk."""

from __future__ import annotations

from rag.providers.embedder import TokenCounter
from rag.types import CharRange, Chunk
from rag.write.sentences import sentence_spans


def _split_long(
    text: str, sentence: CharRange, tokens: int, max_tokens: int, counter: TokenCounter
) -> list[tuple[CharRange, int]]:
    """Cut a sentence longer than max_tokens at token boundaries."""
    if tokens <= max_tokens:
        return [(sentence, tokens)]
    start, end = sentence
    offsets = counter.spans(text[start:end])
    pieces: list[tuple[CharRange, int]] = []
    for lo in range(0, len(offsets), max_tokens):
        window = offsets[lo : lo + max_tokens]
        piece_end = offsets[lo + max_tokens][0] if lo + max_tokens < len(offsets) else end - start
        piece = (start + window[0][0], start + piece_end)
        raw = text[piece[0] : piece[1]]
        piece = (piece[0], piece[1] - (len(raw) - len(raw.rstrip())))
        pieces.append((piece, len(window)))
    return pieces


def _units(text: str, counter: TokenCounter, max_tokens: int) -> list[tuple[CharRange, int]]:
    sentences = sentence_spans(text)
    counts = counter.count([text[s:e] for s, e in sentences])
    units: list[tuple[CharRange, int]] = []
    for sentence, n in zip(sentences, counts, strict=True):
        units.extend(_split_long(text, sentence, n, max_tokens, counter))
    return units


def chunk_text(doc_id: str, text: str, counter: TokenCounter, max_tokens: int = 200, overlap_tokens: int = 40) -> list[Chunk]:
    """Greedy packing of sentences up to max_tokens; up to overlap_tokens of whole sentences repeat."""
    units = _units(text, counter, max_tokens)
    chunks: list[Chunk] = []
    first = 0
    while first < len(units):
        last, total = first, units[first][1]
        while last + 1 < len(units) and total + units[last + 1][1] <= max_tokens:
            last += 1
            total += units[last][1]
        start, end = units[first][0][0], units[last][0][1]
        sentences = tuple((s - start, e - start) for (s, e), _ in units[first : last + 1])
        chunks.append(Chunk(doc_id, len(chunks), start, end, text[start:end], sentences))
        if last + 1 >= len(units):
            break
        nxt, carried = last + 1, 0
        while nxt - 1 > first and carried + units[nxt - 1][1] <= overlap_tokens:
            nxt -= 1
            carried += units[nxt][1]
        first = nxt
    return chunks
