"""An audit-hook guard that refuses, and records, every connection attempt to a non-loopback address."""

from __future__ import annotations

import ipaddress
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_state: dict[str, Any] = {"armed": False, "attempts": [], "installed": False}


def _is_loopback(host: object) -> bool:
    if not isinstance(host, str) or host in {"localhost", ""}:
        return host in {"localhost", ""}
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a host name other than localhost means a DNS lookup: off the machine


def _needs_dns(host: object) -> bool:
    if not isinstance(host, str) or host in {"localhost", ""}:
        return False
    try:
        ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return True
    return False


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not _state["armed"]:
        return
    if event == "socket.connect":
        address = args[1]
        if isinstance(address, tuple) and not _is_loopback(address[0]):
            _state["attempts"].append(f"connect {address}")
            raise OSError(f"network guard: connection to {address} refused")
    elif event == "socket.getaddrinfo" and _needs_dns(args[0]):
        _state["attempts"].append(f"getaddrinfo {args[0]}")
        raise OSError(f"network guard: lookup of {args[0]} refused")


@contextmanager
def no_network() -> Iterator[list[str]]:
    """Within the block, non-loopback connects and lookups fail; yields the list of attempts."""
    if not _state["installed"]:
        sys.addaudithook(_hook)  # audit hooks cannot be removed, hence the armed flag
        _state["installed"] = True
    _state["attempts"] = []
    _state["armed"] = True
    try:
        yield _state["attempts"]
    finally:
        _state["armed"] = False
