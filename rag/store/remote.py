"""The newsqa HTTP API as the commands use it when a running `newsqa serve` owns the data dir (store/owner.py).

Standard library only; every failure becomes a NewsqaError with a one-line reason, as local failures do.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from rag.errors import ArticleNotFound, InvalidArticle, NewsqaError, StoreUnavailable

_ERRORS: dict[str, type[NewsqaError]] = {"document_not_found": ArticleNotFound, "invalid_article": InvalidArticle}


class RemoteAPI:
    """JSON calls to one newsqa server; api_key is sent as a bearer token when given."""

    def __init__(self, base_url: str, api_key: str | None = None, timeout_s: float = 300.0) -> None:
        self._base = base_url.rstrip("/")
        self._key = api_key
        self._timeout = timeout_s

    def call(self, method: str, path: str, body: Any = None, query: dict[str, Any] | None = None) -> Any:
        """Send one request; the decoded JSON reply (None for 204)."""
        url = self._base + path + (f"?{urllib.parse.urlencode(query, doseq=True)}" if query else "")
        data = None if body is None else json.dumps(body).encode()
        headers = {"content-type": "application/json", **({"authorization": f"Bearer {self._key}"} if self._key else {})}
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raise _error(exc) from None
        except OSError as exc:
            raise StoreUnavailable(f"the newsqa server at {self._base} cannot be reached ({type(exc).__name__})") from None
        return json.loads(raw) if raw else None


def _error(exc: urllib.error.HTTPError) -> NewsqaError:
    try:
        error = json.loads(exc.read())["error"]
        code, message = str(error["code"]), str(error["message"])
    except (ValueError, KeyError, TypeError):
        code, message = "http_error", f"HTTP {exc.code}"
    if code in ("missing_key", "invalid_key"):  # say how a command sends one
        message += " (pass `newsqa --api-key KEY ...` or set NEWSQA_API__CLIENT_KEY)"
    failure = _ERRORS.get(code, NewsqaError)(f"server: {message}")
    failure.code = code
    return failure
