"""No network: an audit hook that refuses (and logs) every attempt to reach another machine.

BurnMap runs on offline hospital workstations and must never send data anywhere. Installed at
start-up by main.py and for the whole test suite; Unix-domain sockets (local IPC) stay allowed.
"""
from __future__ import annotations

import logging
import socket
import sys

log = logging.getLogger("burnmap.netguard")
BLOCKED_EVENTS = {"socket.connect", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo",
                  "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo"}
_installed = False


class NetworkBlocked(OSError):
    pass


def _is_local_ipc(event: str, args: tuple) -> bool:
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg") and args:
        sock = args[0]
        return getattr(sock, "family", None) == getattr(socket, "AF_UNIX", object())
    return False


def _hook(event: str, args: tuple) -> None:
    if event in BLOCKED_EVENTS and not _is_local_ipc(event, args):
        target = args[1] if event == "socket.connect" and len(args) > 1 else args[:2]
        log.error("network access refused: %s %r", event, target)
        raise NetworkBlocked(f"BurnMap makes no network connections ({event} refused)")


def install() -> None:
    """Install once per process (audit hooks cannot be removed)."""
    global _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True
