"""Run the tests of every layer below gui (HEADLESS) with PySide6 unimportable: proof that
the product and its reports work on a machine without Qt (the import-linter contract checks the imports; this
checks what actually runs). Arguments go to pytest."""
from __future__ import annotations

import importlib.abc
import sys

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


if __name__ == "__main__":
    sys.meta_path.insert(0, NoQt())
    sys.exit(pytest.main(["-q", "-p", "no:pytest-qt", "-p", "no:cacheprovider",
                          *HEADLESS, *sys.argv[1:]]))
