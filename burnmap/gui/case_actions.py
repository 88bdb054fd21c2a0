"""The open case: its files (a CaseSession) and its content (a Workspace); new, open, save,
save as, recent cases, autosave, assessments.

Autosave runs a few seconds after the last change, on a plain thread, from a snapshot taken on
the GUI thread (so painting can go on). Anything that would drop unsaved work (a new or another
case, quitting) first asks Save / Discard / Cancel, as every document application does; the
recovery copy goes only after a save or an explicit discard, so one found at start-up means
BurnMap did not close normally.
The controller knows no window: it tells it what changed through signals, and puts its dialogs
over the widget it is given.
"""
from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from burnmap.casefile.case import SUFFIX, CaseError, IdentityConflict
from burnmap.casefile.session import CaseSession
from burnmap.gui.dialogs.errors import ask_unsaved, no_assessment_text, show_note, show_problem
from burnmap.gui.dialogs.history_dialog import HistoryDialog
from burnmap.gui.utils.names import joined, said
from burnmap.gui.utils.window_settings import remember_case
from burnmap.model.patient import describe_identity
from burnmap.model.record import assessment_record
from burnmap.model.workspace import NoAssessment, Workspace
from burnmap.system.settings import load_settings
from burnmap.system.storage import cases_dir

log = logging.getLogger(__name__)
AUTOSAVE_DELAY_MS = 3000


