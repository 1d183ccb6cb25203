"""A local web site for the feed tests: routes served by http.server on 127.0.0.1 in a thread, every request
counted, ETags honoured. Fixture feeds and pages are made up here (no copied news text)."""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from rag.components import Components
from rag.feeds.poll import Poller, SourceReport, Write
from rag.feeds.sources import Source
from rag.feeds.state import StateFile, state_path

WORDS = ["harbour", "council", "lantern", "orchard", "ferry", "quarry", "meadow", "beacon", "tannery", "granary", "kiln", "weir"]


@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: str | None = None
    delay_s: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    drip_s: float = 0.0  # the pause before each header line: a server that sends its response head slowly


def article_html(title: str, topic: str, version: int = 1) -> bytes:
    """A page trafilatura reads as an article: a headline and a few paragraphs of invented text about topic."""
    paragraphs = "".join(
        f"<p>The {topic} committee met for session {n} of version {version} and agreed that the {WORDS[n % len(WORDS)]} "
        f"near the {topic} would reopen after repairs costing {n * 1000 + version} crowns, officials said on Tuesday.</p>"
        for n in range(1, 7)
    )
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body><header><nav>Home | News</nav></header>"
        f"<article><h1>{title}</h1>{paragraphs}</article><footer>Copyright Example Gazette</footer></body></html>"
    ).encode()


def rss(base: str, items: list[tuple[str, str, str]]) -> bytes:
    """RSS 2.0 with (path, title, pubDate) items."""
    body = "".join(
        f"<item><title>{t}</title><link>{base}{p}</link><guid>{base}{p}</guid><pubDate>{d}</pubDate></item>" for p, t, d in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>{body}</channel></rss>'.encode()


class Site:
    """Serves routes (path -> Route) and counts requests per path; `base` is http://127.0.0.1:PORT."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.hits[self.path] += 1
                route = site.routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.send_header("content-length", "0")
                    self.end_headers()
                    return
                time.sleep(route.delay_s)
                if route.etag is not None and self.headers.get("if-none-match") == route.etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (timeout, cap)
                    self._respond(route)

            def _respond(self, route: Route) -> None:
                self.send_response(route.status)
                self.send_header("content-type", route.content_type)
                self.send_header("content-length", str(len(route.body)))
                for name, value in {**route.headers, **({"etag": route.etag} if route.etag else {})}.items():
                    self.send_header(name, value)
                if route.drip_s:
                    self._drip(route.drip_s)
                self.end_headers()
                self.wfile.write(route.body)

            def _drip(self, pause_s: float) -> None:
                pending: list[bytes] = getattr(self, "_headers_buffer", [])  # http.server's head, not yet sent
                for line in pending:
                    time.sleep(pause_s)
                    self.wfile.write(line)
                    self.wfile.flush()
                pending.clear()
                for n in range(40):
                    time.sleep(pause_s)
                    self.wfile.write(f"x-slow-{n}: still sending\r\n".encode())
                    self.wfile.flush()

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = int(self._server.server_address[1])
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def page(self, path: str, title: str, topic: str, version: int = 1, **kwargs: object) -> None:
        self.routes[path] = Route(article_html(title, topic, version), **kwargs)  # type: ignore[arg-type]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def poll(components: Components, sources: Sequence[Source], write: Write | None = None, batch: int = 16) -> list[SourceReport]:
    """One poll with a fresh state read from the data dir (as a restarted loop would)."""
    settings = components.settings
    state = StateFile(state_path(settings.data_dir), settings.feeds.max_entries)
    return Poller(settings.feeds, state, write or components.articles.put, components.observers, batch).poll(sources)
