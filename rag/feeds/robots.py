"""robots.txt, read once per host per poll (protego): 200 is obeyed, 4xx allows everything, anything else
(5xx, unreachable) allows nothing, as RFC 9309 asks."""

from __future__ import annotations

import threading
from collections.abc import Callable
from urllib.parse import urlsplit

from protego import Protego

GetRobots = Callable[[str], tuple[int, bytes]]  # url -> (status, body); status 0 when not reached


class Robots:
    """Whether the user agent may fetch a URL; each host's robots.txt is fetched on first use."""

    def __init__(self, get: GetRobots, user_agent: str) -> None:
        self._get = get
        self._agent = user_agent
        self._lock = threading.Lock()
        self._rules: dict[str, Protego | bool] = {}

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        with self._lock:
            rules = self._rules.get(origin)
        if rules is None:
            rules = self._load(origin)
            with self._lock:
                self._rules[origin] = rules
        return rules if isinstance(rules, bool) else bool(rules.can_fetch(url, self._agent))

    def _load(self, origin: str) -> Protego | bool:
        status, body = self._get(origin + "/robots.txt")
        if status == 200:
            return Protego.parse(body.decode("utf-8", errors="replace"))
        return 400 <= status < 500
