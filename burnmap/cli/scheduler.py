"""`batch --scheduler`: which dask scheduler, how it is reached, and whether it really is one.

`dask://HOST:PORT` is unencrypted: allowed on this machine, on any other only with `--insecure`
(patient photos and results would cross the network in the clear). `tls://HOST:PORT` is mutual
TLS: the scheduler's certificate must be signed by `--tls-ca`, and this client shows `--tls-cert`
with its `--tls-key` (dask.distributed's `Security`). The files are read and checked before any
connection. Then `probe` talks to the scheduler before dask does, within `--connect-timeout`
and reading at most a few kilobytes: a port that accepts and never answers, speaks another
protocol, refuses the certificate or closes at once is a clear refusal, not a hang, a memory
error or a traceback (dask's own handshake waits without a limit and believes any length).
"""
from __future__ import annotations

import ipaddress
import math
import socket
import ssl
import struct
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from burnmap.cli.common import CommandError
from burnmap.system.fileio import FileRefused, read_small_file

DEFAULT_TIMEOUT_S = 20.0
MAX_TIMEOUT_S = 600.0
MAX_PEM_BYTES = 1 << 20
MAX_HANDSHAKE_BYTES = 64 << 10   # dask's handshake is some 60 bytes


@dataclass(frozen=True)
class Scheduler:
    host: str
    port: int
    timeout: float
    insecure: bool = False
    tls: tuple[str, str, str] | None = None   # PEM text of the CA, the certificate, the key

    @property
    def address(self) -> str:
        """As dask wants it: tls:// or tcp://, IPv6 hosts in brackets."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'tls' if self.tls else 'tcp'}://{host}:{self.port}"

    @property
    def given(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'tls' if self.tls else 'dask'}://{host}:{self.port}"

    def ssl_context(self) -> ssl.SSLContext | None:
        """The client's TLS context as dask.distributed makes it (its certificate shown, the
        scheduler's checked against the CA only: dask clusters use addresses, not names)."""
        return None if self.tls is None else tls_context(*self.tls)

    def security(self):
        """dask.distributed's Security for this scheduler (None: plain TCP)."""
        if self.tls is None:
            return None
        from distributed.security import Security
        ca, cert, key = self.tls
        return Security(tls_ca_file=ca, tls_client_cert=cert, tls_client_key=key,
                        require_encryption=True)


def connect_timeout(text: str) -> float:
    """argparse type: seconds, a finite number from 1 to 600."""
    import argparse
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or not 1 <= value <= MAX_TIMEOUT_S:
        raise argparse.ArgumentTypeError(f"{text!r}: give 1 to {MAX_TIMEOUT_S:g} seconds")
    return value


def scheduler_from_args(args) -> Scheduler | None:
    """The scheduler the options name, its TLS files read and checked; None without one."""
    tls_files = {"--tls-ca": args.tls_ca, "--tls-cert": args.tls_cert, "--tls-key": args.tls_key}
    given = [name for name, value in tls_files.items() if value is not None]
    if args.scheduler is None:
        if given or args.insecure:
            raise CommandError(f"{', '.join(given or ['--insecure'])} need(s) --scheduler")
        return None
    scheme, host, port = _parse(args.scheduler)
    if scheme == "dask":
        if given:
            raise CommandError(f"{', '.join(given)}: certificates are for tls://HOST:PORT; "
                               f"dask:// is unencrypted")
        return Scheduler(host, port, args.connect_timeout, args.insecure)
    missing = [name for name, value in tls_files.items() if value is None]
    if missing:
        raise CommandError(f"--scheduler tls://... needs {', '.join(missing)} (mutual TLS: "
                           f"the CA that signed the scheduler's certificate, this client's "
                           f"certificate and its key)")
    pems = tuple(_read_pem(name, Path(path)) for name, path in tls_files.items())
    tls_context(*pems)   # refused now, before any connection, if they cannot be used
    return Scheduler(host, port, args.connect_timeout, args.insecure, pems)


def _parse(text: str) -> tuple[str, str, int]:
    try:
        parts = urlsplit(text)
        host, port = parts.hostname, parts.port
    except ValueError:
        host = port = parts = None
    if parts is None or parts.scheme not in ("dask", "tls") or not host or not port or \
            parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise CommandError(f"--scheduler {text!r}: give the dask scheduler as "
                           f"dask://HOST:PORT (unencrypted) or tls://HOST:PORT, e.g. "
                           f"tls://10.0.0.5:8786")
    return parts.scheme, host, port


def _read_pem(option: str, path: Path) -> str:
    """A PEM file's text: a regular file (a FIFO is never waited on), small, ASCII."""
    try:
        data = read_small_file(path, MAX_PEM_BYTES)
    except FileRefused as exc:
        raise CommandError(f"{option} {path} {exc.problem}") from None
    if b"-----BEGIN " not in data:
        raise CommandError(f"{option} {path} is not a PEM file (-----BEGIN ...)")
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        raise CommandError(f"{option} {path} is not a PEM file (it is not ASCII text)") from None
    return text if text.endswith("\n") else text + "\n"   # dask tells text from a path by '\n'


