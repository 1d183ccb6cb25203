"""Security headers for the API docs (/docs, /redoc and their files), as the reader page has them.

Swagger UI's page starts itself with one inline script, whose text depends on the app's settings; rather than allow
inline scripts, the policy names that script's hash, computed from the page as it is sent. Styles may be inline
(Swagger UI and ReDoc set style attributes); nothing may frame the page, and it talks only to its own origin.
"""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DOCS_PREFIXES = ("/docs", "/redoc", "/static-offline-docs/")
_INLINE = re.compile(rb"<script>(.*?)</script>", re.DOTALL)
BASE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def policy(page: bytes) -> str:
    """The Content-Security-Policy for a docs page: its own inline scripts by hash, everything else from itself."""
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s).digest()).decode()}'" for s in _INLINE.findall(page))
    return (
        f"default-src 'none'; script-src 'self' {hashes}".rstrip() + "; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


class DocsHeaders:
    """Adds the headers to every response under DOCS_PREFIXES (a page's body is small: it is held to hash it)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope.get("path", "")).startswith(DOCS_PREFIXES):
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        body = b""

        async def held(message: Message) -> None:
            nonlocal start, body
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if not headers.get("content-type", "").startswith("text/html"):  # a file: nothing inline to hash
                    _secure(headers, b"")
                    await send(message)
                else:
                    start = message
                return
            if start is None:
                await send(message)
                return
            body += message.get("body", b"")
            if not message.get("more_body", False):
                _secure(MutableHeaders(scope=start), body)
                await send(start)
                await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, held)


def _secure(headers: MutableHeaders, page: bytes) -> None:
    for name, value in {**BASE_HEADERS, "Content-Security-Policy": policy(page)}.items():
        headers[name] = value
