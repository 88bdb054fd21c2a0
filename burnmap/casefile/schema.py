"""The case file's SQLite schema and its forward migrations.

`user_version` holds the schema version and `application_id` marks the file as a BurnMap case,
so both can be read from the header without trusting the rest of the file.
"""
from __future__ import annotations

import sqlite3

APPLICATION_ID = 0x4255524E  # "BURN"
SCHEMA_VERSION = 4

SCHEMA_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE patient (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL DEFAULT '', record_number TEXT NOT NULL DEFAULT '',
    date_of_birth TEXT, age_years REAL, sex TEXT NOT NULL DEFAULT '', weight_kg REAL,
    injury_time TEXT, fluid_given_ml REAL NOT NULL DEFAULT 0);
CREATE TABLE photo (
    id INTEGER PRIMARY KEY, position INTEGER NOT NULL, name TEXT NOT NULL,
    sha256 TEXT NOT NULL, data BLOB NOT NULL, view TEXT NOT NULL,
    view_confirmed INTEGER NOT NULL, person_index INTEGER, joints TEXT NOT NULL,
    joints_source TEXT NOT NULL, added_at TEXT NOT NULL);
CREATE TABLE parsing (
    photo_id INTEGER PRIMARY KEY REFERENCES photo(id) ON DELETE CASCADE,
    labels_png BLOB NOT NULL, class_names TEXT NOT NULL, parser TEXT NOT NULL,
    model_sha256 TEXT, model_source TEXT, keypoints TEXT);
CREATE TABLE person (
    photo_id INTEGER NOT NULL REFERENCES parsing(photo_id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, score REAL NOT NULL, area INTEGER NOT NULL, box TEXT NOT NULL,
    packed_mask BLOB NOT NULL, PRIMARY KEY (photo_id, idx));
CREATE TABLE burn (
    photo_id INTEGER PRIMARY KEY REFERENCES photo(id) ON DELETE CASCADE,
    mask_png BLOB NOT NULL);
CREATE TABLE assessment (
    id INTEGER PRIMARY KEY, assessed_at TEXT NOT NULL, assessor TEXT NOT NULL,
    software_version TEXT NOT NULL, result TEXT NOT NULL);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, who TEXT NOT NULL,
    action TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '');
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER assessment_no_update BEFORE UPDATE ON assessment
    BEGIN SELECT RAISE(ABORT, 'saved assessments are never changed'); END;
"""

# MIGRATIONS[n] upgrades a version-n file to n + 1, inside the caller's transaction; a new
# file is made as version 1 and brought up by the same steps, so both end identical.
MIGRATIONS: dict[int, str] = {
    # v2: the patient's electrical injury (selects the consensus 4 mL/kg/%; a referral row)
    1: """ALTER TABLE patient ADD COLUMN electrical_injury INTEGER NOT NULL DEFAULT 0
              CHECK (electrical_injury IN (0, 1));""",
    # v3: fluid already given may be unknown (NULL). Before it, the window stored its "unknown"
    # as 0, so a stored 0 is read as not entered (a 0 typed at the command line reads alike;
    # both mean no fluid is subtracted, only the wording differs). SQLite cannot drop NOT NULL
    # in place: the table is rebuilt.
    2: """CREATE TABLE patient_v3 (
              id INTEGER PRIMARY KEY CHECK (id = 1),
              name TEXT NOT NULL DEFAULT '', record_number TEXT NOT NULL DEFAULT '',
              date_of_birth TEXT, age_years REAL, sex TEXT NOT NULL DEFAULT '', weight_kg REAL,
              injury_time TEXT, fluid_given_ml REAL,
              electrical_injury INTEGER NOT NULL DEFAULT 0 CHECK (electrical_injury IN (0, 1)));
          INSERT INTO patient_v3 SELECT id, name, record_number, date_of_birth, age_years, sex,
              weight_kg, injury_time, NULLIF(fluid_given_ml, 0), electrical_injury FROM patient;
          DROP TABLE patient;
          ALTER TABLE patient_v3 RENAME TO patient;""",
    # v4: what was examined but not photographed, entered on the body chart
    # (burnmap/casefile/chart_entries.py); an older case has no row: no entries.
    3: """CREATE TABLE chart (
              id INTEGER PRIMARY KEY CHECK (id = 1), raster TEXT NOT NULL,
              mask_png BLOB NOT NULL);""",
}


def create(conn: sqlite3.Connection) -> None:
    """The tables, inside the caller's transaction (statement by statement: executescript
    would commit it)."""
    for statement in _statements(SCHEMA_V1) + [s for version in range(1, SCHEMA_VERSION)
                                               for s in _statements(MIGRATIONS[version])]:
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _statements(script: str) -> list[str]:
    """Split a script into statements, keeping trigger bodies (BEGIN ... END;) whole."""
    out, current = [], []
    for line in script.strip().splitlines():
        current.append(line)
        text = "\n".join(current)
        if sqlite3.complete_statement(text):
            out.append(text)
            current = []
    return out


def migrate(conn: sqlite3.Connection, version: int) -> None:
    """Bring an older file up to SCHEMA_VERSION, step by step."""
    while version < SCHEMA_VERSION:
        for statement in _statements(MIGRATIONS[version]):
            conn.execute(statement)
        version += 1
        conn.execute(f"PRAGMA user_version = {version}")
