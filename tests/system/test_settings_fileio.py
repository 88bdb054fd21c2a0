"""Settings survive damage, and atomic writes leave either the old or the new file."""
from __future__ import annotations

import json
from dataclasses import fields

import pytest

from burnmap.system.fileio import atomic_write, atomic_write_text
from burnmap.system.settings import Settings, load_settings, save_settings


def test_settings_round_trip_and_defaults(tmp_path):
    path = tmp_path / "settings.json"
    assert load_settings(path) == Settings()
    save_settings(Settings(model_dir="/opt/m2fp", language="zh_CN"), path)
    assert load_settings(path) == Settings(model_dir="/opt/m2fp", language="zh_CN")


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"model_dir": 5, "junk": 1}'])
def test_damaged_settings_fall_back_to_defaults(tmp_path, content):
    path = tmp_path / "settings.json"
    path.write_text(content)
    assert load_settings(path).model_dir is None


def test_every_field_declares_its_rule_and_the_choices_are_the_apps():
    """One line per field: a default and a rule; the words allowed are the ones the rest of
    the app knows (referral criteria, UI languages, late-start policies)."""
    from burnmap.clinical.fluids import DEFAULT_POLICY, POLICIES
    from burnmap.clinical.referral import GUIDELINES
    from burnmap.system.settings_rules import Choice, Rule
    from burnmap.text.vocabulary import LANGUAGES
    for f in fields(Settings):
        rule = f.metadata.get("rule")
        assert isinstance(rule, Rule), f"{f.name} has no rule"
        assert rule.check(f.default) == f.default, f"{f.name}'s default fails its own rule"
    rules = {f.name: f.metadata["rule"] for f in fields(Settings)}
    assert isinstance(rules["language"], Choice)
    assert rules["language"].choices == LANGUAGES
    assert set(rules["referral_guideline"].choices) == set(GUIDELINES)
    assert isinstance(rules["late_start_policy"], Choice)
    assert rules["late_start_policy"].choices == POLICIES
    assert Settings().late_start_policy == DEFAULT_POLICY
    from burnmap.parsing.m2fp.engine import ENGINES  # "openvino" insists: not a user's word
    assert rules["m2fp_engine"].choices == tuple(e for e in ENGINES if e != "openvino")
    assert Settings().m2fp_engine == "auto"


@pytest.mark.parametrize(("rule", "good", "bad"), [
    ("WholeNumber(1, 64, optional=True)", [(1, 1), (64, 64), (None, None), (8.0, 8)],
     [0, 65, True, "8", 8.5, [8], {}]),
    ("Number(0, 1)", [(0, 0.0), (0.5, 0.5), (1, 1.0)], [float("nan"), float("inf"), -0.1, "0.5",
                                                        False, None]),
    ("Flag()", [(True, True), (False, False)], [0, 1, "true", None, []]),
    ("Text()", [("a", "a")], ["", "   ", None, 5, "a\x00b", "x" * 5000]),
    ("Choice('early', 'late')", [("LATE", "late"), (" early ", "early")], ["never", None, 1]),
])
def test_each_rule_takes_what_it_says_and_refuses_the_rest(rule, good, bad):
    from burnmap.system import settings_rules
    checker = eval(rule, vars(settings_rules))
    for given, used in good:
        assert checker.check(given) == used
    for value in bad:
        with pytest.raises(settings_rules.BadValue):
            checker.check(value)


def test_saving_keeps_what_this_version_does_not_know(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text('{"threads": 4, "referral_guideline": "NICE", "language": "en"}')
    settings = load_settings(path)
    settings.language = "zh_CN"
    assert save_settings(settings, path)
    assert json.loads(path.read_text()) == {"threads": 4, "referral_guideline": "NICE",
                                            "language": "zh_CN", "model_dir": None,
                                            "compute_threads": 0,
                                            "late_start_policy": "no_catch_up",
                                            "m2fp_engine": "auto"}


def test_settings_that_cannot_be_saved_say_so_and_change_nothing(tmp_path, caplog):
    path = tmp_path / "settings.json"
    path.mkdir()
    assert not save_settings(Settings(language="zh_CN"), path)
    assert path.is_dir()
    assert "could not be saved" in caplog.text


def test_tests_never_use_the_real_settings_folder():
    """conftest.py points the configuration folder at a temporary one for the whole session."""
    import os
    from pathlib import Path

    from burnmap.system.settings import settings_path
    configured = os.environ.get("BURNMAP_CONFIG_DIR")
    assert configured, "tests must isolate the settings folder"
    assert settings_path().parent == Path(configured)
    assert not str(settings_path()).startswith(str(Path.home() / ".config"))


def test_failed_atomic_write_keeps_the_old_file(tmp_path):
    path = tmp_path / "f.txt"
    atomic_write_text(path, "old")

    def explode(fh):
        fh.write(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(path, explode)
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]
