"""Whether the service can answer (/readyz): the files the settings name load, the store reads and the chat model
answers, or there is none."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from rag.store.chroma import ChromaStore

_PROBE_TTL_S = 5.0


class Readiness:
    """Whether the service can answer: the files the settings name load (answer.ranker_file, answer.calibration:
    with one that does not, every ask fails), the store reads and the chat model answers (or there is none).

    The chat probe (which has its own short timeout) is remembered for a few seconds, so /readyz under load
    or against a hanging endpoint answers within ~2 s and does not hammer the model server.
    """

    def __init__(
        self,
        store: ChromaStore,
        chat_ready: Callable[[], bool],
        provider: str,
        keyword_error: Callable[[], str | None],
        bad_setting_file: Callable[[], str | None],
    ) -> None:
        self._store = store
        self._chat_ready = chat_ready
        self._provider = provider
        self._keyword_error = keyword_error
        self._bad_setting_file = bad_setting_file
        self._probe = threading.Lock()
        self._chat: tuple[float, bool] | None = None

    def check(self) -> tuple[bool, dict[str, Any]]:
        """(ready, details): details name the failing part, or the article count and chat provider."""
        if (setting := self._bad_setting_file()) is not None:  # the path and the reason are logged, not shown
            return False, {"reason": f"the server's {setting} file is unusable; the server log has the details"}
        try:
            articles = self._store.count_articles()
        except Exception:  # any store failure means not ready; the reason goes to the log, not the client
            return False, {"reason": "the vector store cannot be read"}
        if not self._chat_ok():
            return False, {"reason": "the chat model is not reachable"}
        details: dict[str, Any] = {"articles": articles, "llm": self._provider}
        if (error := self._keyword_error()) is not None:
            details["keyword_index"] = f"stale: the last rebuild failed ({error})"
        return True, details

    def _chat_ok(self) -> bool:
        with self._probe:
            now = time.monotonic()
            if self._chat is None or now - self._chat[0] > _PROBE_TTL_S:
                self._chat = (now, self._chat_ready())
            return self._chat[1]
