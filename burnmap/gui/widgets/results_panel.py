"""The live results: per-region table, totals, regions not assessed, warnings, fluids."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from burnmap.body.burn import DEPTH_NAMES, DEPTHS
from burnmap.chart.body_chart import shades_from_assessment
from burnmap.chart.burns import chart_marks
from burnmap.clinical.assessment import COUNTED_DEPTHS, Assessment, parts_add_up
from burnmap.clinical.referral import shown_referral
from burnmap.gui.utils.names import (
    age_band_range,
    depth_name,
    depth_short,
    fluid_formula,
    joined,
    region_name,
    said,
    surface_name,
)
from burnmap.gui.utils.window_fit import scrolling
from burnmap.gui.widgets.body_chart import BodyChartWidget
from burnmap.text.messages import region_surface


class ResultsPanel(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = self._make_table()
        self.setMinimumWidth(380)
        self.details = QTextBrowser()  # scrolls: warnings, referral and fluids can be long
        self.details.setMinimumHeight(90)
        self.details.setFocusPolicy(Qt.FocusPolicy.StrongFocus)   # reached by Tab, read by keys
        self.details.setTabChangesFocus(True)
        self.details.setOpenLinks(False)   # "show volumes" below the resuscitation threshold
        self.details.anchorClicked.connect(self._show_volumes)
        self.volumes_requested, self._shown = False, None
        self.chart = BodyChartWidget()   # follows every stroke, like the table
        # the units of the narrow columns, said once above them
        self.units = QLabel(self.tr("Depths: % of the region's visible skin (superficial shown, "
                                    "not counted). % TBSA: what the row adds to the total."))
        self.units.setWordWrap(True)
        table_page = QWidget()
        page = QVBoxLayout(table_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.units)
        page.addWidget(self.table, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(table_page, self.tr("Table"))
        self.tabs.addTab(self.chart, self.tr("Body chart"))
        # The clinician sets the split; each part scrolls its own long content.
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.setChildrenCollapsible(False)
        for widget, stretch in ((scrolling(self.summary), 1), (self.tabs, 5), (self.details, 3)):
            self.split.addWidget(widget)
            self.split.setStretchFactor(self.split.count() - 1, stretch)
        self.split.widget(0).setMinimumHeight(6 * self.fontMetrics().lineSpacing())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.split)
        self.show_assessment(None)

    def _make_table(self) -> QTableWidget:
        """The report's columns and fields: % of region by depth, the counted contribution, then
        where the numbers come from (last: a narrow dock still shows the numbers first)."""
        table = QTableWidget(0, 4 + len(DEPTHS))
        table.setHorizontalHeaderLabels(
            [self.tr("Region"), self.tr("Surface")]
            + [self.tr("{0} %").format(depth_short(d)) for d in DEPTHS]
            + [self.tr("% TBSA"), self.tr("Source")])
        for column, depth in enumerate(DEPTHS, start=2):   # narrow headers, full names on hover
            table.horizontalHeaderItem(column).setToolTip(
                self.tr("{0}: % of the region's visible skin").format(depth_name(depth)))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)   # arrows move between cells; Tab leaves
        return table

    def _show_volumes(self, _url) -> None:
        self.volumes_requested = True
        self.show_assessment(self._shown)

    def focus_chain(self) -> list[QWidget]:
        """The tabs, the table and the warnings, referral and fluids."""
        return [self.tabs.tabBar(), self.table, self.details]

    def show_assessment(self, result: Assessment | None, reason: str = "") -> None:
        self._shown = result
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
                              result.caveats, result.drawn_share_percent)
        self._fill_table(result)
        self.details.setHtml(self._details(result))

    def _summary(self, r: Assessment) -> str:
        counted = [r.tbsa_by_depth[DEPTH_NAMES[d]] for d in COUNTED_DEPTHS]
        by_depth = joined([f"{depth_short(d)} {v:.1f}"
                           for d, v in zip(COUNTED_DEPTHS, counted, strict=True)])
        if not parts_add_up(counted, r.tbsa_total_percent, 1):
            by_depth += " " + self.tr("(each rounded; together {0:.2f})").format(
                r.tbsa_total_percent)
        # the caveats that qualify every total (a parser blind to clothing), with the total
        caveats = "".join(f"<br><i>{escape(said(c))}</i>" for c in r.caveats)
        split = "" if not r.drawn_share_percent else "<br>" + self.tr(
            "Assessed: {0:.1f} % from photos, {1:.1f} % drawn on the body chart (examined, not "
            "measured from a photo)").format(r.assessed_share_percent - r.drawn_share_percent,
                                             r.drawn_share_percent)
        return self.tr("<b>Total burn: {0:.1f} % TBSA</b> (partial + full thickness) of {4:.1f} "
                       "% of the body surface assessed<br>By depth (% TBSA): {1}<br>"
                       "Superficial (not counted): {2:.1f} % TBSA<br>"
                       "Lund-Browder age band: {3}").format(
            r.tbsa_total_percent, by_depth, r.superficial_tbsa_percent,
            age_band_range(r.age_band), r.assessed_share_percent) + split + caveats

    def _fill_table(self, r: Assessment) -> None:
        """The rows the report prints, from the same fields and with the same precision: % of
        region by depth (superficial shown, not counted) and the counted % TBSA."""
        self.table.setRowCount(len(r.rows))
        for i, row in enumerate(r.rows):
            cells = [region_name(row.region), surface_name(row.surface)] \
                + [f"{row.percent_of_region[DEPTH_NAMES[d]]:.1f}" for d in DEPTHS] \
                + [f"{row.tbsa_counted:.2f}", self._source(row)]
            for j, text in enumerate(cells):
                self.table.setItem(i, j, QTableWidgetItem(text))
            if row.drawn_percent:         # drawn on the chart: said in the row's tooltip too
                for j in range(len(cells)):
                    self.table.item(i, j).setToolTip(self.tr(
                        "{0:.0f} % of this surface drawn on the body chart, not measured from a "
                        "photo").format(row.drawn_percent))

    def _source(self, row) -> str:
        """Where a row's numbers come from: a photo, the body chart, or both."""
        if not row.drawn_percent:
            return self.tr("photo")
        chart = self.tr("chart: examined, no burn") if row.drawn_unburned else \
            self.tr("drawn on the chart")
        return self.tr("photo + {0}").format(chart) if row.measured_by else chart

    def _details(self, r: Assessment) -> str:
        lines = []
        if r.not_assessed:
            names = _html_list([region_surface(reg, surf) for reg, surf in r.not_assessed])
            lines.append(self.tr("<b>Not assessed</b> (no photo shows them, nothing entered on the "
                                 "body chart): {0}").format(names))
        if r.warnings:
            lines.append(self.tr("<b>Warnings</b>: {0}").format(_html_list(r.warnings, "; ")))
        if r.notes:
            lines.append(self.tr("<b>Notes</b>: {0}").format(_html_list(r.notes, "; ")))
        lines += self._referral(r)
        lines += self._fluids(r.fluids)
        return "<br>".join(lines)

    def _fluids(self, f) -> list[str]:
        if f is None:
            return [self.tr("Fluid estimate: enter the weight.")]
        if f.threshold_text and not self.volumes_requested:   # below the threshold: one line
            link = self.tr("Show volumes")
            return [f"{_html(f.threshold_text)} <a href='volumes'>{link}</a>"]
        lines = [_html(f.policy_text)]
        for formula in f.formulas:
            rate = "" if formula.rate_now_ml_per_h is None else "<br>" + self.tr(
                "Starting rate now: {0:,.0f} mL/h ({1})").format(formula.rate_now_ml_per_h,
                                                                 _html(formula.rate_basis))
            lines.append(self._formula_head(formula) + rate + (
                "<br>" + _html(formula.other_basis) if formula.other_basis else ""))
        lines += [_html(f.maintenance_text)] if f.maintenance_text else []
        lines.append(_html(f.urine_text))
        lines.append(self.tr("Formal resuscitation from {0:g} % TBSA: {1} ({2})").format(
            f.resuscitation_threshold_percent,
            self.tr("indicated") if f.resuscitation_indicated else self.tr("not indicated"),
            _html(f.child_definition)))
        if f.notes:
            lines.append(self.tr("<b>Fluid notes</b>: {0}").format(_html_list(f.notes, "; ")))
        return lines

    def _formula_head(self, formula) -> str:
        """The formula's name, why it uses the mL/kg/% it does (consensus), and its volumes."""
        name = fluid_formula(formula.name)
        if formula.ml_basis:
            return self.tr("<b>{0}</b> ({1}): {2}").format(name, _html(formula.ml_basis),
                                                           _html(formula.formula))
        return self.tr("<b>{0}</b>: {1}").format(name, _html(formula.formula))

    def _referral(self, r: Assessment) -> list[str]:
        """Referral criteria met or to check (those not met are in the JSON and the report)."""
        shown = [i for i in shown_referral(r.referral) if i.status != "not met"]
        if not shown:
            return []
        status = {"met": self.tr("met"), "to check": self.tr("to check")}
        items = joined([self.tr("{0}: <b>{1}</b> ({2})").format(   # escaped piece by piece
            _html(i.criterion), status[i.status], _html(i.reason)) for i in shown], "; ")
        return [self.tr("<b>Referral ({0})</b>: {1}").format(r.referral_guideline, items)]


def _html(text) -> str:
    """Core text in the details' rich text, escaped: a photo named '<b>x.jpg' stays its name."""
    return escape(said(text))


def _html_list(items, separator: str = ", ") -> str:
    return escape(joined(items, separator))
