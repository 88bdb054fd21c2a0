"""Driving the real window as a clinician does: keys, clicks and menu items through QTest, and
modal dialogs answered through their own buttons.

A modal dialog runs its own event loop, so a test cannot click it after the call that opened it
returns: `DialogWatch` polls for the active modal widget and answers it with the next expected
answer. A dialog nobody expected is recorded (the test fails, see tests/gui/conftest.py) and
closed with Escape so that it can never hang the suite; at teardown, windows left with unsaved
work are closed with Discard.
"""
from __future__ import annotations

import itertools
import time
from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QDialogButtonBox, QMessageBox, QWidget

Answer = Callable[[QWidget], None]
STRAY_AFTER_S = 2.0


def wait_for(condition: Callable[[], bool], ms: int = 2000) -> bool:
    """Process events until `condition()` holds or `ms` have passed."""
    end = time.monotonic() + ms / 1000
    while not condition():
        if time.monotonic() > end:
            return False
        QTest.qWait(10)
    return True


def click(widget: QWidget, pos: QPoint | None = None) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     pos if pos is not None else widget.rect().center())


def press(widget: QWidget, sequence: str | QKeySequence) -> None:
    """Type a key sequence ("B", "Ctrl+Shift+S", "F1") into `widget` as a keyboard would."""
    combo = QKeySequence(sequence)[0]
    activate(widget.window())
    QTest.keyClick(widget, combo.key(), combo.keyboardModifiers())


