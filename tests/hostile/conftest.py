"""Hostile tests: modal dialogs are answered on purpose or fail the test (tests/qt_input.py); the
world of hostile files every corpus copies from."""
from pathlib import Path

import pytest

from tests.hostile.world import build_world
from tests.qt_input import dialog_watch, pytest_runtest_call, pytest_runtest_teardown  # noqa: F401


@pytest.fixture(scope="session")
def world_template(tmp_path_factory) -> Path:
    return build_world(tmp_path_factory.mktemp("hostile") / "world")
