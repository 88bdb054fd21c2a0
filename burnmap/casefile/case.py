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
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from burnmap.body.regions import Joints
from burnmap.casefile import schema as schema
from burnmap.casefile.chart_entries import entries_text, read_chart, write_chart
from burnmap.casefile.codec import (
    PATIENT_UPDATE,
    SETTING_KEYS,
    CodecError,
    decode_png,
    encode_png,
    parsing_from_rows,
    parsing_rows,
    patient_row,
    read_patient,
    read_settings,
    settings_rows,
)
from burnmap.casefile.lock import CaseLock
from burnmap.casefile.outputs import case_family
from burnmap.model.patient import describe_identity, identity_changes
from burnmap.model.workspace import PhotoState, Workspace
from burnmap.photo.imaging import PhotoError, decode_photo
from burnmap.system.jsonio import dumps
from burnmap.system.version import __version__
from burnmap.text.messages import Listing, Message, reason

SUFFIX = ".burncase"
# Audit actions that change nothing in the case's content.
READING_ACTIONS = ("case opened", "report exported")
SQLITE_MAGIC = b"SQLite format 3\x00"
NOT_SAVED_TAIL = Message("; the previous version is intact.")


class CaseError(Exception):
    """A case cannot be opened or saved; the message is for the user."""


class ReadOnlyCase(CaseError):
    pass


class IdentityConflict(CaseError):
    """Saving would change the identity of the case's patient; callers must confirm it."""

    def __init__(self, stored, given, changes: list[str]):
        self.stored, self.given, self.changes = stored, given, changes
        super().__init__(Message("this case belongs to {0}, not to {1} ({2}). Nothing was "
                                 "changed.", describe_identity(stored), describe_identity(given),
                                 Listing(changes, "; ")))


def case_path(given: str | os.PathLike) -> Path:
    """The case file for a name as typed: '.burncase' is appended when missing, never put in
    place of another suffix ('Zhang.Wei' is 'Zhang.Wei.burncase', not 'Zhang.burncase')."""
    path = Path(given)
    return path if path.name.lower().endswith(SUFFIX) else path.with_name(path.name + SUFFIX)


def unwritable_reason(path: Path) -> str | None:
    """Why this process cannot write the case (file or folder read-only), or None."""
    if not os.access(path, os.W_OK):
        return Message("the file is read-only")
    if not os.access(path.parent, os.W_OK):
        return Message("its folder is read-only")
    return None


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def check_header(path: Path) -> int:
    """The schema version of a BurnMap case, read from the header without opening the file."""
    if path.is_dir():
        raise CaseError(Message("'{0}' is a folder, not a BurnMap case file.", path.name))
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
    except FileNotFoundError:
        raise CaseError(Message("'{0}' does not exist.", path.name)) from None
    except OSError as exc:
        raise CaseError(Message("'{0}' cannot be read ({1}).", path.name, reason(exc))) from None
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


@dataclass
class _Saved:
    """What the file holds for one photo, so a save writes only what changed."""
    photo_id: int
    burn_revision: int
    parsing: object
    clothed: frozenset = frozenset()


