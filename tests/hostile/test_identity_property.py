"""Property: whatever sequence of `assess` and `report` commands runs against a few case files,
with whichever patients' details, a case never takes another patient's identity except through an
explicit `--update-patient`, and every such change is in its audit trail.

Hypothesis draws the sequences; a small model of what each case should hold is checked after
every command against what the case file really holds (read without changing it).
"""
from __future__ import annotations

import contextlib
import io
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from burnmap.casefile.case import CaseFile
from burnmap.cli import assess as assess_command
from burnmap.cli import report as report_command
from tests.hostile.world import _figure_files

PEOPLE = [dict(name="Zhang Wei", id="MRN-1", dob="1980-02-01"),
          dict(name="Zhang Wei", id="MRN-2", dob="1980-02-01"),    # namesake, other record
          dict(name="Amira Haddad", id="MRN-3", dob="2019-07-30"),
          dict(name=None, id="MRN-1", dob=None),                     # record number only
          dict(name="Zhang Wei", id=None, dob=None)]                 # name only


@dataclass
class Assess:
    case: int
    person: int
    update: bool


@dataclass
class Report:
    case: int


COMMANDS = st.one_of(
    st.builds(Assess, case=st.integers(0, 1), person=st.integers(0, len(PEOPLE) - 1),
              update=st.booleans()),
    st.builds(Report, case=st.integers(0, 1)))


def _identity(person: dict) -> dict:
    return {"name": person["name"], "record_number": person["id"], "date_of_birth":
            date.fromisoformat(person["dob"]) if person["dob"] else None}


def _expected_after(stored: dict | None, person: dict, update: bool) -> tuple[dict | None, int]:
    """(identity the case should hold, identity changes to audit); None when refused."""
    given = _identity(person)
    if stored is None:
        return {k: v or None for k, v in given.items()}, 0
    merged = {k: given[k] if given[k] is not None else stored[k] for k in stored}
    changed = any(stored[k] and merged[k] != stored[k] for k in stored)
    if changed and not update:
        return None, 0
    return merged, int(changed)


def _argv_assess(folder: Path, case: Path, person: dict, update: bool,
                 stored: dict | None) -> list[str]:
    argv = ["--photo", str(folder / "photo.png"), "--labels", str(folder / "labels.png"),
            "--burn", str(folder / "burn.png"), "--view", "anterior", "--parser", "default",
            "--case", str(case), "--assessor", "property"]
    for flag, key in (("--patient-name", "name"), ("--patient-id", "id"), ("--dob", "dob")):
        if person[key] is not None:
            argv += [flag, person[key]]
    if person["dob"] is None and not (stored and stored["date_of_birth"]):
        argv += ["--age", "40"]   # an age is needed, and would contradict a stored birth date
    return argv + (["--update-patient"] if update else [])


def _stored(case: Path) -> tuple[dict, int]:
    """The case's identity and its number of audited identity changes, read without writing."""
    file = CaseFile.open(case, "property test", read_only=True)
    try:
        p = file.load().patient
        changes = sum(1 for row in file.audit_trail() if row[2] == "patient identity changed")
    finally:
        file.close()
    return {"name": p.name or None, "record_number": p.record_number or None,
            "date_of_birth": p.date_of_birth}, changes


def _quiet(command, argv: list[str]) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return command.main(argv)


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(COMMANDS, min_size=1, max_size=6))
def test_a_case_never_takes_another_identity_silently(commands):
    saved_data_dir = os.environ.get("BURNMAP_DATA_DIR")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            _run_sequence(Path(tmp), commands)
    finally:
        if saved_data_dir is not None:
            os.environ["BURNMAP_DATA_DIR"] = saved_data_dir


def _run_sequence(folder: Path, commands) -> None:
    os.environ["BURNMAP_DATA_DIR"] = str(folder / "data")   # where recovery copies would go
    _figure_files(folder)
    cases = [folder / "a.burncase", folder / "b.burncase"]
    model: list[dict | None] = [None, None]
    audited = [0, 0]
    for command in commands:
        case, stored = cases[command.case], model[command.case]
        if isinstance(command, Report):
            code = _quiet(report_command, [str(case), "--pdf", str(folder / "r.pdf")])
            reportable = stored and stored["name"] and (stored["record_number"] or
                                                        stored["date_of_birth"])
            assert code == (0 if reportable else 2)   # two identifiers, or no report
        else:
            person = PEOPLE[command.person]
            expected, changes = _expected_after(stored, person, command.update)
            code = _quiet(assess_command,
                          _argv_assess(folder, case, person, command.update, stored))
            assert code == (0 if expected is not None else 2), (command, model)
            if expected is not None:
                model[command.case] = expected
                audited[command.case] += changes
        if model[command.case] is not None:
            assert _stored(case) == (model[command.case], audited[command.case])
        else:
            assert not case.exists()
