"""The case file: one SQLite database per case (`.burncase`), written in transactions.

Every save is one SQLite transaction in WAL mode, so a crash or a killed process leaves either
the previous or the new state, never a mix; a full or read-only disk makes the transaction fail
and roll back, leaving the previous state. A file is checked from its header (SQLite magic,
BurnMap application id, schema version) before it is opened for writing, so a foreign, damaged or
newer file is reported and never modified. One window writes a case at a time (`CaseLock`); the
others open it read-only. Photos are kept as their original bytes with their SHA-256.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import struct
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from . import case_schema as schema
from .case_codec import (CodecError, decode_png, encode_png, parsing_from_rows, parsing_rows,
                         patient_from_row, patient_row)
from .case_lock import CaseLock
from .imaging import PhotoError, decode_photo
from .regions import Joints
from .version import __version__
from .workspace import PhotoState, Workspace

SUFFIX = ".burncase"
SQLITE_MAGIC = b"SQLite format 3\x00"


class CaseError(Exception):
    """A case cannot be opened or saved; the message is for the user."""


class ReadOnlyCase(CaseError):
    pass


def now_utc() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def check_header(path: Path) -> int:
    """The schema version of a BurnMap case, read from the header without opening the file."""
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
    except FileNotFoundError:
        raise CaseError(f"'{path.name}' does not exist.") from None
    except OSError as exc:
        raise CaseError(f"'{path.name}' cannot be read ({exc.strerror}).") from None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise CaseError(f"'{path.name}' is not a BurnMap case file.")
    version, app_id = struct.unpack(">I", header[60:64])[0], struct.unpack(">I", header[68:72])[0]
    if app_id != schema.APPLICATION_ID:
        raise CaseError(f"'{path.name}' is a database, but not a BurnMap case file.")
    if version > schema.SCHEMA_VERSION:
        raise CaseError(f"'{path.name}' was written by a newer BurnMap (case format {version}; "
                        f"this version reads up to {schema.SCHEMA_VERSION}). It was not changed.")
    return version


@dataclass
class _Saved:
    """What the file holds for one photo, so a save writes only what changed."""
    photo_id: int
    burn_revision: int
    parsing: object


class CaseFile:
    def __init__(self, path: Path, conn: sqlite3.Connection, lock: CaseLock, read_only: bool):
        self.path, self.conn, self.lock, self.read_only = path, conn, lock, read_only
        self._mutex = threading.Lock()  # autosave runs on another thread
        self._saved: dict[int, _Saved] = {}
        self._patient_row: tuple | None = None

    # --- opening ----------------------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path, who: str) -> "CaseFile":
        path = Path(path)
        if path.exists():
            raise CaseError(f"'{path.name}' already exists.")
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # user only
            conn = _connect(path, read_only=False)
            with _transaction(conn):
                schema.create(conn)
                conn.execute("INSERT INTO meta VALUES ('created', ?), ('software', ?)",
                             (now_utc(), __version__))
                conn.execute("INSERT INTO patient (id) VALUES (1)")
                _audit(conn, who, "case created")
            # The header (application id, version) must reach the main file now: after a crash
            # the file is recognised from its header before the WAL is read.
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            path.unlink(missing_ok=True)
            raise CaseError(f"'{path.name}' could not be created: {exc}") from None
        lock = CaseLock(path)
        lock.acquire()
        return cls(path, conn, lock, read_only=False)

    @classmethod
    def open(cls, path: Path, who: str) -> "CaseFile":
        path = Path(path)
        version = check_header(path)
        lock = CaseLock(path)
        read_only = not lock.acquire()
        try:
            conn = _connect(path, read_only)
            _check_integrity(conn, path)
            if version < schema.SCHEMA_VERSION and not read_only:
                with _transaction(conn):
                    schema.migrate(conn, version)
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except CaseError:
            lock.release()
            raise
        case = cls(path, conn, lock, read_only)
        if not read_only:
            with _transaction(conn):
                _audit(conn, who, "case opened")
        return case

    def close(self) -> None:
        with self._mutex:
            if not self.read_only:
                try:
                    self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                except sqlite3.Error:
                    pass
            self.conn.close()
            self.lock.release()

    # --- reading ------------------------------------------------------------------------------------
    def load(self) -> Workspace:
        """The whole case as a workspace (photos decoded, regions rebuilt)."""
        with self._mutex:
            try:
                return self._load()
            except (sqlite3.Error, CodecError, PhotoError, ValueError, KeyError) as exc:
                raise CaseError(f"'{self.path.name}' is damaged: {exc}") from None

    def _load(self) -> Workspace:
        c = self.conn
        row = c.execute("SELECT name, record_number, date_of_birth, age_years, sex, weight_kg, "
                        "injury_time, fluid_given_ml FROM patient WHERE id = 1").fetchone()
        workspace = Workspace(patient=patient_from_row(row))
        self._patient_row = tuple(row)
        for photo_row in c.execute("SELECT id, name, data, sha256, view, view_confirmed, "
                                   "person_index, joints, joints_source FROM photo "
                                   "ORDER BY position").fetchall():
            workspace.photos.append(self._load_photo(photo_row))
        return workspace

    def _load_photo(self, row) -> PhotoState:
        pid, name, data, sha, view, confirmed, person, joints, source = row
        if hashlib.sha256(data).hexdigest() != sha:
            raise CodecError(f"photo '{name}' does not match its SHA-256")
        state = PhotoState(decode_photo(data, name), source=bytes(data))
        state.view, state.view_confirmed = view, bool(confirmed)
        parsing_row = self.conn.execute(
            "SELECT labels_png, class_names, parser, model_sha256, model_source, keypoints "
            "FROM parsing WHERE photo_id = ?", (pid,)).fetchone()
        if parsing_row is not None:
            persons = self.conn.execute("SELECT idx, score, area, box, packed_mask FROM person "
                                        "WHERE photo_id = ? ORDER BY idx", (pid,)).fetchall()
            state.parsing = parsing_from_rows(parsing_row, persons, state.photo.pixels.shape[:2])
        burn = self.conn.execute("SELECT mask_png FROM burn WHERE photo_id = ?", (pid,)).fetchone()
        if burn is not None:
            state.burn.values[:] = decode_png(burn[0], state.photo.pixels.shape[:2])
        state.person_index = person
        state.joints = Joints({k: tuple(v) for k, v in json.loads(joints).items()}, source)
        state.rebuild()
        state.uid = f"case-{pid}"
        self._saved[state.uid] = _Saved(pid, state.burn.revision, state.parsing)
        return state

    def assessments(self) -> list[dict]:
        with self._mutex:
            rows = self.conn.execute("SELECT id, assessed_at, assessor, software_version, result "
                                     "FROM assessment ORDER BY assessed_at, id").fetchall()
        return [{"id": i, "assessed_at": at, "assessor": who, "software_version": v,
                 "result": json.loads(r)} for i, at, who, v, r in rows]

    def audit_trail(self) -> list[tuple[str, str, str, str]]:
        with self._mutex:
            return self.conn.execute("SELECT at, who, action, detail FROM audit "
                                     "ORDER BY id").fetchall()

    # --- writing ------------------------------------------------------------------------------------
    def save(self, workspace: Workspace, who: str) -> None:
        """Write the workspace in one transaction; on any failure the file keeps its old state."""
        self._writable()
        with self._mutex:
            try:
                with _transaction(self.conn):
                    self._write(workspace, who)
            except sqlite3.Error as exc:
                raise CaseError(f"'{self.path.name}' was not saved ({exc}); the previous "
                                f"version is intact.") from None

    def save_assessment(self, result: dict, assessor: str) -> int:
        """Keep an assessment's result for the record (never changed afterwards)."""
        self._writable()
        with self._mutex:
            try:
                with _transaction(self.conn):
                    cur = self.conn.execute(
                        "INSERT INTO assessment (assessed_at, assessor, software_version, result) "
                        "VALUES (?, ?, ?, ?)", (now_utc(), assessor, __version__,
                                                json.dumps(result)))
                    _audit(self.conn, assessor, "assessment saved",
                           f"{result.get('tbsa_total_percent', 0):.2f} % TBSA")
                    return int(cur.lastrowid)
            except sqlite3.Error as exc:
                raise CaseError(f"the assessment was not saved ({exc})") from None

    def set_meta(self, key: str, value: str) -> None:
        self._writable()
        with self._mutex, _transaction(self.conn):
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def _writable(self) -> None:
        if self.read_only:
            raise ReadOnlyCase(f"'{self.path.name}' is open read-only: {self.lock.holder()} is "
                               f"editing it.")

    def _write(self, workspace: Workspace, who: str) -> None:
        c = self.conn
        row = patient_row(workspace.patient)
        if row != self._patient_row:
            c.execute("UPDATE patient SET name=?, record_number=?, date_of_birth=?, age_years=?, "
                      "sex=?, weight_kg=?, injury_time=?, fluid_given_ml=? WHERE id = 1", row)
            _audit(c, who, "patient details changed")
        keep = set()
        for position, state in enumerate(workspace.photos):
            keep.add(self._write_photo(state, position, who))
        for (pid, name) in c.execute("SELECT id, name FROM photo").fetchall():
            if pid not in keep:
                c.execute("DELETE FROM photo WHERE id = ?", (pid,))
                _audit(c, who, "photo removed", name)
        c.execute("INSERT OR REPLACE INTO meta VALUES ('saved_at', ?)", (now_utc(),))
        self._patient_row = row
        self._saved = {k: v for k, v in self._saved.items() if v.photo_id in keep}

    def _write_photo(self, state: PhotoState, position: int, who: str) -> int:
        c = self.conn
        saved = self._saved.get(state.uid)
        joints = json.dumps(state.joints.points)
        if saved is None:
            data = state.source if state.source is not None else encode_png_rgb(state)
            cur = c.execute(
                "INSERT INTO photo (position, name, sha256, data, view, view_confirmed, "
                "person_index, joints, joints_source, added_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (position, state.photo.name, hashlib.sha256(data).hexdigest(), data, state.view,
                 int(state.view_confirmed), state.person_index, joints, state.joints.source,
                 now_utc()))
            saved = _Saved(int(cur.lastrowid), -1, None)
            _audit(c, who, "photo added", state.photo.name)
        else:
            c.execute("UPDATE photo SET position=?, view=?, view_confirmed=?, person_index=?, "
                      "joints=?, joints_source=? WHERE id = ?",
                      (position, state.view, int(state.view_confirmed), state.person_index,
                       joints, state.joints.source, saved.photo_id))
        if state.parsing is not None and state.parsing is not saved.parsing:
            self._write_parsing(saved.photo_id, state)
            _audit(c, who, "parsing stored", f"{state.photo.name}: {state.parsing.model.parser}")
        if state.burn.revision != saved.burn_revision:
            c.execute("INSERT OR REPLACE INTO burn (photo_id, mask_png) VALUES (?, ?)",
                      (saved.photo_id, encode_png(state.burn.values)))
            _audit(c, who, "burn mask saved", state.photo.name)
        self._saved[state.uid] = _Saved(saved.photo_id, state.burn.revision, state.parsing)
        return saved.photo_id

    def _write_parsing(self, photo_id: int, state: PhotoState) -> None:
        row, persons = parsing_rows(state.parsing)
        self.conn.execute("DELETE FROM parsing WHERE photo_id = ?", (photo_id,))
        self.conn.execute("INSERT INTO parsing VALUES (?, ?, ?, ?, ?, ?, ?)", (photo_id, *row))
        self.conn.executemany("INSERT INTO person VALUES (?, ?, ?, ?, ?, ?)",
                              [(photo_id, *p) for p in persons])


