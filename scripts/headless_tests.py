"""Run the tests of every layer below gui (HEADLESS) with PySide6 unimportable: proof that
the product and its reports work on a machine without Qt (the import-linter contract checks the imports; this
checks what actually runs). Arguments go to pytest."""
from __future__ import annotations

import importlib.abc
import sys
from pathlib import Path

import pytest

BLOCKED = ("PySide6", "shiboken6", "pytestqt")
# The tests of every layer below gui, and the commands' tests that need no window.
HEADLESS = [
    "tests/system",
    "tests/text",
    "tests/photo",
    "tests/parsing",
    "tests/body",
    "tests/chart",
    "tests/clinical",
    "tests/model",
    "tests/casefile",
    "tests/reports",
    "tests/cli/test_cli_assess.py",
    "tests/cli/test_cli_parse.py",
]


class NoQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{name} is blocked: core and reports must run without Qt")
        return None


def _file(arg: str) -> Path:
    return Path(arg.split("::")[0])   # a node id's file


def selection(args: list[str]) -> list[str]:
    """The HEADLESS list, or the test files or node ids named among `args` when each lies in it
    (scripts/per_module.py names one module at a time); a path outside it is refused."""
    named = [a for a in args if not a.startswith("-") and _file(a).exists()]
    outside = [a for a in named if not any(_file(a).is_relative_to(h) for h in HEADLESS)]
    if outside:
        raise SystemExit(f"headless_tests.py: not a test of a layer below gui: {', '.join(outside)}")
    return [] if named else HEADLESS


if __name__ == "__main__":
    sys.meta_path.insert(0, NoQt())
    sys.exit(pytest.main(["-q", "-p", "no:pytest-qt", "-p", "no:cacheprovider",
                          *selection(sys.argv[1:]), *sys.argv[1:]]))
