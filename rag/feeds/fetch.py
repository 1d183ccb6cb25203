"""The one HTTP client of the feed loop: http(s) only, at most 5 redirects (each hop paced, its scheme and
robots.txt checked), a size cap counted after decompression, validators for conditional GETs; over the connections
of rag/feeds/connect.py (addresses checked as they are connected to, a deadline for the whole response, one request
at a time per host, a stop flag every wait watches). Every failure is a FetchFailed with a one-line reason."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from rag.feeds.connect import Deadline, FetchFailed, FetchStopped, Pacer, Refused, Transport
from rag.feeds.robots import Robots
from rag.settings_edge import FeedsSettings

MAX_REDIRECTS = 5

__all__ = ["FetchFailed", "FetchStopped", "Fetched", "Fetcher", "NotModified", "Refused"]  # the errors live in connect.py


@dataclass(frozen=True)
class Fetched:
    """A 200 response: the final URL (after redirects), its body (decompressed) and validators."""

    url: str
    body: bytes
    content_type: str
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class NotModified:
    """304: the server says the copy we have is current."""

    url: str


class Fetcher:
    """GET with validators; every failure is a FetchFailed with a one-line reason, and FetchStopped once stop() is
    true (within a fraction of a second, whatever the server does). Close it when done."""

    def __init__(self, settings: FeedsSettings, stop: Callable[[], bool] = lambda: False) -> None:
        self._settings = settings
        self._deadline = Deadline(stop)
        self._client = httpx.Client(
            transport=Transport(settings, self._deadline),
            follow_redirects=False,  # followed in _get: each hop paced, its scheme and robots.txt checked
            timeout=settings.timeout_s,
            headers={"user-agent": settings.user_agent, "accept-encoding": "gzip"},
        )
        self._pacer = Pacer(settings.host_delay_s, stop)
        self.robots = Robots(self._get_robots, settings.user_agent)

    def close(self) -> None:
        self._client.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched | NotModified:
        """The body at url (robots.txt permitting, on every redirect hop), or NotModified when the validators
        still hold."""
        conditional = {"if-none-match": etag} if etag else {}
        if last_modified:
            conditional["if-modified-since"] = last_modified
        return self._get(url, conditional, obey_robots=True)

    def _get_robots(self, url: str) -> tuple[int, bytes, str]:
        try:
            got = self._get(url, {}, obey_robots=False)
        except Refused:
            raise
        except FetchFailed as exc:
            return exc.status, b"", str(exc)
        return 200, got.body if isinstance(got, Fetched) else b"", ""

    def _get(self, url: str, headers: dict[str, str], obey_robots: bool) -> Fetched | NotModified:
        for _ in range(MAX_REDIRECTS + 1):
            check_scheme(url)
            refusal = self.robots.refusal(url) if obey_robots else None  # outside the pacer: robots.txt may be on this host
            if refusal is not None:
                raise FetchFailed(refusal)
            got = self._hop(url, headers)
            if isinstance(got, str):
                url = got
                continue
            return got
        raise FetchFailed(f"more than {MAX_REDIRECTS} redirects")

    def _hop(self, url: str, headers: dict[str, str]) -> Fetched | NotModified | str:
        """One request: its response, or the URL a redirect points to."""
        with self._pacer.turn(urlsplit(url).netloc.lower()), self._deadline.within(self._settings.timeout_s):
            try:
                with self._client.stream("GET", url, headers=headers) as response:
                    if response.has_redirect_location:
                        return str(response.url.join(response.headers["location"]))
                    return self._read(url, response)
            except httpx.TimeoutException:
                raise FetchFailed(f"no complete response within {self._settings.timeout_s:g} s") from None
            except httpx.HTTPError as exc:
                raise FetchFailed(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else 'failed'}") from None

    def _read(self, url: str, response: httpx.Response) -> Fetched | NotModified:
        final = str(response.url)
        check_scheme(final)
        if response.status_code == 304:
            return NotModified(final)
        if response.status_code != 200:
            raise FetchFailed(f"HTTP {response.status_code}", response.status_code)
        body = read_capped(response, self._settings.max_bytes)  # within the response's Deadline
        return Fetched(
            final,
            body,
            response.headers.get("content-type", "").split(";")[0].strip().lower(),
            response.headers.get("etag"),
            response.headers.get("last-modified"),
        )


def check_scheme(url: str) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in {"http", "https"}:
        raise Refused(f"only http and https URLs are fetched, not {scheme or 'a bare name'}:")


def read_capped(response: httpx.Response, cap: int) -> bytes:
    """The body, decompressed here (not by httpx) so that the cap counts decompressed bytes as they are made:
    a small gzip bomb stops at cap + 1 bytes instead of inflating whole."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in {"identity", "gzip", "x-gzip"}:
        raise FetchFailed(f"unsupported content-encoding {encoding}")
    inflate = zlib.decompressobj(wbits=31) if encoding != "identity" else None
    out = bytearray()
    for raw in response.iter_raw():
        data = raw
        while data:
            if inflate is None:
                out += data
                data = b""
            else:
                try:
                    out += inflate.decompress(data, cap + 1 - len(out))
                except zlib.error:
                    raise FetchFailed("corrupt gzip body") from None
                data = inflate.unconsumed_tail
            if len(out) > cap:
                raise FetchFailed(f"larger than {cap} bytes (after decompression)")
    return bytes(out)
