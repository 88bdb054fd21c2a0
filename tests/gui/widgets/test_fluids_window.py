"""Issue 23 in the window: the urine target and the late-start policy are shown, a small burn is
one line (volumes on request), a time of injury needs its time of day, an ambiguous local time
is asked about, and the electrical injury is a patient detail."""
from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QMessageBox

from burnmap.body.burn import DEEP_PARTIAL
from burnmap.body.regions import REGION_ID
from burnmap.gui.main_window import MainWindow
from burnmap.gui.widgets.case_panel import CasePanel
from burnmap.gui.widgets.results_panel import ResultsPanel
from burnmap.model.patient import Patient, local_time
from burnmap.parsing.provider import ParserProvider
from tests.helpers.sample_case import make_workspace
from tests.qt_input import click, type_text

SHOTS = os.environ.get("BURNMAP_SHOTS", "")   # a folder to keep screenshots in, if set
NOW = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)   # 2 h after make_workspace's injury


def _burned(region_ids: tuple[str, ...]):
    ws = make_workspace()
    for state in ws.photos:
        ids = np.isin(state.regions.ids, [REGION_ID[r] for r in region_ids])
        state.load_burn(np.where(ids, DEEP_PARTIAL, 0).astype(np.uint8))
    return ws


def test_the_window_shows_the_urine_target_and_the_policy(qtbot):
    ws = _burned(("trunk",))                               # trunk 13 + 13 = 26 % TBSA
    result = ws.assessment(now=NOW)
    panel = ResultsPanel()
    qtbot.addWidget(panel)
    panel.resize(460, 900)
    panel.show_assessment(result)
    text = panel.details.toPlainText()
    f = result.fluids
    assert f.resuscitation_indicated
    assert f.urine_target_ml_per_h == pytest.approx(0.5 * 72.5)
    assert f.urine_text in text
    assert "urine output target 0.5 mL/kg/h x 72.5 kg = 36.25 mL/h (adult, ABLS)" in text
    assert "late start: no catch-up (ABA/ABLS) (setting late_start_policy)" in text
    assert "catch-up (classical Parkland): " in text          # what the other policy gives
    assert "2 mL of the consensus 2-4 mL" in text
    if SHOTS and os.path.isdir(SHOTS):   # the fluids are at the end of the details: show them
        panel.resize(460, 1400)
        panel.show()
        bar = panel.details.verticalScrollBar()
        bar.setValue(bar.maximum())
        panel.details.grab().save(f"{SHOTS}/issue23_results_adult.png")


def test_a_child_gets_maintenance_in_addition_and_1_ml_urine(qtbot):
    ws = _burned(("trunk",))
    ws.patient.date_of_birth = None
    ws.patient.age_years, ws.patient.weight_kg = 4, 18
    panel = ResultsPanel()
    qtbot.addWidget(panel)
    panel.show_assessment(ws.assessment(now=NOW))
    text = panel.details.toPlainText()
    assert "urine output target 1 mL/kg/h x 18 kg = 18 mL/h (child under 30 kg, ABLS)" in text
    assert "maintenance 56 mL/h (Holliday-Segar 4-2-1 mL/kg/h) of a fluid containing dextrose" \
        in text
    assert "in addition to the resuscitation fluid" in text


def test_a_small_burn_is_one_line_with_volumes_on_request(qtbot):
    ws = _burned(("hand_left",))
    result = ws.assessment(now=NOW)
    assert not result.fluids.resuscitation_indicated
    panel = ResultsPanel()
    qtbot.addWidget(panel)
    panel.resize(460, 900)
    panel.show_assessment(result)
    text = panel.details.toPlainText()
    assert result.fluids.threshold_text in text
    assert "Show volumes" in text
    assert "Parkland" not in text
    assert "urine output target" not in text
    assert text.count("ask and examine:") == 1                # one line for what photos never judge
    if SHOTS and os.path.isdir(SHOTS):
        panel.resize(460, 1400)
        panel.show()
        bar = panel.details.verticalScrollBar()
        bar.setValue(bar.maximum())
        panel.details.grab().save(f"{SHOTS}/issue23_results_small_burn.png")
    panel.details.anchorClicked.emit(QUrl("volumes"))
    shown = panel.details.toPlainText()
    assert "Parkland" in shown
    assert result.fluids.urine_text in shown


