"""The live results: per-region table, totals, regions not assessed, warnings, fluids."""
from __future__ import annotations

from PySide6.QtWidgets import (QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QTabWidget,
                               QTextBrowser, QVBoxLayout, QWidget)

from core.assessment import Assessment
from core.body_chart import shades_from_assessment
from core.chart_burns import chart_marks
from core.burn import DEPTH_NAMES, DEPTHS

from .body_chart import BodyChartWidget
from .names import age_band_range, region_name, said, surface_name

SHORT = {1: "S", 2: "SPT", 3: "DPT", 4: "FT"}


class ResultsPanel(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([
            self.tr("Region"), self.tr("Surface"), self.tr("Burned\n(% of region)"),
            self.tr("Contribution\n(% TBSA)")])
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.setMinimumWidth(380)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.details = QTextBrowser()  # scrolls: the not-assessed list can be long
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        self.chart = BodyChartWidget()   # follows every stroke, like the table
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, self.tr("Table"))
        self.tabs.addTab(self.chart, self.tr("Body chart"))
        self.chart.setMinimumHeight(430)   # the two figures stay readable in a narrow dock
        layout.addWidget(self.tabs, 5)
        layout.addWidget(self.details, 2)
        self.show_assessment(None)

    def show_assessment(self, result: Assessment | None, reason: str = "") -> None:
        if result is None:
            self.summary.setText(reason or self.tr("No assessment yet: parse a photo and enter "
                                                   "the patient's age."))
            self.table.setRowCount(0)
            self.chart.set_shades({})
            self.details.setHtml("")
            return
        self.summary.setText(self._summary(result))
        self.chart.set_shades(shades_from_assessment(result), result.tbsa_total_percent,
                              result.assessed_share_percent, lambda: chart_marks(result),
                              result.caveats)
        self._fill_table(result)
        self.details.setHtml(self._details(result))

    def _summary(self, r: Assessment) -> str:
        by_depth = ", ".join(f"{SHORT[d]} {r.tbsa_by_depth[DEPTH_NAMES[d]]:.1f}" for d in DEPTHS)
        return self.tr("<b>Total burn: {0:.1f} % TBSA</b> (partial + full thickness) of {4:.1f} "
                       "% of the body surface assessed<br>By depth (% TBSA): {1}<br>"
                       "Superficial (not counted): {2:.1f} % TBSA<br>"
                       "Lund-Browder age band: {3}").format(
            r.tbsa_total_percent, by_depth, r.superficial_tbsa_percent,
            f"{age_band_range(r.age_band)} ({r.age_band})", r.assessed_share_percent)

    def _fill_table(self, r: Assessment) -> None:
        self.table.setRowCount(len(r.rows))
        for i, row in enumerate(r.rows):
            burned = sum(row.percent_of_region[DEPTH_NAMES[d]] for d in DEPTHS)
            detail = " / ".join(f"{SHORT[d]} {row.percent_of_region[DEPTH_NAMES[d]]:.0f}"
                                for d in DEPTHS if row.percent_of_region[DEPTH_NAMES[d]])
            cells = [region_name(row.region), surface_name(row.surface),
                     f"{burned:.1f}" + (f"  ({detail})" if detail else ""),
                     f"{sum(row.tbsa_percent.values()):.2f}"]
            for j, text in enumerate(cells):
                self.table.setItem(i, j, QTableWidgetItem(text))

    def _details(self, r: Assessment) -> str:
        lines = []
        if r.not_assessed:
            names = ", ".join(f"{region_name(reg)} ({surface_name(surf)})"
                              for reg, surf in r.not_assessed)
            lines.append(self.tr("<b>Not assessed</b> (no photo shows them): {0}").format(names))
        if r.warnings:
            lines.append(self.tr("<b>Warnings</b>: {0}").format("; ".join(map(said, r.warnings))))
        if r.notes:
            lines.append(self.tr("<b>Notes</b>: {0}").format("; ".join(map(said, r.notes))))
        lines += self._referral(r)
        lines += self._fluids(r.fluids)
        return "<br>".join(lines)

    def _fluids(self, f) -> list[str]:
        if f is None:
            return [self.tr("Fluid estimate: enter the weight.")]
        lines = []
        for formula in f.formulas:
            rate = "" if formula.rate_now_ml_per_h is None else "<br>" + self.tr(
                "Starting rate now: {0:,.0f} mL/h ({1})").format(formula.rate_now_ml_per_h,
                                                                 said(formula.rate_basis))
            lines.append(f"<b>{formula.name}</b>: {said(formula.formula)}{rate}")
        if f.maintenance_ml_per_h:
            lines.append(self.tr("Maintenance (Holliday-Segar): {0:.0f} mL/h").format(
                f.maintenance_ml_per_h))
        lines.append(self.tr("Formal resuscitation from {0:g} % TBSA: {1} ({2})").format(
            f.resuscitation_threshold_percent,
            self.tr("indicated") if f.resuscitation_indicated else self.tr("not indicated"),
            said(f.child_definition)))
        if f.notes:
            lines.append(self.tr("<b>Fluid notes</b>: {0}").format("; ".join(map(said, f.notes))))
        return lines

    def _referral(self, r: Assessment) -> list[str]:
        """Referral criteria met or to check (those not met are in the JSON and the report)."""
        shown = [i for i in r.referral if i.status != "not met"]
        if not shown:
            return []
        status = {"met": self.tr("met"), "to check": self.tr("to check")}
        items = "; ".join(f"{said(i.criterion)}: <b>{status[i.status]}</b> ({said(i.reason)})"
                          for i in shown)
        return [self.tr("<b>Referral ({0})</b>: {1}").format(r.referral_guideline, items)]
