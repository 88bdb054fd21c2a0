"""The class of the tool-key crash: Qt passes a signal's arguments (QAction.triggered's
`checked`, a button's `clicked`) into a slot that has parameters, so `lambda t=tool: ...` or
`functools.partial(f, ...)` connected to a signal silently receives False. burnmap/gui/ connects such
slots through burnmap.gui.utils.signals.call; this test finds any that do not."""
from __future__ import annotations

import ast
from pathlib import Path

GUI = Path(__file__).resolve().parents[3] / "burnmap" / "gui"


def _risky_slots(tree: ast.AST):
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("connect", "addAction", "singleShot")):
            continue
        for arg in node.args:
            # keyword-only defaults (after *args) are safe: no signal argument reaches them
            if isinstance(arg, ast.Lambda) and arg.args.defaults:
                yield node.lineno, "lambda with positional defaults"
            if isinstance(arg, ast.Call) and getattr(arg.func, "id", getattr(
                    arg.func, "attr", "")) == "partial":
                yield node.lineno, "functools.partial"


def test_no_signal_argument_can_fill_a_slot_parameter():
    assert (GUI / "main_window.py").is_file()     # a wrong path would find nothing to check
    found = [f"{path.name}:{line}: {what}" for path in sorted(GUI.rglob("*.py"))
             for line, what in _risky_slots(ast.parse(path.read_text(encoding="utf-8")))]
    assert found == []


def test_the_check_finds_the_old_pattern():
    old = "action.triggered.connect(lambda t=tool: w.tools.set(tool=t))\n" \
          "menu.addAction(name, lambda p=path: open(p))\nb.clicked.connect(partial(f, 1))\n"
    assert [line for line, _ in _risky_slots(ast.parse(old))] == [1, 2, 3]