def test_a_date_without_a_time_of_day_is_not_a_time_of_injury(qtbot):
    patient = Patient(name="X", age_years=40)
    panel = CasePanel(patient)
    qtbot.addWidget(panel)
    panel.show()
    yesterday = datetime.now().astimezone() - timedelta(days=1)
    type_text(panel.injury, yesterday.date().isoformat())
    assert patient.injury_time is None
    assert "a date alone is not a time of injury" in panel.problem.text()
    type_text(panel.injury_clock, "06:30")
    expected = local_time(datetime.combine(yesterday.date(), datetime.min.time()).replace(
        hour=6, minute=30))
    assert patient.injury_time == expected
    assert patient.injury_time.tzinfo is not None
    assert panel.problem.text() == ""
    type_text(panel.injury_clock, "")
    type_text(panel.injury_clock, "06：30")   # the colon a Chinese input method types
    assert patient.injury_time == expected
    assert panel.problem.text() == ""
    type_text(panel.injury_clock, "")
    assert patient.injury_time is None                        # the time removed: no time of injury
    click(panel.electrical)
    assert patient.electrical_injury is True


def test_injury_hours_ago_fills_date_and_time(qtbot):
    """The quick entry: '3' hours ago and Enter gives today's (or yesterday's) date and the
    clock time three hours back, to the minute, in the two fields and the patient."""
    patient = Patient(name="X", age_years=40)
    panel = CasePanel(patient)
    qtbot.addWidget(panel)
    panel.show()
    before = datetime.now().astimezone()
    type_text(panel.injury_ago, "3", enter=True)
    after = datetime.now().astimezone()
    assert patient.injury_time is not None
    assert panel.injury_ago.text() == ""
    moment = patient.injury_time
    assert before - timedelta(hours=3, minutes=1) <= moment <= after - timedelta(hours=3)
    assert panel.injury.edit.text() == moment.date().isoformat()
    assert panel.injury_clock.text() == moment.strftime("%H:%M")
    type_text(panel.injury_ago, "99999", enter=True)          # more than a year: refused
    assert patient.injury_time == moment
    assert "hours ago" in panel.problem.text()


def test_numbers_and_dates_are_typed_from_an_empty_field(qtbot):
    """Click and type, as the issue found broken: 'unknown' is a placeholder, not text, so the
    first digit typed is the first digit of the value; letters never enter a number."""
    patient = Patient()
    panel = CasePanel(patient)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.dob.edit.text() == ""
    assert panel.age.edit.placeholderText() != ""
    type_text(panel.dob, "1985-03-08")
    assert patient.date_of_birth == date(1985, 3, 8)
    assert panel.dob.edit.text() == "1985-03-08"
    type_text(panel.dob, "")
    type_text(panel.age, "4x0")                 # the x never enters
    assert panel.age.edit.text() == "40"
    assert patient.age_years == 40
    type_text(panel.age, "0")                   # a newborn: 0 years is an age, not unknown
    assert patient.age_years == 0
    type_text(panel.weight, "72,5")             # a decimal comma as typed on many keyboards
    assert patient.weight_kg == 72.5
    type_text(panel.given, "")
    assert patient.fluid_given_ml is None       # empty: not entered, never 0
    type_text(panel.given, "0")
    assert patient.fluid_given_ml == 0


@pytest.mark.parametrize(("choice", "offset"), [(0, 2), (1, 1), (None, None)])
def test_a_local_time_shown_twice_is_asked_about(qtbot, monkeypatch, berlin, choice, offset):
    asked = []

    def answer(box):
        asked.append(box.text())
        buttons = [b for b in box.buttons()
                   if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole]
        (buttons[choice] if choice is not None else box.button(
            QMessageBox.StandardButton.Cancel)).click()
        return 0
    monkeypatch.setattr(QMessageBox, "exec", answer)
    patient = Patient(name="X", age_years=40)
    panel = CasePanel(patient)
    qtbot.addWidget(panel)
    panel.show()
    type_text(panel.injury, "2026-10-25")
    type_text(panel.injury_clock, "02:30")
    assert len(asked) == 1
    assert "2026-10-25 02:30 happened twice" in asked[0]
    if choice is None:
        assert patient.injury_time is None
        assert "happened twice" in panel.problem.text()
    else:
        assert patient.injury_time.utcoffset() == timedelta(hours=offset)
        assert patient.injury_time.astimezone(UTC).hour == 2 - offset


def test_the_window_stores_what_the_panel_says(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from burnmap.casefile.case import CaseFile
    from burnmap.casefile.session import pending_recoveries
    ws = _burned(("trunk",))
    ws.patient.injury_time = datetime.now(UTC) - timedelta(hours=2)
    window = MainWindow(None, workspace=ws, provider=ParserProvider(None, tmp_path))
    qtbot.addWidget(window)
    window.case_panel.electrical.setChecked(True)
    assert ws.patient.electrical_injury
    text = window.results.details.toPlainText()
    assert "4 mL of the consensus 2-4 mL: electrical injury (ABLS)" in text
    assert "Electrical burns: met" in text
    case = tmp_path / "electrical.burncase"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(case), ""))
    assert window.cases.save()
    window.close()
    assert pending_recoveries() == []           # saved: nothing left for the next start
    stored = CaseFile.open(case, "test", read_only=True)
    assert stored.load().patient.electrical_injury is True
    stored.close()
