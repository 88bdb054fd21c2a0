"""Fluid already given that nobody entered is unknown, never 0: the fluids say the rates assume
none and ask for it, the JSON carries null, the report says unknown, and the case keeps it
unknown (format v3; before it, the window stored its 'unknown' as 0)."""
from __future__ import annotations

import sqlite3
import subprocess
from datetime import UTC, datetime, timedelta

import pytest

from burnmap.casefile import schema as schema
from burnmap.casefile.case import CaseFile, check_header
from burnmap.clinical.fluids import estimate_fluids, fluids_to_dict
from burnmap.model.workspace import Patient, Workspace
from burnmap.text.messages import say


def test_unknown_is_said_and_computed_as_none_given():
    unknown = estimate_fluids(20, 70, 35, hours_since_injury=2, fluid_given_ml=None)
    none = estimate_fluids(20, 70, 35, hours_since_injury=2, fluid_given_ml=0.0)
    assert [f.rate_now_ml_per_h for f in unknown.formulas] == \
        [f.rate_now_ml_per_h for f in none.formulas]
    assert any("not entered" in n for n in unknown.notes)
    assert not any("not entered" in n for n in none.notes)
    assert fluids_to_dict(unknown)["fluid_given_ml"] is None
    assert fluids_to_dict(none)["fluid_given_ml"] == 0.0
    chinese = [say(n, "zh_CN") for n in unknown.notes if "not entered" in n]
    assert chinese
    assert "未填写已输液量" in chinese[0]


def test_given_fluid_is_still_compared_with_what_is_due():
    ahead = estimate_fluids(20, 70, 35, hours_since_injury=2, fluid_given_ml=3000)
    assert any("more than" in n for n in ahead.notes)
    assert not any("not entered" in n for n in ahead.notes)


def _old_case(path, version: int, given: float):
    """A case as an older BurnMap wrote it, with `given` mL stored."""
    conn = sqlite3.connect(path)
    for statement in schema._statements(schema.SCHEMA_V1) + [
            s for v in range(1, version) for s in schema._statements(schema.MIGRATIONS[v])]:
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("INSERT INTO meta VALUES ('created', '2026-01-01T00:00:00+00:00'), "
                 "('software', 'old')")
    conn.execute("INSERT INTO patient (id, name, age_years, weight_kg, fluid_given_ml) "
                 "VALUES (1, 'Old', 40, 70, ?)", (given,))
    conn.commit()
    conn.close()


@pytest.mark.parametrize("version", [1, 2])
@pytest.mark.parametrize(("stored", "read"), [(0.0, None), (500.0, 500.0)])
def test_older_cases_read_a_stored_zero_as_not_entered(tmp_path, version, stored, read):
    path = tmp_path / "old.burncase"
    _old_case(path, version, stored)
    looked = CaseFile.open(path, "dr", read_only=True)      # read as it is, not migrated
    assert looked.load().patient.fluid_given_ml == read
    looked.close()
    assert check_header(path) == version
    edited = CaseFile.open(path, "dr")                      # migrated when opened to edit
    workspace = edited.load()
    assert workspace.patient.fluid_given_ml == read
    edited.save(workspace, "dr")
    edited.close()
    assert check_header(path) == schema.SCHEMA_VERSION
    again = CaseFile.open(path, "dr", read_only=True)
    assert again.load().patient.fluid_given_ml == read
    again.close()


def test_a_new_case_keeps_unknown_and_zero_apart(tmp_path):
    for given in (None, 0.0, 250.0):
        path = tmp_path / f"{given}.burncase"
        case = CaseFile.create(path, "dr")
        case.save(Workspace(Patient(name="A", age_years=30, fluid_given_ml=given)), "dr")
        case.close()
        again = CaseFile.open(path, "dr", read_only=True)
        assert again.load().patient.fluid_given_ml == given
        again.close()


def test_the_report_says_unknown_not_zero(tmp_path, photos_dir):
    from burnmap.model.demo import demo_workspace
    from burnmap.parsing.provider import ParserProvider
    from burnmap.reports.build import render
    workspace = demo_workspace()
    state = workspace.photos[0]
    state.set_parsing(ParserProvider(None, tmp_path).parse(state.photo.pixels))
    workspace.patient.injury_time = datetime.now(UTC) - timedelta(hours=2)
    texts = {}
    for given in (None, 400.0):
        workspace.patient.fluid_given_ml = given
        pdf = render(workspace, datetime.now(UTC), "Dr Wu", "en").pdf
        (tmp_path / "r.pdf").write_bytes(pdf)
        texts[given] = " ".join(subprocess.run(["pdftotext", str(tmp_path / "r.pdf"), "-"],
                                               capture_output=True, text=True,
                                               check=True).stdout.split())
    assert "fluid given unknown" in texts[None]
    assert "0 mL given" not in texts[None]
    assert "fluid given 400 mL" in texts[400.0]
