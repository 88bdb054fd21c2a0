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
import threading
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path

from burnmap.body.regions import Joints
from burnmap.casefile import schema as schema
from burnmap.casefile.case_write import ContentWriter, _Saved
from burnmap.casefile.chart_entries import entries_text, read_chart, write_chart
from burnmap.casefile.codec import (
    PATIENT_UPDATE,
    CodecError,
    decode_png,
    parsing_from_rows,
    patient_row,
    read_patient,
    read_settings,
)
from burnmap.casefile.companions import companion_problem, remove_made
from burnmap.casefile.lock import CaseLock
from burnmap.casefile.outputs import case_family
from burnmap.casefile.sqlite_file import (
    READING_ACTIONS,
    CaseError,
    ReadOnlyCase,
    audit,
    check_header,
    check_integrity,
    connect_reader,
    connect_writer,
    edited_at,
    initialise,
    now_utc,
    transaction,
)
from burnmap.model.patient import describe_identity, identity_changes
from burnmap.model.workspace import PhotoState, Workspace
from burnmap.photo.imaging import PhotoError, decode_photo
from burnmap.system.jsonio import dumps
from burnmap.system.version import __version__
from burnmap.text.messages import Listing, Message, reason

SUFFIX = ".burncase"
NOT_SAVED_TAIL = Message("; the previous version is intact.")


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


def unwritable_reason(path: Path) -> Message | None:
    """Why this process cannot write the case (file or folder read-only, something other
    than a regular file where its lock or a journal goes), or None."""
    if not os.access(path, os.W_OK):
        return Message("the file is read-only")
    if not os.access(path.parent, os.W_OK):
        return Message("its folder is read-only")
    return companion_problem(path)


class CaseFile(ContentWriter):
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
            problem = lock.problem or companion_problem(path)
            if problem is not None:
                raise CaseError(problem)
            conn = connect_writer(path)
            initialise(conn, who)
        except (CaseError, sqlite3.Error, OSError) as exc:
            if conn is not None:
                conn.close()
            lock.release()
            remove_made(path)   # what this call made; never a FIFO or link someone put there
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
            why = lock.problem or Message("{0} is editing it", lock.holder())
        case = cls(path, connect_reader(path), None, read_only=True)
        case.read_only_reason = why
        try:
            check_integrity(case.conn, path)
        except CaseError:
            case.conn.close()
            raise
        return case

    @classmethod
    def _open_writer(cls, path, who, version, lock, record_opening) -> CaseFile:
        journal = [p for p in case_family(path)[1:3] if not os.path.lexists(p)]  # -wal, -shm
        conn = None
        try:
            conn = connect_writer(path)
            check_integrity(conn, path)
            if version < schema.SCHEMA_VERSION:
                with transaction(conn):
                    schema.migrate(conn, version)
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            if record_opening:
                with transaction(conn):
                    audit(conn, who, "case opened")
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
        workspace = Workspace(patient=read_patient(c), edited_at=edited_at(c))
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
            audit(self.conn, who, action, detail)

    @contextmanager
    def _changing(self, failure: str, after: str = ""):
        """One write transaction under the lock: on an SQLite failure nothing of it is kept
        and CaseError says "`failure` (cause)`after`"."""
        self._writable()
        with self._mutex:
            try:
                with transaction(self.conn):
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
                audit(self.conn, who, "body chart saved", entries_text(chart.values))
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
        audit(self.conn, assessor, "assessment saved",
               f"{result.get('tbsa_total_percent', 0):.2f} % TBSA")
        return int(cur.lastrowid)

    def set_meta(self, key: str, value: str) -> None:
        self._writable()
        with self._mutex, transaction(self.conn):
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
            audit(self.conn, who, "patient identity changed", "; ".join(changes))

    def _write_patient(self, patient, who: str) -> None:
        row = patient_row(patient)
        if row != patient_row(self.stored_patient()):
            self.conn.execute(PATIENT_UPDATE, row)
            audit(self.conn, who, "patient details changed")
