"""The evidence funnel's default earlier arm: the sentence choice before issue 37 (the hand-set score over the 5
chunks retrieval.top_k returned by default). Its own module, free of the rag stack, so the report that names the arm
imports it without loading what the measurement needs."""

from __future__ import annotations

from typing import Any

BEFORE: dict[str, Any] = {"choice": "hand", "read_chunks": 5}
