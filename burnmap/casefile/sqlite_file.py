"""The case file at the SQLite level: its header, connections, transactions, integrity and
audit rows (burnmap.casefile.case builds the case on them)."""
from __future__ import annotations

import sqlite3
import struct
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from burnmap.casefile import schema as schema
from burnmap.casefile.companions import JOURNALS, companion, companion_problem
from burnmap.system.fileio import FileMissing, NotRegularFile, open_regular
from burnmap.system.version import __version__
from burnmap.text.messages import Message, reason

# Audit actions that change nothing in the case's content.
READING_ACTIONS = ("case opened", "report exported")
SQLITE_MAGIC = b"SQLite format 3\x00"


class CaseError(Exception):
    """A case cannot be opened or saved; the message is for the user."""


class ReadOnlyCase(CaseError):
    pass


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def check_header(path: Path) -> int:
    """The schema version of a BurnMap case, read from the header without opening the file."""
    try:
        with open_regular(path) as fh:   # a FIFO or a device is never opened nor waited on
            header = fh.read(100)
    except FileMissing:
        raise CaseError(Message("'{0}' does not exist.", path.name)) from None
    except NotRegularFile:
        if path.is_dir():
            raise CaseError(Message("'{0}' is a folder, not a BurnMap case file.",
                                    path.name)) from None
        raise CaseError(Message("'{0}' is not a BurnMap case file.", path.name)) from None
    except OSError as exc:
        raise CaseError(Message("'{0}' cannot be read ({1}).", path.name,
                                reason(getattr(exc, "cause", None) or exc))) from None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise CaseError(Message("'{0}' is not a BurnMap case file.", path.name))
    version, app_id = struct.unpack(">I", header[60:64])[0], struct.unpack(">I", header[68:72])[0]
    if app_id != schema.APPLICATION_ID:
        raise CaseError(Message("'{0}' is a database, but not a BurnMap case file.", path.name))
    if version > schema.SCHEMA_VERSION:
        raise CaseError(Message("'{0}' was written by a newer BurnMap (case format {1}; this "
                                "version reads up to {2}). It was not changed.", path.name, version,
                                schema.SCHEMA_VERSION))
    return version


def initialise(conn: sqlite3.Connection, who: str) -> None:
    with transaction(conn):
        schema.create(conn)
        conn.execute("INSERT INTO meta VALUES ('created', ?), ('software', ?)",
                     (now_utc(), __version__))
        conn.execute("INSERT INTO patient (id) VALUES (1)")
        audit(conn, who, "case created")
    # The header (application id, version) must reach the main file now: after a crash the
    # file is recognised from its header before the WAL is read.
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _uri(path: Path, mode: str) -> str:
    # Quoted: a '?', '#' or '%' in a file name would otherwise end the path early.
    return f"file:{quote(str(Path(path).absolute()))}?mode={mode}"


def connect_reader(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file or create companions. Without a journal (no
    writer has the case open, nothing unmerged) the file is opened as immutable: no -wal/-shm
    files appear and a read-only medium works. With one, SQLite's read-only mode reads the
    writer's journal through the companions that writer already made."""
    problem = companion_problem(path, JOURNALS)
    if problem is not None:
        raise CaseError(Message("'{0}' cannot be read: {1}", path.name, problem))
    wal = companion(path, "-wal")   # beside the real file, where SQLite keeps it
    quiet = not wal.exists() or wal.stat().st_size == 0
    uri = _uri(path, "ro") + ("&immutable=1" if quiet else "")
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None,
                               timeout=5)
        conn.execute("PRAGMA query_only = ON")
    except sqlite3.Error as exc:
        raise CaseError(Message("'{0}' cannot be read: {1}", path.name, reason(exc))) from None
    return conn


def connect_writer(path: Path) -> sqlite3.Connection:
    """A connection in WAL mode, synchronous FULL, refused (CaseError) when a journal's name
    holds anything but a regular file (SQLite would wait on a FIFO, delete it or write through
    a link)."""
    problem = companion_problem(path, JOURNALS)
    if problem is not None:
        raise CaseError(Message("'{0}' cannot be opened: {1}", path.name, problem))
    try:
        # Autocommit mode: transactions are explicit (_transaction), never implied by Python.
        conn = sqlite3.connect(_uri(path, "rw"), uri=True, check_same_thread=False,
                               isolation_level=None, timeout=5)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        raise CaseError(Message("'{0}' cannot be opened: {1}", path.name, reason(exc))) from None
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection):
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error: all of it or none of it."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def check_integrity(conn: sqlite3.Connection, path: Path) -> None:
    try:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.Error as exc:
        conn.close()
        raise CaseError(Message("'{0}' is damaged and cannot be read ({1}). It was not changed.",
                                path.name, reason(exc))) from None
    if result != "ok" or not {"patient", "photo", "audit"} <= tables:
        conn.close()
        raise CaseError(Message("'{0}' is damaged ({1}). It was not changed.", path.name,
                                str(result)))


def edited_at(conn: sqlite3.Connection) -> datetime | None:
    """When the case's content was last changed: as the window recorded it, else (older cases,
    saves without an edit time) the last audit row that changed something."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'edited_at'").fetchone()
    if row is None:
        marks = ", ".join("?" * len(READING_ACTIONS))
        row = conn.execute(f"SELECT at FROM audit WHERE action NOT IN ({marks}) "
                           "ORDER BY id DESC LIMIT 1", READING_ACTIONS).fetchone()
    return datetime.fromisoformat(row[0]) if row else None


def audit(conn: sqlite3.Connection, who: str, action: str, detail: str = "") -> None:
    conn.execute("INSERT INTO audit (at, who, action, detail) VALUES (?, ?, ?, ?)",
                 (now_utc(), who, action, detail))
