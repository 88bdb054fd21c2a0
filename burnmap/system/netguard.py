"""No network: an audit hook that refuses (and logs) every attempt to reach another machine.

BurnMap runs on offline hospital workstations and must never send data anywhere. Installed at
start-up by main.py and for the whole test suite; Unix-domain sockets (local IPC) stay allowed.

The one exception is an endpoint the user names explicitly (`batch --scheduler dask://HOST:PORT`):
`allowing(host, port)` lets the name be looked up and its addresses be connected to on that port,
and only while the `with` block runs. Nothing else is opened up: not other ports of that host, not
other hosts that endpoint might point us to.
"""
from __future__ import annotations

import ipaddress
import logging
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger("burnmap.netguard")
BLOCKED_EVENTS = {"socket.connect", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo",
                  "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo"}
_installed = False
# Read by the hook on any thread without a lock: each is replaced whole, never changed in place.
_lookups: frozenset[str] = frozenset()                 # host names that may be resolved
_endpoints: frozenset[tuple[str, int]] = frozenset()   # (address, port) that may be connected to
_allow_lock = threading.Lock()


class NetworkBlocked(OSError):
    pass


def _is_local_ipc(event: str, args: tuple) -> bool:
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg") and args:
        sock = args[0]
        return getattr(sock, "family", None) == getattr(socket, "AF_UNIX", object())
    return False


def _port(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _is_address_literal(host) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _is_allowed(event: str, args: tuple) -> bool:
    """The endpoint the user named: its name lookup, and TCP connections to its addresses."""
    if event == "socket.getaddrinfo" and len(args) >= 2 and _lookups:
        host = args[0].decode() if isinstance(args[0], bytes) else args[0]
        # Any port: dask looks the name up again with a dummy port. It also "resolves" the
        # numeric addresses of its own connection, which sends nothing anywhere.
        return host in _lookups or _is_address_literal(host)
    if event == "socket.connect" and len(args) >= 2 and isinstance(args[1], tuple):
        address = args[1]
        return len(address) >= 2 and (address[0], _port(address[1])) in _endpoints
    return False


def _hook(event: str, args: tuple) -> None:
    if event in BLOCKED_EVENTS and not _is_local_ipc(event, args) \
            and not _is_allowed(event, args):
        target = args[1] if event == "socket.connect" and len(args) > 1 else args[:2]
        log.error("network access refused: %s %r", event, target)
        raise NetworkBlocked(f"BurnMap makes no network connections ({event} refused)")


def install() -> None:
    """Install once per process (audit hooks cannot be removed)."""
    global _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True


@contextmanager
def allowing(host: str, port: int) -> Iterator[list[str]]:
    """Allow connections to `host`:`port` (and only there) inside the block; yields the
    addresses the name resolved to. Raises OSError (socket.gaierror) if it does not resolve."""
    global _lookups, _endpoints
    with _allow_lock:
        lookups_before, endpoints_before = _lookups, _endpoints
        _lookups = _lookups | {host}
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        addresses = sorted({info[4][0] for info in infos})
        with _allow_lock:
            _endpoints = _endpoints | {(a, port) for a in addresses}
        log.info("network access allowed to %s:%d (%s) only", host, port, ", ".join(addresses))
        yield addresses
    finally:
        with _allow_lock:
            _lookups, _endpoints = lookups_before, endpoints_before
