"""A case keeps its assessment settings (referral guideline, late-start fluid policy): the same
case gives the same numbers and report whoever opens it, whatever their own settings say."""
from __future__ import annotations

import json
import sqlite3

import pytest

from burnmap.casefile.case import CaseError, CaseFile
from burnmap.model.workspace import Workspace
from tests.hostile.batch_cases import build_inputs
from tests.hostile.inprocess import assert_clean, run_main


def _saved_case(path, guideline="ABA", policy="catch_up"):
    workspace = Workspace()
    assert workspace.settle_settings(guideline, policy)
    case = CaseFile.create(path, "dr.a")
    case.save(workspace, "dr.a")
    case.close()


def _load(path):
    case = CaseFile.open(path, "dr.b")
    try:
        return case.load(), case.audit_trail()
    finally:
        case.close()


def test_a_case_keeps_its_settings_against_the_users(tmp_path):
    _saved_case(tmp_path / "a.burncase")
    workspace, audit = _load(tmp_path / "a.burncase")
    assert workspace.settings_chosen
    assert not workspace.settle_settings("ANZBA", "no_catch_up")   # another user's settings
    assert (workspace.referral_guideline, workspace.late_start_policy) == ("ABA", "catch_up")
    assert any(action == "assessment settings" and "referral_guideline=ABA" in detail
               for _, _, action, detail in audit)


def test_a_snapshot_keeps_the_settings_and_their_origin():
    workspace = Workspace()
    workspace.settle_settings("ABA", "catch_up")
    copy = workspace.snapshot()
    assert (copy.referral_guideline, copy.late_start_policy, copy.settings_chosen) == \
        ("ABA", "catch_up", True)


def test_an_older_case_takes_the_users_settings_and_stores_them_on_save(tmp_path):
    path = tmp_path / "old.burncase"
    CaseFile.create(path, "dr.a").close()   # as saved before cases kept settings: none
    workspace, _ = _load(path)
    assert not workspace.settings_chosen
    assert workspace.settle_settings("ABA", "no_catch_up")
    case = CaseFile.open(path, "dr.b")
    case.save(workspace, "dr.b")
    case.close()
    again, _ = _load(path)
    assert (again.referral_guideline, again.settings_chosen) == ("ABA", True)


@pytest.mark.parametrize(("key", "value"), [("referral_guideline", "NICE"),
                                        ("referral_guideline", "aba"),
                                        ("late_start_policy", "bolus"),
                                        ("late_start_policy", "")])
def test_a_setting_this_version_does_not_know_is_refused(tmp_path, key, value):
    path = tmp_path / "odd.burncase"
    _saved_case(path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))
    conn.close()
    with pytest.raises(CaseError, match=f"{key} is '{value}', which this version does not know"):
        _load(path)


def test_a_case_missing_one_setting_is_refused(tmp_path):
    path = tmp_path / "half.burncase"
    _saved_case(path)
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM meta WHERE key = 'late_start_policy'")
    conn.close()
    with pytest.raises(CaseError, match="late_start_policy is None"):
        _load(path)


def test_assess_on_a_stored_case_applies_the_cases_guideline(tmp_path, monkeypatch):
    """By the command line: the case made under ABA settings stays ABA when a user whose
    setting is ANZBA adds a photo to it."""
    w = tmp_path / "w"
    build_inputs(w)
    config = tmp_path / "config"
    config.mkdir()
    monkeypatch.setenv("BURNMAP_CONFIG_DIR", str(config))
    common = ("assess", "--photo", "in/figure.png", "--labels", "in/labels.png", "--burn",
              "in/burn.png", "--view", "anterior", "--case", "Li.burncase", "--age", "40",
              "--weight", "70")
    (config / "settings.json").write_text(json.dumps({"referral_guideline": "ABA"}))
    assert_clean(run_main((*common, "--json-out", "first.json"), w), 0)
    (config / "settings.json").write_text(json.dumps({"referral_guideline": "ANZBA"}))
    assert_clean(run_main((*common, "--json-out", "second.json"), w), 0)
    assert json.loads((w / "second.json").read_text())["referral_guideline"] == "ABA"
    assert_clean(run_main(("assess", "--photo", "in/figure.png", "--labels", "in/labels.png",
                           "--burn", "in/burn.png", "--view", "anterior", "--age", "40",
                           "--json-out", "alone.json"), w), 0)
    assert json.loads((w / "alone.json").read_text())["referral_guideline"] == "ANZBA"
