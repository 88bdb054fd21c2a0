"""`main.py assess`: the JSON a burn clinician's numbers come from, and refusals of bad input."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from PIL import Image

from burnmap.cli.assess import main as assess_main
from tests.helpers.assess_inputs import assess_args, assess_inputs


@pytest.fixture
def case(tmp_path):
    return assess_inputs(tmp_path)


def test_burned_face_gives_3_5_percent_with_units_and_not_assessed(case):
    injured = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
    assert assess_main(assess_args(case, "--weight", "70", "--injury-time", injured)) == 0
    out = json.loads(case["json"].read_text())
    assert out["tbsa_total_percent"] == pytest.approx(3.5)
    head = next(r for r in out["regions"] if r["region"] == "head")
    assert head["side"] == "anterior"
    assert head["percent_of_region"]["full thickness"] == 100
    assert head["tbsa_percent"]["full thickness"] == pytest.approx(3.5)
    # which photo measured which part of the surface (issue 20)
    assert head["assessed_percent"] == pytest.approx(100)
    (part,) = head["measured_by"]
    assert part["photo"] == "figure.png"
    assert part["view"] == "anterior"
    assert part["percent_of_surface"] == pytest.approx(100)
    assert part["angles_degrees"] == [[270, 90]]
    assert part["along_axis"] == [0, 1]
    assert "angles_degrees" in out["units"]
    assert out["caveats"] == []
    assert {"region": "trunk", "side": "posterior"} in out["not_assessed"]
    parser = out["photos"][0]["parser"]
    assert parser["name"] == "label map file"
    assert len(parser["sha256"]) == 64
    assert out["units"]["tbsa_percent"].startswith("% of total body surface")
    parkland = out["fluids"]["formulas"][0]
    assert parkland["total_24h_ml"] == pytest.approx(4 * 70 * 3.5)
    assert 1.9 < out["fluids"]["hours_since_injury"] < 2.1
    assert out["tbsa_by_depth"]["full thickness"] == pytest.approx(3.5)


def test_burn_mask_of_another_size_is_refused(case, capsys):
    Image.fromarray(np.zeros((10, 10), np.uint8), mode="L").save(case["burn"])
    assert assess_main(assess_args(case)) == 2
    assert "burn.png" in capsys.readouterr().err
    assert not case["json"].exists()


def test_unknown_burn_values_are_refused(case, capsys):
    burn = np.zeros((800, 400), np.uint8)
    burn[0, 0] = 7
    Image.fromarray(burn, mode="L").save(case["burn"])
    assert assess_main(assess_args(case)) == 2
    assert "0..4" in capsys.readouterr().err


@pytest.mark.parametrize("extra", [["--injury-time", "yesterday"], ["--weight", "-3"],
                                   ["--injury-time", "2999-01-01T00:00+00:00"],
                                   ["--injury-time", "2026-12-06"],      # a date alone
                                   ["--injury-time", "20261206"]])
def test_bad_values_are_refused(case, extra):
    assert assess_main(assess_args(case, *extra)) == 2
    assert not case["json"].exists()


def test_a_date_without_a_time_of_day_is_refused_saying_so(case, capsys):
    assert assess_main(assess_args(case, "--weight", "70", "--injury-time", "2026-12-06")) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: time of injury 2026-12-06 has no time of day")
    assert "Traceback" not in err
    assert not case["json"].exists()


def test_electrical_injury_is_stored_and_selects_4_ml(case, tmp_path):
    from burnmap.casefile.case import CaseFile
    store = tmp_path / "e.burncase"
    assert assess_main(assess_args(case, "--weight", "70", "--electrical", "--case", str(store))) == 0
    consensus = json.loads(case["json"].read_text())["fluids"]["formulas"][1]
    assert consensus["ml_per_kg_per_percent"] == 4          # 4 x 70 x 3.5 = 980 mL
    assert consensus["total_24h_ml"] == pytest.approx(980)
    opened = CaseFile.open(store, "test", read_only=True)
    assert opened.load().patient.electrical_injury is True
    opened.close()
    # not given: the case's value is kept; --no-electrical clears it
    assert assess_main(assess_args(case, "--weight", "70", "--case", str(store))) == 0
    assert json.loads(case["json"].read_text())["fluids"]["electrical_injury"] is True
    assert assess_main(assess_args(case, "--weight", "70", "--no-electrical", "--case", str(store))) == 0
    out = json.loads(case["json"].read_text())
    assert out["fluids"]["formulas"][1]["ml_per_kg_per_percent"] == 2


def test_assess_stores_everything_in_a_case(case, tmp_path):
    from burnmap.casefile.case import CaseFile
    store = tmp_path / "patient.burncase"
    for _ in range(2):  # the second run adds to the existing case
        assert assess_main(assess_args(case, "--case", str(store), "--patient-name", "Ana <Li>",
                                 "--patient-id", "MRN-7", "--dob", "1986-05-04",
                                 "--assessor", "dr.cli")) == 0
    opened = CaseFile.open(store, "test")
    ws = opened.load()
    history = opened.assessments()
    actions = [a for _, _, a, _ in opened.audit_trail()]
    opened.close()
    assert ws.patient.name == "Ana <Li>"
    assert ws.patient.record_number == "MRN-7"
    assert len(ws.photos) == 2
    assert ws.photos[0].parsing.model.parser == "label map file"
    assert ws.photos[0].view == "anterior"
    assert ws.photos[0].burn.values.max() == 4
    assert [h["result"]["tbsa_total_percent"] for h in history] == [pytest.approx(3.5)] * 2
    assert actions.count("assessment saved") == 2
    assert history[0]["assessor"] == "dr.cli"


def test_bad_date_of_birth_is_refused(case, tmp_path):
    assert assess_main(assess_args(case, "--case", str(tmp_path / "c.burncase"), "--dob", "04/05/86")) == 2
    assert not (tmp_path / "c.burncase").exists()


@pytest.mark.parametrize(("policy", "rate"), [("catch_up", 4 * 70 * 3.5 / 2 / 6),   # 81.7 mL/h
                                          ("no_catch_up", 4 * 70 * 3.5 / 2 / 8),  # 61.25 mL/h
                                          ("bolus", 4 * 70 * 3.5 / 2 / 8)])       # said, default
def test_the_late_start_policy_setting_reaches_the_json(case, tmp_path, monkeypatch, caplog,
                                                        policy, rate):
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.json").write_text(json.dumps({"late_start_policy": policy}))
    monkeypatch.setenv("BURNMAP_CONFIG_DIR", str(config))
    injured = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
    assert assess_main(assess_args(case, "--weight", "70", "--injury-time", injured)) == 0
    out = json.loads(case["json"].read_text())
    applied = "catch_up" if policy == "catch_up" else "no_catch_up"
    assert out["fluids"]["late_start_policy"] == applied
    assert out["fluids"]["formulas"][0]["rate_now_ml_per_h"] == pytest.approx(rate, rel=1e-3)
    # a bad value is the settings loader's to name (on the terminal), not the assessment's
    assert ('late_start_policy: "bolus" is not one of no_catch_up, catch_up' in caplog.text) == \
        (policy == "bolus")
    assert not any("late_start_policy" in w for w in out["warnings"])


def test_chart_regions_are_stored_with_the_case_and_kept_by_the_next_photo(case, tmp_path):
    """Issue 25: the back drawn on the chart by --chart-region is in the case, audited, and an
    assess adding a photo without chart options keeps it."""
    from burnmap.casefile.case import CaseFile
    stored = tmp_path / "c.burncase"
    assert assess_main(assess_args(case, "--case", str(stored), "--patient-name", "A",
                             "--chart-region", "trunk:posterior:deep:50",
                             "--chart-region", "head:posterior:examined:100")) == 0
    out = json.loads(case["json"].read_text())
    assert out["tbsa_total_percent"] == pytest.approx(3.5 + 6.5, abs=0.02)
    head = next(r for r in out["regions"] if (r["region"], r["side"]) == ("head", "posterior"))
    assert head["examined_on_chart_unburned"]
    assert head["source"] == "chart"
    assert assess_main(assess_args(case, "--case", str(stored))) == 0
    again = json.loads(case["json"].read_text())
    assert again["assessed_on_chart_percent"] == pytest.approx(out["assessed_on_chart_percent"])
    reader = CaseFile.open(stored, "t", read_only=True)
    trail = [row[3] for row in reader.audit_trail() if row[2] == "body chart saved"]
    reader.close()
    assert len(trail) == 1
    assert "trunk (posterior): deep partial thickness 50 %" in trail[0]
