"""Serial assessments of the case: %TBSA over time, and two dates compared region by region."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from burnmap.clinical.assessment import compare_assessments
from burnmap.gui.utils.names import region_name, surface_name


def local_time(iso: str) -> str:
    """An ISO time as this computer's local time with its offset: '2026-12-07 09:57 (+01:00)'."""
    moment = datetime.fromisoformat(iso).astimezone()
    offset = moment.strftime("%z")
    return f"{moment:%Y-%m-%d %H:%M} ({offset[:3]}:{offset[3:]})"


def _fmt(value) -> str:
    return "—" if value is None else f"{value:.2f}"


class HistoryDialog(QDialog):
    def __init__(self, history: list[dict], parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Assessments over time"))
        self.resize(640, 560)
        self.history = history
        self.dates = QTableWidget(len(history), 3)
        self.dates.setHorizontalHeaderLabels([self.tr("Assessed at"), self.tr("Assessor"),
                                              self.tr("Total (% TBSA)")])
        for i, h in enumerate(history):
            for j, text in enumerate((local_time(h["assessed_at"]), h["assessor"],
                                      _fmt(h["result"]["tbsa_total_percent"]))):
                self.dates.setItem(i, j, QTableWidgetItem(text))
        self.dates.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.dates.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.compare_button = QPushButton(self.tr("Compare the two selected dates"))
        self.compare_button.clicked.connect(self.compare_selected)
        self.comparison = QTableWidget(0, 5)
        self.comparison.setHorizontalHeaderLabels([
            self.tr("Region"), self.tr("Surface"), self.tr("Earlier (% TBSA)"),
            self.tr("Later (% TBSA)"), self.tr("Change (% TBSA)")])
        self.comparison.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        hint = self.tr("Select two rows to compare them.") if len(history) > 1 else \
            self.tr("Save at least two assessments to compare dates.")
        layout.addWidget(QLabel(hint))
        layout.addWidget(self.dates, 1)
        layout.addWidget(self.compare_button)
        layout.addWidget(self.comparison, 2)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)

    def compare(self, earlier: int, later: int) -> list[dict]:
        rows = compare_assessments(self.history[earlier]["result"],
                                   self.history[later]["result"])
        self.comparison.setRowCount(len(rows))
        for i, r in enumerate(rows):
            cells = (region_name(r["region"]), surface_name(r["side"]),
                     self._value(r["earlier"], r.get("earlier_source")),
                     self._value(r["later"], r.get("later_source")), _fmt(r["change"]))
            for j, text in enumerate(cells):
                self.comparison.setItem(i, j, QTableWidgetItem(text))
        return rows

    def _value(self, value, source) -> str:
        """A date's % TBSA, marked when (part of) it was drawn on the body chart, not measured
        from a photo."""
        if value is None or source in (None, "photo"):
            return _fmt(value)
        return self.tr("{0} (chart)").format(_fmt(value))

    def compare_selected(self) -> None:
        chosen = sorted({i.row() for i in self.dates.selectedIndexes()})
        if len(chosen) == 2:
            self.compare(chosen[0], chosen[1])
