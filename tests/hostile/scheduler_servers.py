"""Things listening on a port that are not a good dask scheduler, and real clusters started by
the test, for the scheduler corpus.

`FakeServers` runs, on threads of the test process, one listener per behaviour: silent (accepts,
never answers), a banner of another protocol, an absurd message length, a connection closed at
once, framing that is not dask's, half a header, TLS then silence, TLS then garbage, and a "dask"
scheduler that answers the first connection's handshake and then never again. Listening is not
what the network guard watches (connecting is), so the batch under test reaches them only while
it has the scheduler's address allowed.
"""
from __future__ import annotations

import contextlib
import socket
import ssl
import struct
import subprocess
import sys
import threading
from pathlib import Path

import msgpack

ROOT = Path(__file__).resolve().parents[2]


def dask_handshake() -> bytes:
    """What a dask scheduler sends first: a message of one msgpack frame."""
    frame = msgpack.packb({"compression": None, "python": [3, 11, 7], "pickle-protocol": 5})
    payload = struct.pack("<QQ", 1, len(frame)) + frame
    return struct.pack("<Q", len(payload)) + payload


class FakeServers:
    def __init__(self, certs: Path):
        self._sockets: list[socket.socket] = []
        self._held: list[socket.socket] = []   # accepted and kept open, never answered
        self._tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._tls.load_cert_chain(certs / "node.pem", certs / "node.key")
        self.ports: dict[str, int] = {}
        self._answered_once = False
        behaviours = {
            "silent": lambda c: None,
            "ssh": lambda c: c.sendall(b"SSH-2.0-OpenSSH_9.6\r\n"),
            "http": lambda c: c.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"),
            "huge-length": lambda c: c.sendall(struct.pack("<Q", 10 ** 12)),
            "closes": lambda c: c.close(),
            "not-msgpack": lambda c: c.sendall(struct.pack("<QQQ", 24, 1, 8) + b"\xc1" * 8),
            "half-header": lambda c: c.sendall(b"\x10\x00\x00"),
            "tls-silent": lambda c: self._tls.wrap_socket(c, server_side=True),
            "tls-garbage": lambda c: self._tls.wrap_socket(c, server_side=True).sendall(
                b"HTTP/1.1 400 Bad Request\r\n\r\n"),
            "dask-once": self._answer_once,
        }
        for name, behaviour in behaviours.items():
            self.ports[name] = self._listen(behaviour)

    def _answer_once(self, conn: socket.socket) -> None:
        if not self._answered_once:
            self._answered_once = True
            conn.sendall(dask_handshake())

    def _listen(self, behaviour) -> int:
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        self._sockets.append(server)

        def serve():
            while True:
                try:
                    conn, _ = server.accept()
                except OSError:
                    return
                self._held.append(conn)
                try:
                    conn.settimeout(10)
                    result = behaviour(conn)
                    if isinstance(result, socket.socket):
                        self._held.append(result)
                except (OSError, ssl.SSLError):
                    pass
        threading.Thread(target=serve, daemon=True).start()
        return server.getsockname()[1]

    def close(self) -> None:
        for sock in self._sockets + self._held:
            with contextlib.suppress(OSError):
                sock.close()


class Cluster:
    """tests/cli/dask_cluster.py in a process of its own; `address` as it printed it."""

    def __init__(self, *args: str):
        """Started, not yet waited for (`started()`): clusters start side by side."""
        self.args = args
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "tests/cli/dask_cluster.py"),
                                      *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
        self.address, self.port = "", 0

    def started(self) -> Cluster:
        self.address = self.proc.stdout.readline().strip()
        if "://" not in self.address:
            self.close()
            raise RuntimeError(f"the dask cluster {self.args} did not start")
        self.port = int(self.address.rsplit(":", 1)[1])
        return self

    def close(self) -> None:
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
        except (subprocess.TimeoutExpired, OSError):
            self.proc.kill()
            self.proc.wait()


def own_address() -> str | None:
    """This machine's address on its network (not loopback), found without sending anything
    (a UDP socket's connect only picks the route), in a process without the network guard."""
    code = ("import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); "
            "s.connect(('198.51.100.7', 9)); print(s.getsockname()[0])")
    try:
        found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                               timeout=30).stdout.strip()
    except subprocess.TimeoutExpired:
        return None
    return found if found and not found.startswith("127.") else None
