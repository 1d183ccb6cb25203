"""The one HTTP client of the feed loop: http(s) only, every address checked as it is connected to, at most 5
redirects, a deadline for the whole response and a size cap counted after decompression, one request at a time per
host, robots.txt, and a stop flag every wait watches.

Addresses are checked inside the connection pool (GuardedBackend), not before the request: every redirect hop is
connected through it, and a name that resolves to a public address when checked and a private one when used
(DNS rebinding) cannot slip through, because the checked address is the one connected to.

httpx's timeouts are per read: a server that sends one header line every 5 s was never given up on (a poll never
ended, SIGTERM took 221 s, and a good feed on the same host waited behind it). Every stream the pool connects reads
through a Deadline instead: whatever is read, the response (head and body) must be complete within timeout_s of its
request, and a read waits in short slices that look at the stop flag, so stopping the loop ends a fetch in a second.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from rag.feeds.robots import Robots
from rag.settings import FeedsSettings

MAX_REDIRECTS = 5
PRIVATE_SETTING = "NEWSQA_FEEDS__ALLOW_PRIVATE=true"


class FetchFailed(Exception):
    """A fetch that cannot succeed as asked; the message is one line, safe to show (status: the HTTP one, or 0)."""

    def __init__(self, reason: str, status: int = 0) -> None:
        super().__init__(reason)
        self.status = status


class Refused(FetchFailed):
    """The address is not one the loop may fetch from."""


class FetchStopped(Exception):
    """The loop was told to stop while a request was in flight or waiting its turn: not the source's failure."""


_SLICE_S = 0.25  # how often a waiting read or turn looks at the stop flag


class Deadline:
    """The end of the response this thread is fetching (None outside a request), and the loop's stop flag. Kept per
    thread: a pooled connection is read by whichever thread makes the next request on it."""

    def __init__(self, stop: Callable[[], bool]) -> None:
        self.stop = stop
        self._local = threading.local()

    @contextmanager
    def within(self, seconds: float) -> Iterator[None]:
        self._local.ends = time.monotonic() + seconds
        try:
            yield
        finally:
            self._local.ends = None

    def wait(self, attempt: Callable[[float], bytes], timeout: float | None) -> bytes:
        """attempt(seconds) repeated in short slices until it returns, the stop flag is set (FetchStopped), or the
        read's own timeout or the response's deadline passes (httpcore.ReadTimeout, as httpx's own timeout)."""
        ends = [t for t in (getattr(self._local, "ends", None), None if timeout is None else time.monotonic() + timeout) if t]
        while True:
            if self.stop():
                raise FetchStopped("stopped")
            left = min([e - time.monotonic() for e in ends], default=_SLICE_S)
            if left <= 0:
                raise httpcore.ReadTimeout("the response was not complete in time")
            try:
                return attempt(min(left, _SLICE_S))
            except httpcore.ReadTimeout:
                continue


class _Bounded(httpcore.NetworkStream):
    """A connected stream whose reads keep the Deadline (a TLS stream started on it too)."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: Deadline) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._deadline.wait(lambda seconds: self._inner.read(max_bytes, seconds), timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, timeout)

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return _Bounded(self._inner.start_tls(ssl_context, server_hostname, timeout), self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


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


def _allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", maxsplit=1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    elif isinstance(ip, ipaddress.IPv6Address) and int(ip) >> 32 == 0:
        ip = ipaddress.IPv4Address(int(ip))  # IPv4-compatible: ::127.0.0.1 is 127.0.0.1 (and ::1 is not global)
    return ip.is_global and not ip.is_multicast


class GuardedBackend(httpcore.SyncBackend):
    """Connects only to global addresses unless private ones are allowed (or the host is allow-listed); every
    stream it connects reads within the Deadline."""

    def __init__(self, settings: FeedsSettings, deadline: Deadline) -> None:
        self._settings = settings
        self._deadline = deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        return _Bounded(self._connect(host, port, timeout, local_address, socket_options), self._deadline)

    def _connect(
        self, host: str, port: int, timeout: float | None, local_address: str | None, socket_options: Iterable[Any] | None
    ) -> httpcore.NetworkStream:
        if self._settings.allow_private or host.lower() in {h.lower() for h in self._settings.allow_hosts}:
            return super().connect_tcp(host, port, timeout, local_address, socket_options)
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError:
            raise FetchFailed(f"cannot resolve {host}") from None
        addresses = [str(info[4][0]) for info in infos]
        good = [a for a in addresses if _allowed(a)]
        if not good:
            raise Refused(
                f"{host} resolves to a private, loopback or link-local address ({addresses[0]}): refused; "
                f"set {PRIVATE_SETTING} (or list the host in NEWSQA_FEEDS__ALLOW_HOSTS) to fetch from it"
            )
        return super().connect_tcp(good[0], port, timeout, local_address, socket_options)


class _Transport(httpx.HTTPTransport):
    def __init__(self, settings: FeedsSettings, deadline: Deadline) -> None:
        super().__init__()
        # httpx takes no network backend; its pool (httpx 0.28, pinned) is rebuilt with the guarded one
        backend = GuardedBackend(settings, deadline)
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(), network_backend=backend)


class Pacer:
    """One request at a time per host, host_delay_s apart (other hosts go on meanwhile); waiting for a turn ends
    with FetchStopped once stop() is true."""

    def __init__(self, delay_s: float, stop: Callable[[], bool] = lambda: False) -> None:
        self._delay = delay_s
        self._stop = stop
        self._lock = threading.Lock()
        self._hosts: dict[str, tuple[threading.Lock, list[float]]] = {}

    @contextmanager
    def turn(self, host: str) -> Iterator[None]:
        with self._lock:
            lock, last = self._hosts.setdefault(host, (threading.Lock(), [0.0]))
        while not lock.acquire(timeout=_SLICE_S):
            self._stopped()
        try:
            while (wait := last[0] + self._delay - time.monotonic()) > 0:
                self._stopped()
                time.sleep(min(wait, _SLICE_S))
            self._stopped()
            try:
                yield
            finally:
                last[0] = time.monotonic()
        finally:
            lock.release()

    def _stopped(self) -> None:
        if self._stop():
            raise FetchStopped("stopped")


class Fetcher:
    """GET with validators; every failure is a FetchFailed with a one-line reason, and FetchStopped once stop() is
    true (within a fraction of a second, whatever the server does). Close it when done."""

    def __init__(self, settings: FeedsSettings, stop: Callable[[], bool] = lambda: False) -> None:
        self._settings = settings
        self._deadline = Deadline(stop)
        self._client = httpx.Client(
            transport=_Transport(settings, self._deadline),
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
        raise FetchFailed(f"only http and https URLs are fetched, not {scheme or 'a bare name'}:")


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
