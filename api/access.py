"""Who may call what, and how much: bearer API keys with read/write scopes, a per-caller rate limit, and a
cap on answers in flight (per caller and in all), so one bot cannot starve the others.

With no keys configured every caller is anonymous (the server then listens on loopback only, see
api/cli.py) and limits apply per client address.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Request, Response, Security
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from api.logs import note_caller
from rag.settings_edge import ApiSettings
from rag.store.keys import KeyStore

bearer = HTTPBearer(auto_error=False, description="An API key from `newsqa keys create` (needed when keys exist).")
_KEY_PARAMS = {"api_key", "apikey", "key", "token", "access_token", "authorization"}


class AccessDenied(Exception):
    """Answered in the error shape by api/errors.py: status, code, message and optional Retry-After."""

    def __init__(self, status: int, code: str, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.retry_after = status, code, retry_after


@dataclass(frozen=True)
class Caller:
    """Who is calling: a key's name and scope, or an anonymous client address."""

    name: str
    scope: str


class Access:
    """The API's gatekeeper: authenticate, then charge the rate limit; admit() bounds answers in flight."""

    def __init__(self, keys: KeyStore, settings: ApiSettings) -> None:
        self._keys = keys
        self._settings = settings
        self._limiter = MovingWindowRateLimiter(MemoryStorage())  # the limits library, in this process
        self._rate = RateLimitItemPerMinute(settings.rate_per_minute)
        self._lock = threading.Lock()
        self._in_flight: dict[str, int] = {}

    def caller(self, request: Request, credentials: HTTPAuthorizationCredentials | None, scope: str) -> Caller:
        """Who is calling (identify), charged to the rate limit."""
        return self._charged(self.identify(request, credentials, scope))

    def identify(self, request: Request, credentials: HTTPAuthorizationCredentials | None, scope: str) -> Caller:
        """Who is calling, by key; AccessDenied (401, 403) otherwise. Nothing is charged: /mcp checks the key on
        every request and charges the /v1 call each tool makes."""
        if _KEY_PARAMS & {p.lower() for p in request.query_params}:
            raise AccessDenied(401, "key_in_url", "send the key as 'Authorization: Bearer <key>', never in the URL")
        if not self._keys.required():
            host = request.client.host if request.client else "unknown"
            return Caller(f"anonymous:{host}", "write")
        if credentials is None:
            raise AccessDenied(401, "missing_key", "this server needs an API key: 'Authorization: Bearer <key>'")
        key = self._keys.verify(credentials.credentials)
        if key is None:
            raise AccessDenied(401, "invalid_key", "that API key is not valid (revoked, or never issued)")
        if scope == "write" and key.scope != "write":
            raise AccessDenied(403, "forbidden", f"the key {key.name!r} may read but not write")
        return Caller(key.name, key.scope)

    def _charged(self, caller: Caller) -> Caller:
        if not self._limiter.hit(self._rate, caller.name):
            reset = self._limiter.get_window_stats(self._rate, caller.name).reset_time
            wait = max(1, math.ceil(reset - time.time()))
            raise AccessDenied(429, "rate_limited", f"over {self._settings.rate_per_minute} requests a minute", wait)
        return caller

    @contextmanager
    def admit(self, caller: Caller) -> Iterator[None]:
        """Hold an answer slot for the block: at most answers_per_caller for one caller and answers_in_flight in all."""
        release = self.take_slot(caller)
        try:
            yield
        finally:
            release()

    def take_slot(self, caller: Caller) -> Callable[[], None]:
        """Take an answer slot now (429/503 when none is free) and return its release, which may be called any
        number of times: a stream releases it the moment it ends, whichever way it ends."""
        with self._lock:
            mine, total = self._in_flight.get(caller.name, 0), sum(self._in_flight.values())
            if total >= self._settings.answers_in_flight:
                raise AccessDenied(503, "overloaded", "too many answers in flight; try again shortly", 2)
            if mine >= self._settings.answers_per_caller:
                limit = self._settings.answers_per_caller
                raise AccessDenied(429, "too_many_concurrent", f"at most {limit} answers at a time per caller", 1)
            self._in_flight[caller.name] = mine + 1
        held = [True]

        def release() -> None:
            with self._lock:
                if held:  # only the first call gives the slot back
                    held.clear()
                    self._in_flight[caller.name] -= 1

        return release

    def in_flight(self, caller_name: str) -> int:
        """Answers this caller has in flight now."""
        with self._lock:
            return self._in_flight.get(caller_name, 0)


def access_of(request: Request) -> Access:
    access = request.app.state.access
    assert isinstance(access, Access)  # set by create_app
    return access


Credentials = Annotated[HTTPAuthorizationCredentials | None, Security(bearer)]


async def _checked(request: Request, credentials: HTTPAuthorizationCredentials | None, scope: str) -> Caller:
    known = getattr(request.state, "caller", None)
    if isinstance(known, Caller):  # checked by KeyFirstRoute before the body was read: charged once
        return known
    caller = access_of(request).caller(request, credentials, scope)
    note_caller(caller.name)
    return caller


async def read_caller(request: Request, credentials: Credentials) -> Caller:
    """A caller allowed to read (ask, search, list); raises AccessDenied otherwise."""
    return await _checked(request, credentials, "read")


async def write_caller(request: Request, credentials: Credentials) -> Caller:
    """A caller allowed to write (add or delete articles)."""
    return await _checked(request, credentials, "write")


def _scope_needed(dependant: Dependant) -> str | None:
    calls = {d.call for d in dependant.dependencies}
    return "write" if write_caller in calls else "read" if read_caller in calls else None


class KeyFirstRoute(APIRoute):
    """A route that checks the caller's key before FastAPI reads and parses the request body (FastAPI reads the
    body before it solves any dependency). Without it a caller with no key could hold a connection with a slow
    body, and bad JSON was answered 422 before a missing key's 401. The dependency then finds the caller checked."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        scope = _scope_needed(self.dependant)
        if scope is None:
            return handler

        async def key_first(request: Request) -> Response:
            credentials = await bearer(request)
            caller = access_of(request).caller(request, credentials, scope)
            note_caller(caller.name)
            request.state.caller = caller
            return await handler(request)

        return key_first
