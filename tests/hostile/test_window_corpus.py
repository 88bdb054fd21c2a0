"""The hostile corpus in the window: bad photos and case files opened from the real main window
give a message naming the file and change nothing on disk; a locked case opens read-only
without writing; a change of patient is saved only when confirmed; the report is never written
onto the open case; the patient fields refuse impossible values."""
from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import date

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from burnmap.gui.main_window import MainWindow
from burnmap.model.patient import NAME_MAX, RECORD_MAX
from burnmap.parsing.provider import ParserProvider
from tests.hostile.inprocess import snapshot
from tests.hostile.processes import hold_lock
from tests.qt_input import type_text

TIMEOUT = 60_000
BAD_PHOTOS = ["nothing_here.png", "out", "empty.png", "notes.jpg", "doc.png", "truncated.png",
              "truncated.jpg", "anim.gif", "bomb.png", "side.png", "/dev/zero", "pipe.png",
              "loop.png"]
UNPARSABLE = ["thin_1x20000.png", "thin_2x5000.png", "tiny_4x4.png"]
BAD_CASES = ["damaged", "text", "foreign", "newer", "truncated", "missing", "dir"]


@pytest.fixture
def world(world_template, tmp_path):
    folder = tmp_path / "world"
    shutil.copytree(world_template, folder, symlinks=True)
    (folder / "dir.burncase").mkdir()
    os.mkfifo(folder / "pipe.png")
    os.symlink("loop.png", folder / "loop.png")
    return folder


@pytest.fixture(autouse=True)
def own_data_folder(monkeypatch, tmp_path):
    """Recovery copies of these windows stay in this test's folder."""
    monkeypatch.setenv("BURNMAP_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def window(qtbot, tmp_path):
    w = MainWindow(None, provider=ParserProvider(None, tmp_path, choice="default"))
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


@pytest.mark.parametrize("name", BAD_PHOTOS)
def test_a_bad_photo_is_refused_by_name_and_nothing_changes(name, world, window, dialogs):
    before = snapshot(world)
    path = name if name.startswith("/") else str(world / name)
    assert window.open_photo(path) is False
    assert window.workspace.photos == []
    assert len(dialogs) == 1
    assert dialogs[0][0] == "warning"
    assert name.split("/")[-1] in dialogs[0][1]
    assert snapshot(world) == before


@pytest.mark.parametrize("name", UNPARSABLE)
def test_an_unparsable_photo_is_kept_and_the_reason_shown(name, world, window, dialogs, qtbot):
    assert window.open_photo(str(world / name))
    qtbot.waitUntil(lambda: window.parse_queue.idle, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: any("32 pixels" in text for _, text in dialogs), timeout=TIMEOUT)
    assert len(window.workspace.photos) == 1
    assert window.workspace.photos[0].parsing is None


@pytest.mark.parametrize("name", BAD_CASES)
def test_a_bad_case_is_refused_by_name_and_nothing_changes(name, world, window, dialogs):
    before = snapshot(world)
    assert window.cases.open(world / f"{name}.burncase") is False
    assert len(dialogs) == 1
    assert dialogs[0][0] == "warning"
    assert f"{name}.burncase" in dialogs[0][1]
    assert snapshot(world) == before


def test_a_case_another_process_edits_opens_read_only_without_writing(world, window, dialogs):
    holder = hold_lock(world / "Zhang.burncase")
    try:
        before = snapshot(world)
        assert window.cases.open(world / "Zhang.burncase")
        assert window.session.read_only
        assert "editing" in dialogs[-1][1]
        window.cases.close()
        assert snapshot(world) == before
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.timeout(60)
def test_a_fifo_as_the_lock_opens_the_case_read_only_saying_so(world, window, dialogs):
    """The window took a FIFO named like the lock file as its lock, and removed it on closing
    the case; a command asking about the lock waited on it for ever."""
    os.mkfifo(world / "Zhang.burncase.lock")
    before = snapshot(world)
    assert window.cases.open(world / "Zhang.burncase")
    assert window.session.read_only
    assert ("its lock file 'Zhang.burncase.lock' is a FIFO (named pipe), not a regular file; "
            "remove it") in dialogs[-1][1]
    window.cases.close()
    assert snapshot(world) == before


def test_a_stored_impossible_date_of_birth_is_shown_not_crashed(world, window, dialogs):
    assert window.cases.open(world / "future_dob.burncase")
    assert "future" in window.results.summary.text()
    assert "future" in window.case_panel.problem.text()


def _stored_identity(path):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT name, record_number FROM patient").fetchone(), \
            [r[0] for r in conn.execute("SELECT action FROM audit")]
    finally:
        conn.close()


@pytest.mark.parametrize("confirm", [False, True])
def test_changing_the_patient_needs_a_confirmation_naming_both(confirm, world, window, dialogs,
                                                               monkeypatch):
    asked = []

    def question(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes if confirm else QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", question)
    case = world / "Zhang.burncase"
    assert window.cases.open(case)
    window.case_panel.name.setText("Li Na")
    window.case_panel.name.textEdited.emit("Li Na")
    saved = window.cases.save()
    (name, record), actions = _stored_identity(case)
    assert len(asked) == 1
    assert "Zhang Wei" in asked[0]
    assert "Li Na" in asked[0]
    assert saved is confirm
    assert name == ("Li Na" if confirm else "Zhang Wei")
    assert record == "MRN-1"
    assert ("patient identity changed" in actions) is confirm


def test_the_report_is_never_written_onto_the_open_case(world, window, dialogs, monkeypatch):
    from burnmap.gui.dialogs.export_dialog import open_export
    case = world / "Zhang.burncase"
    assert window.cases.open(case)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(case), ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Dr", True))
    before = case.read_bytes()
    dialog = open_export(window)
    dialog.assessor.setText("Dr")   # the export asks who assessed (Save waits for a name)
    dialog.save()
    dialog.close()
    assert case.read_bytes() == before
    assert dialogs[-1][0] == "warning"
    assert "case" in dialogs[-1][1]


def test_the_patient_fields_refuse_impossible_values(window):
    """Typed as a clinician types: impossible values are named under the form and not taken
    (the patient keeps them unknown), never clamped silently into something else."""
    panel = window.case_panel
    assert panel.name.maxLength() == NAME_MAX
    assert panel.record.maxLength() == RECORD_MAX
    type_text(panel.dob, "2999-01-01")                   # after today: named, not taken
    assert panel.patient.date_of_birth is None
    assert "date of birth" in panel.problem.text()
    type_text(panel.injury, "2999-01-01")
    assert panel.patient.injury_time is None
    assert "date of injury" in panel.problem.text()
    type_text(panel.injury, "")
    type_text(panel.age, "400")                          # above the limit: named, not taken
    assert panel.patient.age_years is None
    assert "age" in panel.problem.text()
    type_text(panel.weight, "0")                         # no one weighs nothing
    assert "weight" in panel.problem.text()
    type_text(panel.weight, "70")
    type_text(panel.age, "40")
    assert panel.patient.age_years == 40
    assert panel.patient.weight_kg == 70
    type_text(panel.dob, "2024-06-01")
    # one source: the age follows the date of birth and cannot contradict it
    assert not panel.age.isEnabled()
    assert panel.patient.age_years is None
    assert panel.patient.age(date.today()) < 3
    assert panel.problem.text() == ""
