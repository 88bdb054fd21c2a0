"""Case files in the window: new, open, save, save as, recent cases, autosave, assessments.

Autosave runs a few seconds after the last change, on a plain thread, from a snapshot taken on
the GUI thread (so painting can go on); closing with unsaved changes keeps the recovery copy, so
the next start offers it back. Nothing here asks a question on close: no work is ever dropped.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from datetime import datetime, timezone

from core.case import SUFFIX, CaseError, IdentityConflict
from core.demo import DEMO_RECORD
from core.patient import describe_identity
from core.record import assessment_record
from core.storage import cases_dir
from core.workspace import NoAssessment

from .history_dialog import HistoryDialog

log = logging.getLogger(__name__)
AUTOSAVE_DELAY_MS = 3000
RECENT_MAX = 8


class _Signals(QObject):
    autosave_failed = Signal(str)


class CaseController:
    """Owned by the main window `w`; talks to `w.session` (core.session.CaseSession)."""

    def __init__(self, w):
        self.w = w
        self.dirty = False
        self.signals = _Signals()
        self.signals.autosave_failed.connect(self._autosave_failed)
        self.timer = QTimer()
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_DELAY_MS)
        self.timer.timeout.connect(self.autosave)
        self.thread: threading.Thread | None = None

    # --- changes and autosave ---------------------------------------------------------------------
    def changed(self, *_):
        self.dirty = True
        self.timer.start()  # debounced: restarted by every change
        self.update_title()

    def autosave(self) -> None:
        if self.w.session.read_only or not self.w.workspace.photos:
            return
        if self.thread is not None and self.thread.is_alive():
            self.timer.start()  # the previous autosave is still writing: try again shortly
            return
        snapshot = self.w.workspace.snapshot()
        self.thread = threading.Thread(target=self._write_snapshot, args=(snapshot,),
                                       name="autosave")
        self.thread.start()

    def _write_snapshot(self, snapshot) -> None:
        try:
            self.w.session.autosave(snapshot)
        except CaseError as exc:
            self.signals.autosave_failed.emit(str(exc))

    def _autosave_failed(self, message: str) -> None:
        self.w.statusBar().showMessage(self.w.tr("Autosave failed: {0}").format(message), 10000)

    def wait(self) -> None:
        if self.thread is not None:
            self.thread.join()

    # --- save and open ------------------------------------------------------------------------------
    def save(self, choose_path: bool = False, assessment: dict | None = None) -> bool:
        """Save the case (asking where the first time); a change of the patient's identity is
        saved only after the clinician confirms it, naming both patients."""
        w = self.w
        path = None
        if w.session.case is None or choose_path:
            name = w.workspace.patient.record_number or "case"
            path, _ = QFileDialog.getSaveFileName(
                w, w.tr("Save case"), str(cases_dir() / f"{name}{SUFFIX}"),
                w.tr("BurnMap cases (*{0})").format(SUFFIX))
            if not path:
                return False
            if choose_path and w.session.case is not None:
                w.session.case.close()
                w.session.case = None
        try:
            self.wait()
            saved = self._save_confirming(Path(path) if path else None, assessment)
        except CaseError as exc:
            QMessageBox.warning(w, w.tr("Case not saved"), str(exc))
            return False
        if saved is None:
            w.statusBar().showMessage(w.tr("Not saved: the patient's details were kept"), 10000)
            return False
        self.dirty = False
        self.remember(saved)
        w.statusBar().showMessage(w.tr("Saved {0}").format(saved.name), 5000)
        self.update_title()
        return True

    def _save_confirming(self, path: Path | None, assessment: dict | None) -> Path | None:
        w = self.w
        try:
            return w.session.save(w.workspace, path, assessment=assessment)
        except IdentityConflict as conflict:
            if not self.confirm_identity_change(conflict):
                return None
        return w.session.save(w.workspace, path, update_patient=True, assessment=assessment)

    def confirm_identity_change(self, conflict: IdentityConflict) -> bool:
        w = self.w
        answer = QMessageBox.question(
            w, w.tr("Change the patient?"),
            w.tr("This case belongs to {0}.\nSave it as {1}?\n\nChanged: {2}.\nThe change is "
                 "kept in the case's audit trail.").format(
                describe_identity(conflict.stored), describe_identity(conflict.given),
                "; ".join(conflict.changes)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.w, self.w.tr("Open case"), str(cases_dir()),
                                              self.w.tr("BurnMap cases (*{0})").format(SUFFIX))
        if path:
            self.open(Path(path))

    def open(self, path: Path) -> bool:
        w = self.w
        self.wait()
        try:
            workspace = w.session.open(path)
        except CaseError as exc:
            QMessageBox.warning(w, w.tr("Case not opened"), str(exc))
            return False
        w.replace_workspace(workspace)
        self.dirty = False
        self.remember(path)
        if w.session.read_only:
            QMessageBox.information(w, w.tr("Opened read-only"), w.tr(
                "{0} is open read-only here: {1}.").format(
                path.name, w.session.case.read_only_reason))
        self.update_title()
        return True

    def recover(self, item) -> None:
        w = self.w
        try:
            workspace = w.session.recover(item)
        except CaseError as exc:
            QMessageBox.warning(w, w.tr("Recovery failed"), str(exc))
            return
        w.replace_workspace(workspace)
        self.changed()

    def new_case(self) -> None:
        from core.workspace import Workspace
        w = self.w
        self.wait()
        if self.dirty and w.workspace.photos:
            self.autosave()  # keep the work recoverable
            self.wait()
            w.session.detach()
        else:
            w.session.close()
        w.replace_workspace(Workspace())
        self.dirty = False
        self.update_title()

    def close(self) -> None:
        """Window closing: keep the recovery copy if anything is unsaved, else close cleanly."""
        self.timer.stop()
        self.wait()
        untouched_demo = self.w.demo and self.w.workspace.patient.record_number == DEMO_RECORD \
            and self.w.session.case is None
        if self.dirty and self.w.workspace.photos and not self.w.session.read_only \
                and not untouched_demo:
            self.autosave()
            self.wait()
            self.w.session.detach()
        else:
            self.w.session.close()

    # --- assessments --------------------------------------------------------------------------------
    def save_assessment(self) -> None:
        """Keep the assessment in the case, saved together with the case as it is now, so the
        record always matches what the case holds."""
        w = self.w
        now = datetime.now(timezone.utc)
        try:
            result = w.workspace.assessment(now)
        except NoAssessment as exc:
            QMessageBox.information(w, w.tr("No assessment"), w.no_assessment_text(exc))
            return
        if w.session.read_only:
            return
        assessor, ok = QInputDialog.getText(w, w.tr("Save assessment"), w.tr("Assessor"),
                                            text=w.session.who)
        if not ok or not assessor.strip():
            return
        record = assessment_record(w.workspace, result, now)
        record["assessor"] = assessor.strip()
        if self.save(assessment=record):
            w.statusBar().showMessage(w.tr("Assessment saved: {0:.1f} % TBSA").format(
                result.tbsa_total_percent), 5000)

    def show_history(self) -> HistoryDialog | None:
        if self.w.session.case is None:
            QMessageBox.information(self.w, self.w.tr("No saved assessments"),
                                    self.w.tr("Save the case and an assessment first."))
            return None
        dialog = HistoryDialog(self.w.session.case.assessments(), self.w)
        dialog.show()
        return dialog

    # --- recent cases and title ---------------------------------------------------------------------
    def remember(self, path: Path) -> None:
        from .main_window import window_settings
        settings = window_settings()
        recent = [p for p in (settings.value("recent_cases") or []) if p != str(path)]
        settings.setValue("recent_cases", [str(path), *recent][:RECENT_MAX])
        self.w.refresh_recent_menu()

    def recent(self) -> list[str]:
        from .main_window import window_settings
        return [p for p in (window_settings().value("recent_cases") or []) if Path(p).exists()]

    def update_title(self) -> None:
        w = self.w
        name = w.session.path.name if w.session.path else w.tr("unsaved case")
        flags = (" " + w.tr("(read-only)") if w.session.read_only else "") + \
            (" *" if self.dirty else "")
        w.setWindowTitle(f"BurnMap — {name}{flags}")
