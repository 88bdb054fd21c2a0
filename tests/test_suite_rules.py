"""Rules of the test suite itself: a test file imports its helpers from a shared module, never
from another test file (importing one runs its module code, collects its fixtures under a second
name and ties the two files' order and scope together)."""
from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _imported(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name


def _test_module_imports(path: Path) -> list[str]:
    found = []
    for source in [path.read_text(encoding="utf-8"), *_embedded(path)]:
        for line, module in _imported(ast.parse(source)):
            if module.split(".")[-1].startswith("test_"):
                found.append(f"{path.name}:{line}: {module}")
    return found


def _embedded(path: Path) -> list[str]:
    """Python source held in a file's string constants (code a test runs in another process)."""
    sources = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "import" in node.value:
            try:
                sources.append(ast.parse(node.value.replace("{{", "{").replace("}}", "}")))
            except SyntaxError:
                continue
    return [ast.unparse(tree) for tree in sources]


def test_no_test_file_imports_another():
    found = [hit for path in sorted(TESTS.rglob("*.py")) if path != Path(__file__).resolve()
             for hit in _test_module_imports(path)]   # (this file's sample breaks the rule)
    assert found == []


def test_the_rule_sees_imports_in_code_run_by_another_process(tmp_path):
    sample = tmp_path / "test_sample.py"
    sample.write_text('CODE = """\nimport sys\nfrom tests.casefile.test_case import make_workspace\n"""\n'
                      "from tests.gui.test_main_window import demo_window\n"
                      "import tests.hostile.test_cli_corpus\n"
                      "from tests.gui.windows import wait_parsed\n")
    assert sorted(hit.split(": ")[1] for hit in _test_module_imports(sample)) == [
        "tests.casefile.test_case", "tests.gui.test_main_window", "tests.hostile.test_cli_corpus"]


def test_every_test_runs_under_a_timeout(request):
    assert request.config.pluginmanager.hasplugin("timeout")        # pytest-timeout
    assert float(request.config.getini("timeout")) >= 60
    assert request.node.get_closest_marker("timeout") is None


def test_ci_runs_the_slow_tests():
    """`slow` is for a quick run by hand; the test script CI runs deselects nothing."""
    root = TESTS.parent
    ci = (root / ".ci" / "run").read_text(encoding="utf-8")
    script = (root / "scripts" / "test.sh").read_text(encoding="utf-8")
    assert "scripts/test.sh" in ci
    runs = [line for line in (ci + script).splitlines() if "pytest" in line]
    assert runs
    assert not [line for line in runs if "slow" in line or "-m " in line.split("pytest", 1)[1]]
