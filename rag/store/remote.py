"""The newsqa HTTP API as the commands use it when a running `newsqa serve` owns the data dir (store/owner.py).

Standard library only; every failure becomes a NewsqaError with a one-line reason, as local failures do.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
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
        with self._opened(self._request(url, method, data)) as response:
            raw = response.read()
        return json.loads(raw) if raw else None

    def events(self, path: str, body: dict[str, Any]) -> Iterator[tuple[str, Any]]:
        """POST body with "stream": true; each Server-Sent Event as (its name, its decoded data). An `error` event
        is raised as the NewsqaError it names."""
        request = self._request(self._base + path, "POST", json.dumps(body | {"stream": True}).encode())
        with self._opened(request) as response:
            name, data = "message", []
            for raw in response:
                line = raw.decode("utf-8").rstrip("\r\n")
                if line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].removeprefix(" "))
                elif not line and data:
                    decoded = json.loads("\n".join(data))
                    if name == "error":
                        raise _failure(str(decoded["error"]["code"]), str(decoded["error"]["message"]))
                    yield name, decoded
                    name, data = "message", []

    def _request(self, url: str, method: str, data: bytes | None) -> urllib.request.Request:
        headers = {"content-type": "application/json", **({"authorization": f"Bearer {self._key}"} if self._key else {})}
        return urllib.request.Request(url, data=data, method=method, headers=headers)

    @contextmanager
    def _opened(self, request: urllib.request.Request) -> Iterator[Any]:
        """The response, read inside; every failure, on opening or while reading, as a NewsqaError."""
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                yield response
        except urllib.error.HTTPError as exc:
            raise _error(exc) from None
        except OSError as exc:
            raise StoreUnavailable(f"the newsqa server at {self._base} cannot be reached ({type(exc).__name__})") from None


def _error(exc: urllib.error.HTTPError) -> NewsqaError:
    try:
        error = json.loads(exc.read())["error"]
        code, message = str(error["code"]), str(error["message"])
    except (ValueError, KeyError, TypeError):
        code, message = "http_error", f"HTTP {exc.code}"
    return _failure(code, message)


def _failure(code: str, message: str) -> NewsqaError:
    if code in ("missing_key", "invalid_key"):  # say how a command sends one
        message += " (pass `newsqa --api-key KEY ...` or set NEWSQA_API__CLIENT_KEY)"
    failure = _ERRORS.get(code, NewsqaError)(f"server: {message}")
    failure.code = code
    return failure
