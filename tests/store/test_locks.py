"""One writer per article: writes to the same article wait for each other, others go on."""

from __future__ import annotations

import threading
import time

from rag.store.locks import ArticleLocks


def test_writes_to_one_article_are_serialised_and_to_others_are_not() -> None:
    locks, order = ArticleLocks(), []

    def write(doc_ids: list[str], name: str) -> None:
        with locks.hold(doc_ids):
            order.append(f"{name} in")
            time.sleep(0.1)
            order.append(f"{name} out")

    first = threading.Thread(target=write, args=(["a", "b"], "first"))
    first.start()
    time.sleep(0.02)
    other = threading.Thread(target=write, args=(["c"], "other"))
    same = threading.Thread(target=write, args=(["b"], "same"))
    other.start()
    same.start()
    for t in (first, other, same):
        t.join()
    assert order.index("other in") < order.index("first out")  # another article went on meanwhile
    assert order.index("same in") > order.index("first out")  # the same article waited
    with locks.hold(["a"]), locks.hold(["a"]):  # re-entrant in one thread
        pass
