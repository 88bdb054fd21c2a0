"""Entry fields a clinician types into: numbers with a unit and dates, where empty means unknown.

Spin boxes with an "unknown" special text ignored typing after a click ("unknown5" is not a
number) and their date sections swallowed Tab; these are line edits that take what is typed
from an empty field, show "unknown" as a placeholder, and write dates in ISO (2026-12-07): a
date never reads "8 03 1985", which a reader can take for 3 August or 8 March.
"""
from __future__ import annotations

import math
from datetime import date

from PySide6.QtCore import QDate, QLocale, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

INVALID_STYLE = "QLineEdit { border: 1px solid #c00000; }"


def _field_row(parent: QWidget, edit: QLineEdit, *after: QWidget) -> None:
    row = QHBoxLayout(parent)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(4)
    row.addWidget(edit, 1)
    for widget in after:
        row.addWidget(widget)
    parent.setFocusProxy(edit)


class NumberField(QWidget):
    """A number in [low, high] with `decimals` places, or None (empty: unknown)."""
    edited = Signal()   # the clinician changed the text (not emitted by set_value)

    def __init__(self, low: float, high: float, decimals: int, unit: str, parent=None):
        super().__init__(parent)
        self.low, self.high, self.decimals = low, high, decimals
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("unknown"))
        self.edit.setValidator(_NumberValidator(self.edit))
        self.unit = QLabel(unit)
        _field_row(self, self.edit, self.unit)
        self.edit.textEdited.connect(self._edited)

    def value(self) -> float | None:
        """The number typed, None when empty or not (yet) a number within the limits."""
        number = _number(self.edit.text())
        if number is None or not self.low <= number <= self.high:
            return None
        return round(number, self.decimals)

    def problem(self) -> bool:
        """Text that is not a number within the limits (shown, and not taken)."""
        return bool(self.edit.text().strip()) and self.value() is None

    def set_value(self, value: float | None) -> None:
        text = "" if value is None else f"{value:.{self.decimals}f}"
        if self.decimals and text:
            text = text.rstrip("0").rstrip(".")
        self.edit.setText(text)
        self._mark()

    def _edited(self) -> None:
        self._mark()
        self.edited.emit()

    def _mark(self) -> None:
        self.edit.setStyleSheet(INVALID_STYLE if self.problem() else "")
        self.edit.setToolTip(self.tr("Between {0:g} and {1:g}").format(self.low, self.high))


def _number(text: str) -> float | None:
    """A typed number: '.' or the locale's decimal comma; None for anything else."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


class _NumberValidator(QValidator):
    """Digits and one decimal separator: letters never enter the field."""

    def validate(self, text: str, pos: int):
        body = text.strip().replace(",", ".")
        ok = body.count(".") <= 1 and all(c.isdigit() or c == "." for c in body)
        return (QValidator.State.Acceptable if ok else QValidator.State.Invalid), text, pos


class DateField(QWidget):
    """A date typed as YYYY-MM-DD (or picked on a calendar that opens at the field's date or
    today), or None (empty: unknown). Dates outside [earliest, latest()] are problems."""
    edited = Signal()

    def __init__(self, earliest: date, parent=None):
        super().__init__(parent)
        self.earliest = earliest
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("unknown (YYYY-MM-DD)"))
        self.edit.setMaxLength(10)
        self.pick = QToolButton()
        self.pick.setText("…")
        self.pick.setToolTip(self.tr("Choose on a calendar"))
        self.pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar = QCalendarWidget()
        self.calendar.setFirstDayOfWeek(QLocale().firstDayOfWeek())
        menu = QMenu(self.pick)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.calendar)
        menu.addAction(holder)
        menu.aboutToShow.connect(self._open_calendar)
        self.pick.setMenu(menu)
        self.calendar.clicked.connect(self._picked)
        _field_row(self, self.edit, self.pick)
        self.edit.textEdited.connect(self._edited)

    def value(self) -> date | None:
        text = self.edit.text().strip()
        try:
            day = date.fromisoformat(text) if len(text) == 10 else None
        except ValueError:
            return None
        if day is None or not self.earliest <= day <= date.today():
            return None
        return day

    def problem(self) -> bool:
        return bool(self.edit.text().strip()) and self.value() is None

    def set_value(self, day: date | None) -> None:
        self.edit.setText("" if day is None else day.isoformat())
        self._mark()

    def _open_calendar(self) -> None:
        self.calendar.setDateRange(QDate(self.earliest), QDate.currentDate())
        self.calendar.setSelectedDate(QDate(self.value() or date.today()))

    def _picked(self, day: QDate) -> None:
        self.edit.setText(day.toPython().isoformat())
        self.pick.menu().hide()
        self._edited()

    def _edited(self) -> None:
        self._mark()
        self.edited.emit()

    def _mark(self) -> None:
        self.edit.setStyleSheet(INVALID_STYLE if self.problem() else "")