def type_text(widget: QWidget, text: str, enter: bool = False) -> None:
    """Click into a field (or its editor: a NumberField's line edit), select what it holds and
    type `text` over it, as a clinician does; Enter after it if asked."""
    target = widget.focusProxy() or widget
    activate(target.window())
    click(target)
    QTest.keyClick(target, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        _type(target, text)
    else:
        QTest.keyClick(target, Qt.Key.Key_Delete)
    if enter:
        QTest.keyClick(target, Qt.Key.Key_Return)


def _type(target: QWidget, text: str) -> None:
    """ASCII as key presses; anything else (a full-width colon, Chinese) as an input method
    commits it (QTest's key clicks know ASCII only)."""
    from PySide6.QtGui import QInputMethodEvent
    for char in text:
        if char.isascii():
            QTest.keyClicks(target, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(target, event)


def activate(window: QWidget) -> None:
    """Make `window` the active window, as the clinician's click on it does (shortcuts and
    menus act only in the active window; a closed dialog does not always give it back)."""
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        assert QTest.qWaitForWindowActive(window), f"{window.windowTitle()} cannot be activated"


def dialog_text(widget: QWidget) -> str:
    if isinstance(widget, QMessageBox):
        return f"{widget.windowTitle()}: {widget.text()} {widget.informativeText()}"
    return widget.windowTitle()


def standard(button: QMessageBox.StandardButton) -> Answer:
    """Click one of a message box's standard buttons (Save, Discard, Yes, ...)."""
    def answer(box: QWidget) -> None:
        target = box.button(button) if isinstance(box, QMessageBox) else \
            box.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton(button.value))
        assert target is not None, f"no {button} button in {dialog_text(box)!r}"
        click(target)
    return answer


def button_named(text: str) -> Answer:
    def answer(box: QWidget) -> None:
        for button in box.findChildren(QAbstractButton):
            if button.text().replace("&", "") == text and button.isVisible():
                click(button)
                return
        raise AssertionError(f"no button {text!r} in {dialog_text(box)!r}")
    return answer


def escape(box: QWidget) -> None:
    QTest.keyClick(box, Qt.Key.Key_Escape)


def file_name(path) -> Answer:
    """Put `path` in a file dialog's name field and press its Open/Save button. (Key clicks
    into Qt's own file dialog race its completer and directory model offscreen, and selectFile
    waits for the model; the whole path in the field is what the clinician's typing ends in.)"""
    def answer(dialog: QWidget) -> None:
        from PySide6.QtWidgets import QFileDialog, QLineEdit
        assert isinstance(dialog, QFileDialog), f"not a file dialog: {dialog_text(dialog)!r}"
        dialog.findChild(QLineEdit, "fileNameEdit").setText(str(path))
        buttons = dialog.findChild(QDialogButtonBox)
        accept = next(b for b in buttons.buttons()
                      if buttons.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole)
        click(accept)
    return answer


def discard_or_escape(box: QWidget) -> None:
    """Discard where a dialog offers it (unsaved work), else Escape."""
    if isinstance(box, QMessageBox) and box.button(QMessageBox.StandardButton.Discard):
        standard(QMessageBox.StandardButton.Discard)(box)
    else:
        escape(box)


def menu_items(window) -> list[tuple[str, object, list]]:
    """Every item of every menu of the window's menu bar (submenus included) as
    ("File > Save case", QAction, [the menus that lead to it]), in menu order."""
    found = []

    def walk(menu, path, chain):
        for action in menu.actions():
            if action.isSeparator():
                continue
            name = f"{path} > {action.text().replace('&', '')}"
            if action.menu() is not None:
                walk(action.menu(), name, [*chain, action.menu()])
            else:
                found.append((name, action, chain))
    for top in window.menuBar().actions():
        walk(top.menu(), top.text().replace("&", ""), [top.menu()])
    return found


def choose_menu_item(window, name: str) -> None:
    """Open the menu bar's menu (and submenus) by clicks and click the item called `name`
    ("Tools > Eraser", as `menu_items` names it)."""
    [(_, action, chain)] = [item for item in menu_items(window) if item[0] == name]
    activate(window)
    bar = window.menuBar()
    click(bar, bar.actionGeometry(chain[0].menuAction()).center())
    for outer, inner in itertools.pairwise(chain):
        assert wait_for(outer.isVisible), outer.title()
        click(outer, outer.actionGeometry(inner.menuAction()).center())
    last = chain[-1]
    assert wait_for(last.isVisible), last.title()
    assert action.isEnabled(), name
    assert action.isVisible(), name
    click(last, last.actionGeometry(action).center())


class DialogWatch:
    """Answers modal dialogs in order; records and closes the ones nobody expected."""

    def __init__(self):
        self.expected: list[tuple[Answer, str]] = []
        self.otherwise: Answer | None = None   # for any dialog when nothing is expected
        self.seen: list[str] = []       # every dialog answered on purpose: "what: text"
        self.stray: list[str] = []      # dialogs nobody expected during the test
        self.teardown = False
        self._since: dict[int, float] = {}
        self.timer = QTimer()
        self.timer.setInterval(30)
        self.timer.timeout.connect(self._poll)

    def expect(self, answer: Answer, what: str = "") -> None:
        self.expected.append((answer, what))

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _poll(self) -> None:
        box = QApplication.activeModalWidget()
        if box is None or not isinstance(box, QDialog) or not box.isVisible():
            return
        if self.expected:
            answer, what = self.expected.pop(0)
            self.seen.append(f"{what}: {dialog_text(box)}")
            answer(box)
            return
        if self.otherwise is not None:
            self.seen.append(f"any: {dialog_text(box)}")
            self.otherwise(box)
            return
        if self.teardown and isinstance(box, QMessageBox) and \
                box.button(QMessageBox.StandardButton.Discard) is not None:
            standard(QMessageBox.StandardButton.Discard)(box)
            return
        first = self._since.setdefault(id(box), time.monotonic())
        if time.monotonic() - first >= STRAY_AFTER_S:
            self.stray.append(dialog_text(box))
            self._since.pop(id(box), None)
            box.reject()


# --- pytest wiring, imported by the conftest of every folder whose tests open windows ----------
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def dialog_watch(request):
    """Every Qt test runs under a DialogWatch: a modal dialog the test did not expect fails
    the test instead of hanging it."""
    if not {"qtbot", "qapp"} & set(request.fixturenames):
        yield None
        return
    request.getfixturevalue("qtbot")
    watch = DialogWatch()
    watch.start()
    yield watch
    watch.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    watch = item.funcargs.get("dialog_watch")
    if watch is not None and watch.stray:
        pytest.fail(f"unexpected dialogs: {watch.stray}", pytrace=False)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item):
    watch = getattr(item, "funcargs", {}).get("dialog_watch")
    if watch is not None:
        watch.teardown = True   # windows closed by fixtures may ask about unsaved work
    return (yield)
