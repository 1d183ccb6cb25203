"""Sentences released from a streamed reply (rag/answer/cited_reply.py): the same sentences however the text is cut."""

from __future__ import annotations

import pytest

from rag.answer.cited_reply import sentences_as_they_end

CASES = [
    # a marker after the closing punctuation cites the sentence before it
    ("Jill Biden met her this week. [2]", ["Jill Biden met her this week [2]."]),
    ("A storm hit. [2] The bridge closed [1].", ["A storm hit [2].", "The bridge closed [1]."]),
    ("A storm hit. [1][3] The bridge closed.", ["A storm hit [1][3].", "The bridge closed."]),
    ("A storm hit. [1, 3] The bridge closed.", ["A storm hit [1, 3].", "The bridge closed."]),
    ("A storm hit. The bridge closed. [1] ", ["A storm hit.", "The bridge closed [1]."]),
    # a sentence with a marker of its own keeps it, and the next one's opener stays the next one's
    ("[1] A storm hit. [2] The bridge closed.", ["[1] A storm hit.", "[2] The bridge closed."]),
    ("A storm hit [1]. [2] The bridge closed.", ["A storm hit [1].", "[2] The bridge closed."]),
    # brackets that are not markers are text
    ("A storm hit. [Reuters] The bridge closed.", ["A storm hit.", "[Reuters] The bridge closed."]),
    ("A storm hit. The bridge closed.", ["A storm hit.", "The bridge closed."]),
]


@pytest.mark.parametrize(("reply", "sentences"), CASES)
def test_sentences_and_their_markers_do_not_depend_on_how_the_stream_is_cut(reply: str, sentences: list[str]) -> None:
    for size in (1, 2, 3, 5, 7, len(reply)):
        pieces = [reply[i : i + size] for i in range(0, len(reply), size)]
        assert list(sentences_as_they_end(pieces)) == sentences, size


def test_a_sentence_is_released_as_soon_as_the_next_ones_text_begins() -> None:
    released: list[str] = []
    pieces = iter(["A storm hit.", " [2]", " The", " bridge closed."])
    stream = sentences_as_they_end(pieces)
    released.append(next(stream))
    assert released == ["A storm hit [2]."]
    assert next(pieces) == " bridge closed."  # released after " The", before the rest of the reply was read
