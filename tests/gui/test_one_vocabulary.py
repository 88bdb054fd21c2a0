"""The window and the report name regions, surfaces, depths, the age band and the intended use
with the same words, in English and in Chinese (one table: burnmap.text.vocabulary)."""
from __future__ import annotations

import subprocess
from datetime import datetime, timedelta, timezone

import pytest

from burnmap.gui.actions import about_text
from burnmap.gui.app import install_language
from burnmap.gui.canvas.tool_state import ToolState
from burnmap.gui.widgets.results_panel import ResultsPanel
from burnmap.gui.widgets.tool_bar import ToolsPanel
from burnmap.reports.build import export
from burnmap.text import vocabulary as vocab
from tests.helpers.sample_case import make_workspace

WHEN = datetime(2026, 11, 23, 10, 30, tzinfo=timezone(timedelta(hours=1)))


def _squeezed(text: str) -> str:
    """Without white space: pdftotext breaks lines (and CJK text has no spaces to keep)."""
    return "".join(text.split())


def _report_text(workspace, language, tmp_path) -> str:
    path = tmp_path / f"{language}.pdf"
    export(workspace, path, WHEN, "Dr A", language)
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                         text=True).stdout
    return _squeezed(out)


class _AboutWindow:
    """What about_text reads of a window: the shown photo's parsing."""
    def __init__(self, state):
        self.state = state

    def tr(self, text):
        from PySide6.QtCore import QCoreApplication
        return QCoreApplication.translate("MainWindow", text)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_window_and_report_use_the_same_words(qapp, tmp_path, language):
    workspace = make_workspace()
    install_language(qapp, language)
    try:
        panel = ResultsPanel()
        result = workspace.assessment(now=WHEN)
        panel.show_assessment(result)
        tools = ToolsPanel(ToolState())
        about = about_text(_AboutWindow(workspace.photos[0]))
    finally:
        install_language(qapp, "en")
    pdf = _report_text(workspace, language, tmp_path)
    cells = {panel.table.item(r, c).text() for r in range(panel.table.rowCount()) for c in (0, 1)}
    assert len(cells) >= 3
    for cell in cells:
        assert _squeezed(cell) in pdf, cell
    # depth names of the burn-depth buttons are the report's (the report writes them lower case)
    depths = [b.text() for b in tools.depth_buttons.buttons()]
    for name in depths:
        assert _squeezed(name).lower() in pdf.lower(), name
    intended = about.split("<p>")[1].split("</p>")[0]
    assert _squeezed(intended) in pdf
    # the model is named the same way in the About box and on the report
    model = workspace.photos[0].parsing.model
    named = _squeezed(vocab.model_name(model.parser, model.sha256, language))
    assert named in _squeezed(about)
    assert named in pdf
    if language == "zh_CN":
        assert "躯干" in cells
        assert "前面" in cells


def test_a_patient_problem_is_said_in_the_ui_language(qapp):
    """A stored date of birth in the future (a clock set wrong) is named under the form in
    Chinese, not in the core's English."""
    from datetime import date

    from burnmap.gui.widgets.case_panel import CasePanel
    from burnmap.model.patient import Patient
    install_language(qapp, "zh_CN")
    try:
        panel = CasePanel(Patient(name="X", date_of_birth=date(2990, 1, 1)))
        panel.load_patient()
        text = panel.problem.text()
    finally:
        install_language(qapp, "en")
    assert "出生日期 2990-01-01 在将来" in text
    assert "future" not in text
