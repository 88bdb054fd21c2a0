"""The case format's version 2 (issue 23): the patient's electrical injury is stored; a version-1
case is migrated when opened for editing and read as it is (not changed) when only read."""
from __future__ import annotations

import hashlib
import sqlite3

import pytest

from burnmap.casefile import schema as schema
from burnmap.casefile.case import CaseFile, check_header
from burnmap.model.workspace import Patient, Workspace


def _version_1_case(path):
    """A case as BurnMap wrote it before version 2 (the version-1 schema, no migration)."""
    conn = sqlite3.connect(path)
    for statement in schema._statements(schema.SCHEMA_V1):
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO meta VALUES ('created', '2026-01-01T00:00:00+00:00'), "
                 "('software', 'old')")
    conn.execute("INSERT INTO patient (id, name, age_years, weight_kg) VALUES (1, 'Old', 40, 70)")
    conn.commit()
    conn.close()


def _schema_sql(path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return sorted(" ".join(sql.split()) for (sql,) in
                      conn.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL"))
    finally:
        conn.close()


def test_a_new_case_is_version_2_and_keeps_the_electrical_injury(tmp_path):
    path = tmp_path / "new.burncase"
    case = CaseFile.create(path, "dr")
    case.save(Workspace(Patient(name="A", age_years=30, electrical_injury=True)), "dr")
    case.close()
    assert check_header(path) == schema.SCHEMA_VERSION == 4
    again = CaseFile.open(path, "dr", read_only=True)
    assert again.load().patient.electrical_injury is True
    again.close()


def test_a_version_1_case_is_migrated_when_opened_for_editing(tmp_path):
    old, new = tmp_path / "old.burncase", tmp_path / "new.burncase"
    _version_1_case(old)
    CaseFile.create(new, "dr").close()
    case = CaseFile.open(old, "dr")
    workspace = case.load()
    assert (workspace.patient.name, workspace.patient.electrical_injury) == ("Old", False)
    workspace.patient.electrical_injury = True
    case.save(workspace, "dr")
    case.close()
    assert check_header(old) == schema.SCHEMA_VERSION
    assert _schema_sql(old) == _schema_sql(new)     # migrated and new files are alike
    again = CaseFile.open(old, "dr", read_only=True)
    assert again.load().patient.electrical_injury is True
    again.close()


def test_a_version_1_case_read_only_is_read_without_a_change(tmp_path):
    old = tmp_path / "old.burncase"
    _version_1_case(old)
    before = hashlib.sha256(old.read_bytes()).hexdigest()
    case = CaseFile.open(old, "dr", read_only=True)
    patient = case.load().patient
    case.close()
    assert (patient.name, patient.weight_kg, patient.electrical_injury) == ("Old", 70, False)
    assert hashlib.sha256(old.read_bytes()).hexdigest() == before
    assert check_header(old) == 1


def test_the_stored_flag_is_only_0_or_1(tmp_path):
    path = tmp_path / "c.burncase"
    CaseFile.create(path, "dr").close()
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE patient SET electrical_injury = 2 WHERE id = 1")
    conn.close()
