"""The size rules of issue 24, checked rather than intended: no module of the package over 400
lines, no function over 50, no folder over 20 modules (docs/ARCHITECTURE.md, convention 10)."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "burnmap"
MAX_LINES, MAX_FUNCTION, MAX_MODULES = 400, 50, 20


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_is_over_400_lines():
    long = {str(p.relative_to(PACKAGE)): n for p in _modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, long


def test_no_function_is_over_50_lines():
    long = {}
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = node.end_lineno - node.lineno + 1
                if size > MAX_FUNCTION:
                    long[f"{path.relative_to(PACKAGE)}:{node.name}"] = size
    assert not long, long


def test_no_folder_holds_more_than_20_modules():
    folders = {p.parent for p in _modules()}
    crowded = {str(f.relative_to(PACKAGE)): n for f in folders
               if (n := len([p for p in f.glob("*.py") if p.name != "__init__.py"])) > MAX_MODULES}
    assert not crowded, crowded
    assert len(folders) > 10   # the package's layers are there to be checked
