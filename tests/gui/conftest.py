"""Window tests: modal dialogs are answered on purpose or fail the test (tests/qt_input.py)."""
from tests.qt_input import dialog_watch, pytest_runtest_call, pytest_runtest_teardown  # noqa: F401