def encode_png_rgb(state: PhotoState) -> bytes:
    """A photo that came without its file (e.g. made in memory) is kept as a lossless PNG."""
    import cv2
    ok, data = cv2.imencode(".png", state.photo.pixels[:, :, ::-1])
    return data.tobytes()


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    uri = f"file:{path}?mode={'ro' if read_only else 'rw'}"
    try:
        # Autocommit mode: transactions are explicit (_transaction), never implied by Python.
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None,
                               timeout=5)
        if not read_only:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        raise CaseError(f"'{path.name}' cannot be opened: {exc}") from None
    return conn


@contextmanager
def _transaction(conn: sqlite3.Connection):
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error: all of it or none of it."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _check_integrity(conn: sqlite3.Connection, path: Path) -> None:
    try:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.Error as exc:
        conn.close()
        raise CaseError(f"'{path.name}' is damaged and cannot be read ({exc}). It was not "
                        f"changed.") from None
    if result != "ok" or not {"patient", "photo", "audit"} <= tables:
        conn.close()
        raise CaseError(f"'{path.name}' is damaged ({result}). It was not changed.")


def _audit(conn: sqlite3.Connection, who: str, action: str, detail: str = "") -> None:
    conn.execute("INSERT INTO audit (at, who, action, detail) VALUES (?, ?, ?, ?)",
                 (now_utc(), who, action, detail))
