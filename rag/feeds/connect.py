"""How the feed loop's HTTP client connects: only to addresses it may fetch from (checked as each is connected to,
on every redirect hop, so DNS rebinding cannot slip a private address through), each response read within a
deadline for the whole of it (head and body), one request at a time per host, and every wait watching the stop
flag. rag/feeds/fetch.py builds its client on these.

httpx's timeouts are per read: a server that sends one header line every 5 s was never given up on (a poll never
ended, SIGTERM took 221 s, and a good feed on the same host waited behind it). Every stream the pool connects reads
through a Deadline instead: whatever is read, the response must be complete within timeout_s of its request, and a
read waits in short slices that look at the stop flag, so stopping the loop ends a fetch in a second.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import httpcore
import httpx

from rag.settings_edge import FeedsSettings

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


class Transport(httpx.HTTPTransport):
    """httpx's transport over the guarded, deadline-bound connections."""

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
