"""Case files from the window: save, autosave and recovery, read-only second window, history."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from burnmap.body.burn import FULL_THICKNESS
from burnmap.casefile.session import pending_recoveries
from burnmap.gui.app import install_language
from burnmap.gui.main_window import MainWindow
from burnmap.parsing.provider import ParserProvider
from tests.qt_input import standard, type_text

TIMEOUT = 120_000


@pytest.fixture
def dialogs(monkeypatch, tmp_path):
    shown = []
    for kind in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda *a, k=kind: shown.append((k, a[2])))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "patient.burncase"), ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Dr Example", True))
    return shown


def _window(qtbot, tmp_path, session=None, photos=None):
    window = MainWindow(photos, provider=ParserProvider(None, tmp_path), session=session)
    qtbot.addWidget(window)
    window.show()
    return window


def _paint(window):
    state = window.state
    ys, xs = np.nonzero(state.regions.ids)
    state.burn.stroke([(xs.mean(), ys.mean())], FULL_THICKNESS, 30)
    state.record(state.burn.undo_stack[-1])
    window.canvas.edited.emit()


def test_save_autosave_close_and_recover(qtbot, tmp_path, dialogs, photos_dir, dialog_watch):
    w = _window(qtbot, tmp_path, photos=[str(photos_dir / "grace_hopper.jpg")])
    qtbot.waitUntil(lambda: w.state is not None and w.state.parsing is not None, timeout=TIMEOUT)
    type_text(w.case_panel.age, "60")
    assert w.cases.save()
    assert (tmp_path / "patient.burncase").exists()
    assert "patient.burncase" in w.windowTitle()
    _paint(w)
    painted = w.state.burn.values.copy()
    assert w.windowTitle().endswith("*")
    w.cases.autosave()          # what the 3-second timer does
    w.cases.wait()
    dialog_watch.expect(standard(QMessageBox.StandardButton.Cancel), "quit, unsaved")
    assert not w.close()
    assert w.isVisible()
    w.cases.session.detach()    # what a crash leaves: the recovery copy, no locks
    found = pending_recoveries()
    assert len(found) == 1
    assert found[0].original == str(tmp_path / "patient.burncase")
    again = _window(qtbot, tmp_path)
    again.cases.recover(found[0])
    assert np.array_equal(again.workspace.photos[0].burn.values, painted)
    assert again.session.path == tmp_path / "patient.burncase"
    assert again.cases.save()
    assert pending_recoveries() == []
    again.close()


def test_second_window_is_read_only_and_history_compares(qtbot, tmp_path, dialogs, photos_dir):
    first = _window(qtbot, tmp_path, photos=[str(photos_dir / "grace_hopper.jpg")])
    qtbot.waitUntil(lambda: first.state is not None and first.state.parsing is not None,
                    timeout=TIMEOUT)
    type_text(first.case_panel.age, "60")
    assert first.cases.save()
    first.cases.save_assessment()
    _paint(first)
    first.cases.save_assessment()
    history = first.session.case.assessments()
    assert [h["assessor"] for h in history] == ["Dr Example", "Dr Example"]
    dialog = first.cases.show_history()
    assert dialog.dates.rowCount() == 2
    rows = dialog.compare(0, 1)
    assert any(r["change"] and r["change"] > 0 for r in rows)
    second = _window(qtbot, tmp_path)
    assert second.cases.open(tmp_path / "patient.burncase")
    assert second.session.read_only
    assert "(read-only)" in second.windowTitle()
    assert any(kind == "information" and "read-only" in text for kind, text in dialogs)
    second.close()
    first.close()


def test_a_language_switch_hands_the_open_case_to_the_new_window(qtbot, qapp, tmp_path, dialogs):
    from burnmap.gui.app import Shell
    shell = Shell(qapp, [])                       # the demo case, as at start-up
    old = shell.window
    qtbot.addWidget(old)
    qtbot.waitUntil(lambda: old.state is not None and old.state.parsing is not None,
                    timeout=TIMEOUT)
    assert old.cases.save()
    workspace, case = old.workspace, old.session.case
    shell.switch_language("en")                   # the language shown: nothing rebuilt
    assert shell.window is old
    shell.switch_language("zh_CN")
    new = shell.window
    qtbot.addWidget(new)
    assert new is not old
    assert not old.isVisible()
    assert new.workspace is workspace
    assert new.session.case is case
    assert not case.read_only
    assert old.session.case is None
    assert old.workspace.photos == []
    try:
        assert new.cases.save()
        assert new.session.path == tmp_path / "patient.burncase"
        new.close()
    finally:
        shell.uninstall_hook()
        install_language(qapp, "en")
