"""Rules of the test suite itself: a test file imports its helpers from a shared module, never
from another test file (importing one runs its module code, collects its fixtures under a second
name and ties the two files' order and scope together); the test folders mirror the packages."""
from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
PACKAGE = TESTS.parent / "burnmap"
# tests/ folders that mirror no package of burnmap/
NOT_PACKAGES = {"helpers": "figures, sample cases and scenes shared by test files",
                "hostile": "bad inputs through every command and the window",
                "bench": "the benchmarks in bench/"}


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
    """`slow` is for a quick run by hand; the test script CI runs deselects nothing. Its only
    selection by marker is `-m "not m2fp"`, each followed by scripts/per_module.py on the same
    command, which runs the tests marked m2fp (one module per process)."""
    root = TESTS.parent
    ci = (root / ".ci" / "run").read_text(encoding="utf-8")
    script = (root / "scripts" / "test.sh").read_text(encoding="utf-8")
    assert "scripts/test.sh" in ci
    code = [line.split("#", 1)[0].strip() for line in (ci + script).splitlines()]
    code = [line for line in code if line]
    assert [line for line in code if "pytest" in line]
    assert not [line for line in code if "slow" in line or "--deselect" in line or " -k " in line]
    selecting = [i for i, line in enumerate(code) if re.search(r"-m\s+(?!pytest\b)", line)]
    assert selecting
    for i in selecting:
        command, selection = re.split(r"\s-m\s+(?!pytest\b)", code[i], maxsplit=1)
        assert selection.startswith('"not m2fp"'), code[i]
        assert code[i + 1].startswith(".venv/bin/python scripts/per_module.py " + command), code[i + 1]
    spec = importlib.util.spec_from_file_location("per_module", root / "scripts" / "per_module.py")
    per_module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(per_module)
    assert per_module.MARKER == "m2fp"
    from tests.model_fixtures import RUN_DIR
    assert per_module.RUN_DIR == RUN_DIR          # the folder it lends is the one the fixtures use


def test_the_model_tests_are_marked_by_their_fixtures(request):
    """The model process finds every test that loads the model, whichever folder it is in."""
    from tests.model_fixtures import MODEL_FIXTURES
    items = request.session.items
    for item in items:
        uses_model = bool(MODEL_FIXTURES & set(item.fixturenames))
        assert uses_model == (item.get_closest_marker("m2fp") is not None), item.nodeid


def _mirror_problems(tests: Path, package: Path) -> list[str]:
    """Every folder of tests/ is tests/X for a package burnmap/X (tests/gui/widgets for
    burnmap/gui/widgets) or one of NOT_PACKAGES, and a package itself: with __init__.py, two test
    files of one name (tests/chart/test_body_chart.py, tests/gui/widgets/test_body_chart.py) are
    two modules, not an import clash."""
    problems = []
    for folder in sorted({p.parent for p in tests.rglob("*.py")} - {tests}):
        relative = folder.relative_to(tests)
        if not (folder / "__init__.py").is_file():
            problems.append(f"tests/{relative.as_posix()}: no __init__.py")
        if relative.parts[0] not in NOT_PACKAGES and not (package / relative / "__init__.py").is_file():
            problems.append(f"tests/{relative.as_posix()}: no package burnmap/{relative.as_posix()}")
    return problems


def _misplaced_gui_tests(tests: Path, package: Path) -> list[str]:
    """A window test named after a module of burnmap/gui sits in the folder that mirrors the
    module's: test_body_chart.py (gui/widgets/body_chart.py) in tests/gui/widgets, not at the top
    of tests/gui, which holds the tests of the whole window and of gui's own modules."""
    homes = {m.stem: m.parent.relative_to(package) for m in (package / "gui").rglob("*.py")
             if m.name != "__init__.py"}
    return [f"tests/{test.relative_to(tests).as_posix()}: belongs in tests/{home.as_posix()}"
            for test in sorted((tests / "gui").rglob("test_*.py"))
            if (home := homes.get(test.stem.removeprefix("test_"))) is not None
            and test.parent.relative_to(tests) != home]


def test_the_test_folders_mirror_the_packages():
    assert (PACKAGE / "gui" / "widgets" / "__init__.py").is_file()   # the right folder is checked
    assert _mirror_problems(TESTS, PACKAGE) == []
    assert _misplaced_gui_tests(TESTS, PACKAGE) == []


def test_the_mirror_rules_find_a_stray_folder_and_a_misplaced_test(tmp_path):
    package, tests = tmp_path / "burnmap", tmp_path / "tests"
    for folder in (package / "gui", package / "gui" / "widgets", tests / "gui",
                   tests / "gui" / "widgets", tests / "gui" / "dialogs", tests / "helpers",
                   tests / "stray"):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "__init__.py").write_text("")
    (package / "gui" / "widgets" / "body_chart.py").write_text("")
    (package / "gui" / "main_window.py").write_text("")
    (tests / "gui" / "dialogs" / "__init__.py").unlink()
    for name in ("gui/test_body_chart.py", "gui/test_main_window.py", "helpers/figure.py",
                 "gui/dialogs/test_x.py", "gui/widgets/test_body_chart.py"):
        (tests / name).write_text("")
    assert _mirror_problems(tests, package) == [
        "tests/gui/dialogs: no __init__.py", "tests/gui/dialogs: no package burnmap/gui/dialogs",
        "tests/stray: no package burnmap/stray"]
    assert _misplaced_gui_tests(tests, package) == [
        "tests/gui/test_body_chart.py: belongs in tests/gui/widgets"]
