"""How problems reach the clinician: one funnel for bugs, one helper each for refusals and notes.

Expected refusals (a bad photo, a case that cannot be opened or saved, no assessment yet) say
what and why through `show_problem`; nothing is logged as a bug. Anything else that escapes to
the event loop is a bug: `install_excepthook` writes a crash log (burnmap/system/crashlog.py: exception
types and code locations, never messages, which may hold patient data) and shows one dialog
saying where the log is, as labelme does; the window stays open and autosave goes on.
"""
from __future__ import annotations

import logging
import sys
import threading

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from burnmap.gui.utils.names import said
from burnmap.model.workspace import NoAssessment
from burnmap.system.crashlog import write_crash_log

log = logging.getLogger(__name__)


def show_problem(parent: QWidget | None, title: str, text: str) -> None:
    """An expected refusal: what was not done, and why."""
    QMessageBox.warning(parent, title, text)


def show_note(parent: QWidget | None, title: str, text: str) -> None:
    """Information the clinician should see (e.g. a case opened read-only); nothing failed."""
    QMessageBox.information(parent, title, text)


def ask_unsaved(parent: QWidget | None, title: str, text: str) -> str:
    """Save / Discard / Cancel before something would drop unsaved work: "save", "discard" or
    "cancel" (also for Escape or closing the dialog). Save is the default button."""
    buttons = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Warning, title, text,
                      buttons.Save | buttons.Discard | buttons.Cancel, parent)
    box.setDefaultButton(buttons.Save)
    box.setEscapeButton(buttons.Cancel)
    answer = box.exec()
    return {buttons.Save: "save", buttons.Discard: "discard"}.get(buttons(answer), "cancel")


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """A yes/no question whose safe answer (No) is the default and Escape's."""
    buttons = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Question, title, text, buttons.Yes | buttons.No, parent)
    box.setDefaultButton(buttons.No)
    box.setEscapeButton(buttons.No)
    return buttons(box.exec()) == buttons.Yes


def no_assessment_text(exc: NoAssessment) -> str:
    """Why there are no numbers yet, in the UI's language."""
    if exc.kind == "age":
        return QCoreApplication.translate("Problems", "Enter the patient's age or date of "
                                                      "birth: the Lund-Browder shares depend on it.")
    if exc.kind == "person":
        return QCoreApplication.translate("Problems", "No person was found on the photos, so "
                                                      "nothing can be measured: add a photo "
                                                      "that shows the patient's body.")
    if exc.kind == "photo":
        return QCoreApplication.translate("Problems", "No assessment yet: add a photo and let "
                                                      "it be parsed.")
    return QCoreApplication.translate("Problems", "Check the patient's details: {0}").format(
        said(exc.detail))


class _Funnel(QObject):
    """Logs each unexpected exception and shows it on the GUI thread, one dialog at a time."""
    crashed = Signal(str)   # where the crash log is (or why it could not be written)

    def __init__(self, window: QWidget):
        super().__init__()
        self.window = window
        self.showing = False
        self.crashed.connect(self._show)   # queued when a worker thread reports

    def report(self, exc: BaseException) -> None:
        where = write_crash_log(exc)
        # The type only: the message may name a patient.
        log.error("unexpected %s; crash log: %s", type(exc).__name__, where)
        self.crashed.emit(str(where))

    def _show(self, where: str) -> None:
        if self.showing:
            return  # a bug repeating while its dialog is open: logged, not shown again
        self.showing = True
        try:
            QMessageBox.critical(self.window, self.tr("Unexpected error"), self.tr(
                "BurnMap hit a bug; the window stays open. Save the case now and check what you "
                "were doing.\n\nDetails for support (no patient data) are in:\n{0}").format(where))
        except Exception:  # noqa: BLE001 - not a new bug to report (that would loop): logged
            log.error("the crash dialog could not be shown; crash log: %s", where)
        finally:
            self.showing = False


def install_excepthook(window: QWidget):
    """Route unexpected exceptions (GUI thread and plain threads) to a crash log and a dialog
    over `window`. Returns a function that puts the previous hooks back."""
    funnel = _Funnel(window)
    previous = sys.excepthook, threading.excepthook

    def hook(kind, exc, tb):
        if issubclass(kind, KeyboardInterrupt):
            return sys.__excepthook__(kind, exc, tb)
        funnel.report(exc.with_traceback(tb) if exc is not None else kind())

    def thread_hook(args):
        if args.exc_value is not None and not issubclass(args.exc_type, SystemExit):
            funnel.report(args.exc_value)

    sys.excepthook, threading.excepthook = hook, thread_hook

    def uninstall():
        sys.excepthook, threading.excepthook = previous
    return uninstall