class CaseFile:
    def __init__(self, path: Path, conn: sqlite3.Connection, lock: CaseLock | None,
                 read_only: bool):
        self.path, self.conn, self.lock, self.read_only = path, conn, lock, read_only
        self.read_only_reason = ""
        self._mutex = threading.Lock()  # autosave runs on another thread
        self._saved: dict[int, _Saved] = {}
        self._chart_revision: int | None = None   # the body chart's revision the file holds

    # --- opening ----------------------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path, who: str) -> CaseFile:
        """A new, empty case; if anything fails, no file of it is left behind."""
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # user only
        except FileExistsError:
            raise CaseError(Message("'{0}' already exists.", path.name)) from None
        except OSError as exc:
            raise CaseError(Message("'{0}' could not be created ({1}).", path.name,
                                    reason(exc))) from None
        lock = CaseLock(path)
        lock.acquire()   # at once: another process sees a case being made, not a damaged one
        conn = None
        try:
            conn = _connect_writer(path)
            _initialise(conn, who)
        except (CaseError, sqlite3.Error, OSError) as exc:
            if conn is not None:
                conn.close()
            lock.release()
            for leftover in case_family(path):
                leftover.unlink(missing_ok=True)
            raise CaseError(Message("'{0}' could not be created: {1}", path.name,
                                    reason(exc))) from None
        return cls(path, conn, lock, read_only=False)

    @classmethod
    def open(cls, path: Path, who: str, read_only: bool = False,
             record_opening: bool = True) -> CaseFile:
        """Open a case to edit it, or only to read it (`read_only`). Reading never modifies the
        file or its folder: no lock file, no audit row, no journal. A case another window
        holds, or on a read-only file or folder, opens read-only too (`read_only_reason`)."""
        path = Path(path)
        version = check_header(path)
        why = Message("opened for reading") if read_only else unwritable_reason(path)
        if why is None:
            lock = CaseLock(path)
            if lock.acquire():
                return cls._open_writer(path, who, version, lock, record_opening)
            why = Message("{0} is editing it", lock.holder())
        case = cls(path, _connect_reader(path), None, read_only=True)
        case.read_only_reason = why
        try:
            _check_integrity(case.conn, path)
        except CaseError:
            case.conn.close()
            raise
        return case

    @classmethod
    def _open_writer(cls, path, who, version, lock, record_opening) -> CaseFile:
        journal = [p for p in case_family(path)[1:3] if not p.exists()]  # -wal, -shm
        conn = None
        try:
            conn = _connect_writer(path)
            _check_integrity(conn, path)
            if version < schema.SCHEMA_VERSION:
                with _transaction(conn):
                    schema.migrate(conn, version)
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            if record_opening:
                with _transaction(conn):
                    _audit(conn, who, "case opened")
        except (CaseError, sqlite3.Error) as exc:
            if conn is not None:
                conn.close()
            # Journal files this attempt created hold nothing anyone committed (we hold the
            # lock): a failed opening must not leave them beside the case.
            for companion in journal:
                companion.unlink(missing_ok=True)
            lock.release()
            if isinstance(exc, CaseError):
                raise
            raise CaseError(Message("'{0}' cannot be opened for editing: {1}", path.name,
                                    reason(exc))) from None
        return cls(path, conn, lock, read_only=False)

    def close(self) -> None:
        with self._mutex:
            if not self.read_only:
                with suppress(sqlite3.Error):
                    self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.conn.close()
            if self.lock is not None:
                self.lock.release()

    # --- reading ------------------------------------------------------------------------------------
    def load(self) -> Workspace:
        """The whole case as a workspace (photos decoded, regions rebuilt)."""
        with self._mutex:
            try:
                return self._load()
            except (sqlite3.Error, CodecError, PhotoError, ValueError, KeyError) as exc:
                raise CaseError(Message("'{0}' is damaged: {1}", self.path.name,
                                        reason(exc))) from None

    def _load(self) -> Workspace:
        c = self.conn
        workspace = Workspace(patient=read_patient(c), edited_at=_edited_at(c))
        stored = read_settings(c)
        if stored is not None:
            workspace.settle_settings(**stored)
        for photo_row in c.execute("SELECT id, name, data, sha256, view, view_confirmed, "
                                   "person_index, joints, joints_source FROM photo "
                                   "ORDER BY position").fetchall():
            workspace.photos.append(self._load_photo(photo_row))
        workspace.chart = read_chart(c)
        self._chart_revision = None if workspace.chart is None else workspace.chart.revision
        return workspace

    def _load_photo(self, row) -> PhotoState:
        pid, name, data, sha, view, confirmed, person, joints, source = row
        if hashlib.sha256(data).hexdigest() != sha:
            raise CodecError(Message("photo '{0}' does not match its SHA-256", name))
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
        state.clothed = self._clothed(pid)
        state.rebuild()
        state.uid = f"case-{pid}"
        self._saved[state.uid] = _Saved(pid, state.burn.revision, state.parsing, state.clothed)
        return state

    def _clothed(self, pid: int) -> frozenset:
        """Regions the clinician marked as clothed on a photo: kept in the meta table (key
        'clothed:<photo id>'), so no schema change; an older version ignores them."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?",
                                (f"clothed:{pid}",)).fetchone()
        return frozenset(json.loads(row[0])) if row else frozenset()

    def assessments(self) -> list[dict]:
        with self._mutex:
            rows = self.conn.execute("SELECT id, assessed_at, assessor, software_version, result "
                                     "FROM assessment ORDER BY assessed_at, id").fetchall()
        return [{"id": i, "assessed_at": at, "assessor": who, "software_version": v,
                 "result": json.loads(r)} for i, at, who, v, r in rows]

    def last_saved(self) -> tuple[datetime, str]:
        """When the case's content was last saved, and by whom (rows that only record reading
        or exporting do not count)."""
        edits = [row for row in self.audit_trail() if row[2] not in READING_ACTIONS]
        at, who, _, _ = edits[-1]
        return datetime.fromisoformat(at).astimezone(), who

    def record(self, who: str, action: str, detail: str = "") -> None:
        """Append one row to the audit trail (e.g. a report was exported)."""
        with self._changing(Message("'{0}': the audit trail could not be written",
                                   self.path.name)):
            _audit(self.conn, who, action, detail)

    @contextmanager
    def _changing(self, failure: str, after: str = ""):
        """One write transaction under the lock: on an SQLite failure nothing of it is kept
        and CaseError says "`failure` (cause)`after`"."""
        self._writable()
        with self._mutex:
            try:
                with _transaction(self.conn):
                    yield
            except sqlite3.Error as exc:
                raise CaseError(Message("{0} ({1}){2}", failure, str(exc), after)) from None

    def audit_trail(self) -> list[tuple[str, str, str, str]]:
        with self._mutex:
            return self.conn.execute("SELECT at, who, action, detail FROM audit "
                                     "ORDER BY id").fetchall()

    # --- writing ------------------------------------------------------------------------------------
    def save(self, workspace: Workspace, who: str, update_patient: bool = False,
             assessment: dict | None = None) -> None:
        """Write the workspace (and an assessment kept with it) in one transaction; on any
        failure the file keeps its old state. A different patient identity is refused
        (IdentityConflict) unless `update_patient`, and then recorded in the audit trail."""
        with self._changing(Message("'{0}' was not saved", self.path.name), NOT_SAVED_TAIL):
            self._check_identity(workspace.patient, who, update_patient)
            self._write(workspace, who)
            if assessment is not None:
                self._insert_assessment(assessment, who)

    def save_assessment(self, result: dict, assessor: str) -> int:
        """Keep an assessment's result for the record (never changed afterwards)."""
        with self._changing(Message("the assessment was not saved")):
            return self._insert_assessment(result, assessor)

    def add_photo(self, patient, state: PhotoState, who: str, update_patient: bool = False,
                  assessment: dict | None = None, chart=None,
                  settings: Workspace | None = None) -> None:
        """Add one photo (with its parsing and burn mask), the patient's details, optionally
        the body chart's entries (burnmap.chart.entry.ChartMask, in place of the stored ones) and
        an assessment (made with the assessment settings of `settings`, stored with it) in one
        transaction, without rewriting the other photos."""
        with self._changing(Message("'{0}' was not saved", self.path.name), NOT_SAVED_TAIL):
            self._check_identity(patient, who, update_patient)
            self._write_patient(patient, who)
            count = self.conn.execute("SELECT COUNT(*) FROM photo").fetchone()[0]
            self._write_photo(state, count, who)
            if chart is not None:
                write_chart(self.conn, chart)
                _audit(self.conn, who, "body chart saved", entries_text(chart.values))
            if settings is not None:
                self._write_settings(settings, who)
            at = now_utc()   # the command adds a photo: an edit, now
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('saved_at', ?), "
                              "('edited_at', ?)", (at, at))
            if assessment is not None:
                self._insert_assessment(assessment, who)

    def _insert_assessment(self, result: dict, who: str) -> int:
        assessor = result.get("assessor") or who   # who assessed, not only who saved
        cur = self.conn.execute(
            "INSERT INTO assessment (assessed_at, assessor, software_version, result) "
            "VALUES (?, ?, ?, ?)", (now_utc(), assessor, __version__, dumps(result)))
        _audit(self.conn, assessor, "assessment saved",
               f"{result.get('tbsa_total_percent', 0):.2f} % TBSA")
        return int(cur.lastrowid)

    def set_meta(self, key: str, value: str) -> None:
        self._writable()
        with self._mutex, _transaction(self.conn):
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def _writable(self) -> None:
        if self.read_only:
            raise ReadOnlyCase(Message("'{0}' is open read-only ({1}); nothing was saved.",
                                       self.path.name, self.read_only_reason))

    def stored_patient(self):
        """The patient as the file holds it now."""
        return read_patient(self.conn)

    def _check_identity(self, patient, who: str, update_patient: bool) -> None:
        stored = self.stored_patient()
        changes = identity_changes(stored, patient)
        if changes and not update_patient:
            raise IdentityConflict(stored, patient, changes)
        if changes:
            _audit(self.conn, who, "patient identity changed", "; ".join(changes))

    def _write_patient(self, patient, who: str) -> None:
        row = patient_row(patient)
        if row != patient_row(self.stored_patient()):
            self.conn.execute(PATIENT_UPDATE, row)
            _audit(self.conn, who, "patient details changed")

    def _write(self, workspace: Workspace, who: str) -> None:
        c = self.conn
        self._write_patient(workspace.patient, who)
        keep = set()
        for position, state in enumerate(workspace.photos):
            keep.add(self._write_photo(state, position, who))
        for (pid, name) in c.execute("SELECT id, name FROM photo").fetchall():
            if pid not in keep:
                c.execute("DELETE FROM photo WHERE id = ?", (pid,))
                c.execute("DELETE FROM meta WHERE key = ?", (f"clothed:{pid}",))
                _audit(c, who, "photo removed", name)
        self._write_settings(workspace, who)
        chart = workspace.chart
        if chart is not None and chart.revision != self._chart_revision and (
                chart.has_entries() or self._chart_revision is not None):  # not a blank first
            write_chart(c, chart)
            _audit(c, who, "body chart saved", entries_text(chart.values))
            self._chart_revision = chart.revision
        c.execute("INSERT OR REPLACE INTO meta VALUES ('saved_at', ?)", (now_utc(),))
        if workspace.edited_at is not None:
            c.execute("INSERT OR REPLACE INTO meta VALUES ('edited_at', ?)",
                      (workspace.edited_at.astimezone(UTC).isoformat(),))
        self._saved = {k: v for k, v in self._saved.items() if v.photo_id in keep}

    def _write_settings(self, workspace: Workspace, who: str) -> None:
        rows = settings_rows(workspace)
        stored = dict(self.conn.execute("SELECT key, value FROM meta WHERE key IN (?, ?)",
                                        SETTING_KEYS).fetchall())
        if rows and dict(rows) != stored:
            self.conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", rows)
            _audit(self.conn, who, "assessment settings", ", ".join(f"{k}={v}" for k, v in rows))

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
        if state.clothed != saved.clothed:
            c.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                      (f"clothed:{saved.photo_id}", json.dumps(sorted(state.clothed))))
            _audit(c, who, "regions marked as clothed",
                   f"{state.photo.name}: {', '.join(sorted(state.clothed)) or 'none'}")
        self._saved[state.uid] = _Saved(saved.photo_id, state.burn.revision, state.parsing,
                                        state.clothed)
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
    _ok, data = cv2.imencode(".png", state.photo.pixels[:, :, ::-1])
    return data.tobytes()


