"""robots.txt, read once per host per poll (protego): 200 is obeyed, 4xx allows everything, anything else
(5xx, unreachable) allows nothing, as RFC 9309 asks."""

from __future__ import annotations

import threading
from collections.abc import Callable
from urllib.parse import urlsplit

from protego import Protego

# url -> (status, body, why): status 0 when not reached, why then says what failed ("cannot resolve localhost.")
GetRobots = Callable[[str], tuple[int, bytes, str]]


class Robots:
    """Whether the user agent may fetch a URL; each host's robots.txt is fetched on first use."""

    def __init__(self, get: GetRobots, user_agent: str) -> None:
        self._get = get
        self._agent = user_agent
        self._lock = threading.Lock()
        self._rules: dict[str, Protego | bool | str] = {}  # a str: robots.txt could not be fetched, and why

    def allows(self, url: str) -> bool:
        return self.refusal(url) is None

    def refusal(self, url: str) -> str | None:
        """Why url may not be fetched (robots.txt disallows it, or could not be fetched), or None when it may."""
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        with self._lock:
            rules = self._rules.get(origin)
        if rules is None:
            rules = self._load(origin)
            with self._lock:
                self._rules[origin] = rules
        if isinstance(rules, str):
            return f"robots.txt of {parts.netloc} could not be fetched ({rules}), so nothing there is fetched"
        allowed = rules if isinstance(rules, bool) else bool(rules.can_fetch(url, self._agent))
        return None if allowed else f"robots.txt of {parts.netloc} disallows {parts.path or '/'}"

    def _load(self, origin: str) -> Protego | bool | str:
        status, body, why = self._get(origin + "/robots.txt")
        if status == 200:
            return Protego.parse(body.decode("utf-8", errors="replace"))
        if status == 0:
            return why
        return 400 <= status < 500