def tls_context(ca: str, cert: str, key: str) -> ssl.SSLContext:
    """A client context like dask.distributed's (Security._get_tls_context), made from the PEM
    texts; OpenSSL never asks for a passphrase on the terminal."""
    def no_passphrase():
        raise CommandError("--tls-key is protected by a passphrase, which BurnMap cannot ask "
                           "for; give a key without one (readable by you only)")
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.check_hostname = False
    context.verify_mode = ssl.CERT_REQUIRED
    context.verify_flags &= ~ssl.VERIFY_X509_STRICT
    try:
        context.load_verify_locations(cadata=ca)
    except (ssl.SSLError, ValueError) as exc:
        raise CommandError(f"--tls-ca holds no usable CA certificate ({exc})") from None
    with tempfile.TemporaryDirectory(prefix="burnmap-tls-") as folder:
        paths = [Path(folder, name) for name in ("cert.pem", "key.pem")]
        for path, text in zip(paths, (cert, key), strict=True):
            path.write_text(text)
        try:
            context.load_cert_chain(paths[0], paths[1], password=no_passphrase)
        except ssl.SSLError as exc:
            raise CommandError(f"--tls-cert and --tls-key cannot be used together "
                               f"({_reason(exc)}): is the key this certificate's?") from None
    return context


def is_this_machine(addresses: list[str]) -> bool:
    """Whether every address the host resolved to is a loopback address."""
    try:
        return bool(addresses) and all(ipaddress.ip_address(a.split("%")[0]).is_loopback
                                       for a in addresses)
    except ValueError:
        return False


def probe(scheduler: Scheduler, context: ssl.SSLContext | None) -> None:
    """CommandError unless a dask scheduler answers at the address within the timeout."""
    where = f"the dask scheduler {scheduler.given}"
    deadline = time.monotonic() + scheduler.timeout
    sock = _connect(scheduler, where)
    try:
        if context is not None:
            sock = _tls(sock, context, scheduler, where)
        header = _receive(sock, 8, deadline, where, scheduler.timeout)
        (size,) = struct.unpack("<Q", header)
        if not 8 < size <= MAX_HANDSHAKE_BYTES:
            raise CommandError(f"{where} does not speak the dask protocol (its first bytes "
                               f"are {header!r}); nothing was written")
        _check_handshake(_receive(sock, size, deadline, where, scheduler.timeout), where)
    finally:
        sock.close()


def _connect(scheduler: Scheduler, where: str) -> socket.socket:
    try:
        return socket.create_connection((scheduler.host, scheduler.port), scheduler.timeout)
    except socket.gaierror as exc:
        raise CommandError(f"cannot reach {where}: {exc.strerror or exc}; nothing was written") \
            from None
    except ConnectionRefusedError:
        raise CommandError(f"cannot reach {where}: nothing listens on port {scheduler.port}; "
                           f"nothing was written") from None
    except TimeoutError:
        raise CommandError(f"cannot reach {where}: no connection within "
                           f"{scheduler.timeout:g} s (--connect-timeout); nothing was written") \
            from None
    except OSError as exc:
        raise CommandError(f"cannot reach {where} ({exc.strerror or exc}); nothing was "
                           f"written") from None


def _tls(sock: socket.socket, context: ssl.SSLContext, scheduler: Scheduler,
         where: str) -> socket.socket:
    try:
        return context.wrap_socket(sock, server_hostname=scheduler.host)
    except ssl.SSLCertVerificationError as exc:
        raise CommandError(f"{where} shows a certificate that --tls-ca does not vouch for "
                           f"({exc.verify_message}); nothing was written") from None
    except (ssl.SSLError, ConnectionError) as exc:
        raise CommandError(f"{where} did not complete a TLS handshake ({_reason(exc)}): is it "
                           f"a TLS dask scheduler?; nothing was written") from None
    except TimeoutError:
        raise CommandError(f"{where} did not complete a TLS handshake within "
                           f"{scheduler.timeout:g} s (--connect-timeout); nothing was written") \
            from None


def _receive(sock: socket.socket, size: int, deadline: float, where: str,
             timeout: float) -> bytes:
    data = b""
    while len(data) < size:
        left = deadline - time.monotonic()
        try:
            if left <= 0:
                raise TimeoutError
            sock.settimeout(left)
            chunk = sock.recv(size - len(data))
        except TimeoutError:
            raise CommandError(f"{where} accepted the connection but did not answer within "
                               f"{timeout:g} s (--connect-timeout): it is not a dask "
                               f"scheduler, or it expects tls://; nothing was written") from None
        except ssl.SSLError as exc:   # TLS 1.3: the scheduler's verdict on our certificate
            raise CommandError(f"{where} refused this client's certificate ({_reason(exc)}); "
                               f"nothing was written") from None
        except OSError as exc:
            raise CommandError(f"{where} closed the connection ({exc.strerror or exc}); "
                               f"nothing was written") from None
        if not chunk:
            raise CommandError(f"{where} closed the connection without a dask handshake (not "
                               f"a dask scheduler, or it refused this client); nothing was "
                               f"written")
        data += chunk
    return data


def _check_handshake(payload: bytes, where: str) -> None:
    """dask's framing: a frame count, their lengths, then a msgpack map (compression,
    Python version, pickle protocol). Nothing in it is unpickled."""
    import msgpack
    try:
        (count,) = struct.unpack_from("<Q", payload)
        if not 1 <= count <= 16:
            raise ValueError("frame count")
        lengths = struct.unpack_from(f"<{count}Q", payload, 8)
        start = 8 * (1 + count)
        if start + sum(lengths) != len(payload):
            raise ValueError("frame lengths")
        info = msgpack.unpackb(payload[start:start + lengths[0]], raw=False,
                               strict_map_key=False)   # at most 64 KB: nothing large inside
        if not isinstance(info, dict):
            raise ValueError("not a map")
    except (ValueError, struct.error, msgpack.exceptions.UnpackException, TypeError) as exc:
        raise CommandError(f"{where} does not speak the dask protocol ({exc}); nothing was "
                           f"written") from None


def _reason(exc: BaseException) -> str:
    return getattr(exc, "reason", None) or getattr(exc, "strerror", None) or str(exc) or \
        type(exc).__name__