def _initialise(conn: sqlite3.Connection, who: str) -> None:
    with _transaction(conn):
        schema.create(conn)
        conn.execute("INSERT INTO meta VALUES ('created', ?), ('software', ?)",
                     (now_utc(), __version__))
        conn.execute("INSERT INTO patient (id) VALUES (1)")
        _audit(conn, who, "case created")
    # The header (application id, version) must reach the main file now: after a crash the
    # file is recognised from its header before the WAL is read.
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _uri(path: Path, mode: str) -> str:
    # Quoted: a '?', '#' or '%' in a file name would otherwise end the path early.
    return f"file:{quote(str(Path(path).absolute()))}?mode={mode}"


def _connect_reader(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file or create companions. Without a journal (no
    writer has the case open, nothing unmerged) the file is opened as immutable: no -wal/-shm
    files appear and a read-only medium works. With one, SQLite's read-only mode reads the
    writer's journal through the companions that writer already made."""
    wal = Path(str(path) + "-wal")
    quiet = not wal.exists() or wal.stat().st_size == 0
    uri = _uri(path, "ro") + ("&immutable=1" if quiet else "")
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None,
                               timeout=5)
        conn.execute("PRAGMA query_only = ON")
    except sqlite3.Error as exc:
        raise CaseError(Message("'{0}' cannot be read: {1}", path.name, reason(exc))) from None
    return conn


def _connect_writer(path: Path) -> sqlite3.Connection:
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
        raise CaseError(Message("'{0}' is damaged and cannot be read ({1}). It was not changed.",
                                path.name, reason(exc))) from None
    if result != "ok" or not {"patient", "photo", "audit"} <= tables:
        conn.close()
        raise CaseError(Message("'{0}' is damaged ({1}). It was not changed.", path.name,
                                str(result)))


def _edited_at(conn: sqlite3.Connection) -> datetime | None:
    """When the case's content was last changed: as the window recorded it, else (older cases,
    saves without an edit time) the last audit row that changed something."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'edited_at'").fetchone()
    if row is None:
        marks = ", ".join("?" * len(READING_ACTIONS))
        row = conn.execute(f"SELECT at FROM audit WHERE action NOT IN ({marks}) "
                           "ORDER BY id DESC LIMIT 1", READING_ACTIONS).fetchone()
    return datetime.fromisoformat(row[0]) if row else None


def _audit(conn: sqlite3.Connection, who: str, action: str, detail: str = "") -> None:
    conn.execute("INSERT INTO audit (at, who, action, detail) VALUES (?, ?, ?, ?)",
                 (now_utc(), who, action, detail))
