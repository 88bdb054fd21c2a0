"""How problems reach the clinician: one helper each for refusals and notes.

Expected refusals (a bad photo, a case that cannot be opened or saved, no assessment yet) say
what and why through `show_problem`; nothing is logged as a bug.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from core.workspace import NoAssessment

log = logging.getLogger(__name__)


def show_problem(parent: QWidget | None, title: str, text: str) -> None:
    """An expected refusal: what was not done, and why."""
    QMessageBox.warning(parent, title, text)


def show_note(parent: QWidget | None, title: str, text: str) -> None:
    """Information the clinician should see (e.g. a case opened read-only); nothing failed."""
    QMessageBox.information(parent, title, text)


def no_assessment_text(exc: NoAssessment) -> str:
    """Why there are no numbers yet, in the UI's language."""
    tr = QCoreApplication.translate
    return {"age": tr("Problems", "Enter the patient's age or date of birth: the Lund-Browder "
                                  "shares depend on it."),
            "photo": tr("Problems", "No assessment yet: add a photo and let it be parsed."),
            "patient": tr("Problems", "Check the patient's details: {0}").format(exc.detail),
            }[exc.kind]
