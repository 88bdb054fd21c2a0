"""The open case's files: the case itself (saved on request) and a recovery copy (autosaved).

Autosave writes a snapshot into a recovery case in the per-user data folder a few seconds after
each change; a clean close deletes it, so a recovery file found at start-up means the previous
session ended abruptly and holds its work up to the last autosave.
"""
from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

from burnmap.casefile.case import SUFFIX, CaseError, CaseFile, case_path
from burnmap.casefile.companions import remove_made
from burnmap.casefile.lock import CaseLock
from burnmap.model.workspace import Workspace
from burnmap.system.storage import recovery_dir
from burnmap.text.messages import Message


@dataclass(frozen=True)
class Recoverable:
    path: Path
    saved_at: str
    original: str | None


class CaseSession:
    def __init__(self, who: str):
        self.who = who
        self.case: CaseFile | None = None
        self.recovery: CaseFile | None = None
        self._lock = threading.Lock()

    @property
    def path(self) -> Path | None:
        return self.case.path if self.case else None

    @property
    def read_only(self) -> bool:
        return bool(self.case and self.case.read_only)

    def open(self, path: Path) -> Workspace:
        case = CaseFile.open(path, self.who)
        try:
            workspace = case.load()
        except CaseError:
            case.close()
            raise
        self.close()
        self.case = case
        return workspace

    def save(self, workspace: Workspace, path: Path | None = None,
             update_patient: bool = False, assessment: dict | None = None) -> Path:
        """Save to the case file (created at `path` the first time); then the recovery copy is
        no longer needed. A change of the patient's identity needs `update_patient`
        (IdentityConflict otherwise)."""
        with self._lock:
            if self.case is None:
                if path is None:
                    raise CaseError(Message("choose where to save the case"))
                self.case = CaseFile.create(case_path(path), self.who)
            self.case.save(workspace, self.who, update_patient, assessment)
            self._discard_recovery()
            return self.case.path

    def autosave(self, snapshot: Workspace) -> None:
        """Write a snapshot to the recovery copy (called on a background thread)."""
        if self.read_only:
            return
        with self._lock:
            if self.recovery is None:
                target = recovery_dir() / f"{uuid.uuid4().hex}{SUFFIX}"
                self.recovery = CaseFile.create(target, self.who)
            original = str(self.case.path) if self.case else ""
            self.recovery.set_meta("original_path", original)
            # The recovery copy mirrors the window; the patient's identity is confirmed when
            # the real case is saved.
            self.recovery.save(snapshot, self.who, update_patient=True)

    def recover(self, item: Recoverable) -> Workspace:
        """Continue from a recovery copy; its original case (if any) is reopened for saving."""
        recovery = CaseFile.open(item.path, self.who)
        workspace = recovery.load()
        self.close()
        self.recovery = recovery
        if item.original and Path(item.original).exists():
            try:
                self.case = CaseFile.open(Path(item.original), self.who)
            except CaseError:
                self.case = None
        return workspace

    def detach(self) -> None:
        """Release the files but keep the recovery copy (unsaved work to offer back later)."""
        with self._lock:
            for case in (self.recovery, self.case):
                if case is not None:
                    case.close()
            self.recovery = self.case = None

    def close(self) -> None:
        """A clean close: the recovery copy goes, the case is released."""
        with self._lock:
            self._discard_recovery()
            if self.case is not None:
                self.case.close()
                self.case = None

    def _discard_recovery(self) -> None:
        if self.recovery is not None:
            path = self.recovery.path
            self.recovery.close()
            self.recovery = None
            delete_case_files(path)


def delete_case_files(path: Path) -> None:
    """A case file with its WAL, shared-memory and lock companions (regular files only:
    anything else at their names was not made by BurnMap and stays)."""
    remove_made(path)


def pending_recoveries() -> list[Recoverable]:
    """Recovery copies left by sessions that did not close cleanly (and are not running)."""
    found = []
    for path in sorted(recovery_dir().glob(f"*{SUFFIX}")):
        lock = CaseLock(path)
        if not lock.acquire():
            continue  # another running window owns it
        lock.release()
        try:
            case = CaseFile.open(path, "recovery check", read_only=True)
            meta = dict(case.conn.execute("SELECT key, value FROM meta").fetchall())
            case.close()
        except CaseError:
            continue
        found.append(Recoverable(path, meta.get("saved_at", meta.get("created", "")),
                                 meta.get("original_path") or None))
    return found