class CaseController(QObject):
    workspace_replaced = Signal()   # `workspace` is another case now: show it
    title_changed = Signal(str)
    status = Signal(str, int)       # a message for the status bar, milliseconds shown
    recent_changed = Signal()
    _autosave_failed = Signal(str)  # from the autosave thread to the GUI thread

    def __init__(self, session: CaseSession, workspace: Workspace, dialog_parent: QWidget):
        super().__init__(dialog_parent)
        self.session = session
        # The user's assessment settings go to a case that has none of its own (a new case, or
        # one saved before cases kept them); a case that has its own keeps them.
        user = load_settings()
        self.user_settings = (user.referral_guideline, user.late_start_policy)
        workspace.settle_settings(*self.user_settings)
        self.workspace = workspace
        self.dialog_parent = dialog_parent
        self.dirty = False
        self.demo = False
        self.discarding = False   # the clinician chose Discard; the case is being replaced
        self._autosave_failed.connect(self._show_autosave_failure)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_DELAY_MS)
        self.timer.timeout.connect(self.autosave)
        self.thread: threading.Thread | None = None

    def _replace(self, workspace: Workspace, demo: bool = False) -> None:
        workspace.settle_settings(*self.user_settings)
        self.workspace, self.demo, self.dirty, self.discarding = workspace, demo, False, False
        self.workspace_replaced.emit()

    # --- changes and autosave ---------------------------------------------------------------------
    def changed(self, *_):
        self.dirty = True
        self.touched()
        self.timer.start()  # debounced: restarted by every change
        self.update_title()

    def touched(self) -> None:
        """The case's content changed (the report's assessment time), though perhaps not by the
        clinician: the demo's own parse and sample burn are not work to save."""
        self.workspace.edited_at = datetime.now(UTC)

    def autosave(self) -> None:
        if self.session.read_only or not self.workspace.photos:
            return
        if self.thread is not None and self.thread.is_alive():
            self.timer.start()  # the previous autosave is still writing: try again shortly
            return
        snapshot = self.workspace.snapshot()
        self.thread = threading.Thread(target=self._write_snapshot, args=(snapshot,),
                                       name="autosave")
        self.thread.start()

    def _write_snapshot(self, snapshot) -> None:
        try:
            self.session.autosave(snapshot)
        except CaseError as exc:
            self._autosave_failed.emit(said(exc))

    def _show_autosave_failure(self, message: str) -> None:
        self.status.emit(self.tr("Autosave failed: {0}").format(message), 10000)

    def wait(self) -> None:
        if self.thread is not None:
            self.thread.join()

    # --- save and open ------------------------------------------------------------------------------
    def save(self, choose_path: bool = False, assessment: dict | None = None) -> bool:
        """Save the case (asking where the first time); a change of the patient's identity is
        saved only after the clinician confirms it, naming both patients."""
        path = None
        if self.session.case is None or choose_path:
            path = self._ask_save_path()
            if not path:
                return False
            if choose_path and self.session.case is not None:
                self.session.case.close()
                self.session.case = None
        try:
            self.wait()
            saved = self._save_confirming(Path(path) if path else None, assessment)
        except CaseError as exc:
            show_problem(self.dialog_parent, self.tr("Case not saved"), said(exc))
            return False
        if saved is None:
            self.status.emit(self.tr("Not saved: the patient's details were kept"), 10000)
            return False
        self.dirty = False
        self.remember(saved)
        self.status.emit(self.tr("Saved {0}").format(saved.name), 5000)
        self.update_title()
        return True

    def _ask_save_path(self) -> str:
        name = self.workspace.patient.record_number or "case"
        path, _ = QFileDialog.getSaveFileName(
            self.dialog_parent, self.tr("Save case"), str(cases_dir() / f"{name}{SUFFIX}"),
            self.tr("BurnMap cases (*{0})").format(SUFFIX))
        return path

    def _save_confirming(self, path: Path | None, assessment: dict | None) -> Path | None:
        try:
            return self.session.save(self.workspace, path, assessment=assessment)
        except IdentityConflict as conflict:
            if not self.confirm_identity_change(conflict):
                return None
        return self.session.save(self.workspace, path, update_patient=True,
                                 assessment=assessment)

    def confirm_identity_change(self, conflict: IdentityConflict) -> bool:
        answer = QMessageBox.question(
            self.dialog_parent, self.tr("Change the patient?"),
            self.tr("This case belongs to {0}.\nSave it as {1}?\n\nChanged: {2}.\nThe change is "
                    "kept in the case's audit trail.").format(
                said(describe_identity(conflict.stored)), said(describe_identity(conflict.given)),
                joined(conflict.changes, "; ")),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def confirm_discard(self) -> bool:
        """Before an action that replaces or closes the case: unsaved work is saved, discarded
        or the action cancelled. True when the caller may go on; a discard takes effect when
        the caller replaces the case (a failed open keeps the work and its recovery copy)."""
        if not self.dirty:
            return True
        name = self.session.path.name if self.session.path else self.tr("This case")
        answer = ask_unsaved(self.dialog_parent, self.tr("Unsaved changes"), self.tr(
            "{0} has changes that are not saved.\nSave them first?").format(name))
        if answer == "save":
            return self.save(choose_path=self.session.read_only)
        if answer == "discard":
            self.timer.stop()
            self.wait()
            self.discarding = True
            return True
        return False

    def open_dialog(self) -> None:
        if not self.confirm_discard():
            return
        path, _ = QFileDialog.getOpenFileName(self.dialog_parent, self.tr("Open case"),
                                              str(cases_dir()),
                                              self.tr("BurnMap cases (*{0})").format(SUFFIX))
        if path:
            self.open(Path(path))

    def open(self, path: Path) -> bool:
        if not (self.discarding or self.confirm_discard()):
            return False
        self.timer.stop()
        self.wait()
        try:
            workspace = self.session.open(path)
        except CaseError as exc:
            self.discarding = False   # the case shown stays, with its unsaved work
            if self.dirty:
                self.timer.start()
            show_problem(self.dialog_parent, self.tr("Case not opened"), said(exc))
            return False
        self._replace(workspace)
        self.remember(path)
        if self.session.read_only:
            show_note(self.dialog_parent, self.tr("Opened read-only"), self.tr(
                "{0} is open read-only here: {1}.").format(
                path.name, said(self.session.case.read_only_reason)))
        self.update_title()
        return True

    def recover(self, item) -> None:
        try:
            workspace = self.session.recover(item)
        except CaseError as exc:
            show_problem(self.dialog_parent, self.tr("Recovery failed"), said(exc))
            return
        self._replace(workspace)
        self.changed()

    def new_case(self) -> None:
        if not self.confirm_discard():
            return
        self.release()
        self._replace(Workspace())
        self.update_title()

    def show_demo(self, workspace: Workspace) -> None:
        """Show the demo case (burnmap.model.demo): unchanged until the clinician edits it."""
        self.release()
        self._replace(workspace, demo=True)
        self.touched()
        self.update_title()

    def take_over(self, other: CaseController) -> None:
        """Continue the case `other` showed (a language switch rebuilds the window): the same
        session and workspace, still unsaved if it was, still the demo if it was."""
        self.session, self.workspace = other.session, other.workspace
        self.dirty, self.demo = other.dirty, other.demo
        if self.dirty:
            self.timer.start()
        other.hand_over()
        self.update_title()

    def hand_over(self) -> None:
        """Another window has taken this case (a language switch): forget it here, so that
        closing this controller leaves the case's files alone."""
        self.timer.stop()
        self.wait()
        self.session = CaseSession(self.session.who)
        self.workspace, self.dirty = Workspace(), False

    def release(self) -> None:
        """Let go of the case's files (another case shown, the window closing). Unsaved work
        the clinician did not discard keeps its recovery copy (the next start offers it back);
        otherwise the case closes cleanly and the recovery copy goes."""
        self.timer.stop()
        self.wait()
        if self.dirty and not self.discarding and self.workspace.photos \
                and not self.session.read_only:
            self.autosave()
            self.wait()
            self.session.detach()
        else:
            self.session.close()
        self.discarding = False

    def close(self) -> None:
        """The window is closing (after `confirm_discard`)."""
        self.release()

    # --- assessments --------------------------------------------------------------------------------
    def save_assessment(self) -> None:
        """Keep the assessment in the case, saved together with the case as it is now, so the
        record always matches what the case holds."""
        now = datetime.now(UTC)
        try:
            result = self.workspace.assessment(now)
        except NoAssessment as exc:
            show_note(self.dialog_parent, self.tr("No assessment"), no_assessment_text(exc))
            return
        if self.session.read_only:
            return
        assessor, ok = QInputDialog.getText(self.dialog_parent, self.tr("Save assessment"),
                                            self.tr("Assessor"))   # asked: never the OS account
        if ok and not assessor.strip():
            show_problem(self.dialog_parent, self.tr("Assessment not saved"),
                         self.tr("Enter the name of the clinician who assessed the burn."))
        if not ok or not assessor.strip():
            return
        record = assessment_record(self.workspace, result, now, assessor.strip())
        if self.save(assessment=record):
            self.status.emit(self.tr("Assessment saved: {0:.1f} % TBSA").format(
                result.tbsa_total_percent), 5000)

    def show_history(self) -> HistoryDialog | None:
        if self.session.case is None:
            show_note(self.dialog_parent, self.tr("No saved assessments"),
                      self.tr("Save the case and an assessment first."))
            return None
        dialog = HistoryDialog(self.session.case.assessments(), self.dialog_parent)
        dialog.show()
        return dialog

    # --- recent cases and title ---------------------------------------------------------------------
    def remember(self, path: Path) -> None:
        remember_case(path)
        self.recent_changed.emit()

    def update_title(self) -> None:
        name = self.session.path.name if self.session.path else self.tr("unsaved case")
        flags = (" " + self.tr("(read-only)") if self.session.read_only else "") + \
            (" *" if self.dirty else "")
        self.title_changed.emit(f"BurnMap — {name}{flags}")
