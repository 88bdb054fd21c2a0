"""`main.py assess`: %TBSA of a painted burn on a photo, headless, through the same workspace as
the window (parsing, patient selection, regions, assessment, warnings and the saved record).

With `--case` the photo, its parsing and burn mask are added to the case (created if absent) and
the assessment covers every photo of the case, as in the window. The case path is used as given
('.burncase' appended when missing). An existing case's patient is never changed silently:
different identifiers are refused naming both patients, unless `--update-patient` (audited).
Everything is checked before any work; outputs are written all together or not at all.

Exit codes: 0 done; 2 bad input (photo, label map, burn mask, patient details, case, output
path), nothing written; 3 `--parser m2fp` without a model; 4 the model is unusable; 1 a bug.
"""
from __future__ import annotations

import argparse
import getpass
import os
import time
from datetime import UTC, datetime
from pathlib import Path

from burnmap.body.regions import VIEWS
from burnmap.casefile.case import CaseError, CaseFile, IdentityConflict, case_path, unwritable_reason
from burnmap.casefile.companions import companion_problem
from burnmap.casefile.lock import CaseLock
from burnmap.casefile.outputs import StagedOutputs, case_family, check_outputs
from burnmap.chart.entry_input import fill_chart_regions, load_chart_png, parse_chart_region
from burnmap.cli.common import EXIT_OK, ArgumentParser, CommandError, finite_float, run_command
from burnmap.cli.parser_choice import model_inputs, parser_arguments, provider_for
from burnmap.cli.terminal import terminal
from burnmap.model.patient import Patient, PatientValues, identity_changes, patient_with
from burnmap.model.workspace import NoAssessment, Workspace
from burnmap.photo.imaging import read_photo_file
from burnmap.steps.one_photo import NoSuchPerson, assess_record, load_burn, parsing_of, photo_state
from burnmap.system.jsonio import dumps
from burnmap.system.settings import load_settings

CREATION_WAIT_S = 30   # how long to wait for a case another process is creating


def build_argparser() -> argparse.ArgumentParser:
    ap = ArgumentParser(prog="main.py assess",
                                 description="Burned %TBSA of a photo (Lund-Browder).")
    ap.add_argument("--photo", type=Path, required=True)
    ap.add_argument("--labels", type=Path, help="part label map PNG as written by `parse`")
    ap.add_argument("--burn", type=Path, required=True,
                    help="PNG of depth classes at the photo's size: 0 none, 1 superficial, "
                         "2 superficial partial, 3 deep partial, 4 full thickness")
    ap.add_argument("--view", choices=VIEWS, required=True)
    ap.add_argument("--person", type=int, help="the patient among several people: 1 = the "
                                               "largest (default), 2 the next, ...")
    parser_arguments(ap)
    chart = ap.add_argument_group("body chart: what was examined but not photographed (the "
                                  "photo wins where it measures the surface)")
    chart.add_argument("--chart", type=Path,
                       help="PNG of the chart's entries, 860 x 1000 (burnmap/resources/body_chart.json at "
                            "2 px per unit): 0 none, 1-4 depth classes, 5 examined, no burn; "
                            "replaces a case's entries")
    chart.add_argument("--chart-region", action="append", metavar="REGION:SURFACE:DEPTH:PERCENT",
                       help="e.g. trunk:posterior:deep:30 (depth 1-4, superficial, "
                            "superficial-partial, deep, full; or examined:100 for examined, no "
                            "burn); the percent of the part no photo measures; repeatable")
    ap.add_argument("--json-out", type=Path)
    who = ap.add_argument_group("patient (an existing case's details are kept unless given)")
    who.add_argument("--age", type=finite_float, help="years (not needed with --dob)")
    who.add_argument("--dob", help="date of birth, YYYY-MM-DD (wins over --age)")
    who.add_argument("--weight", type=finite_float, help="kg; gives the fluid estimate")
    who.add_argument("--injury-time", help="ISO 8601 date and time of day, e.g. "
                                           "2026-11-23T06:30+01:00 (a date alone is refused; "
                                           "without an offset: local time)")
    who.add_argument("--fluid-given", type=finite_float, help="mL already given")
    who.add_argument("--electrical", action=argparse.BooleanOptionalAction, default=None,
                     help="an electrical injury (selects the consensus 4 mL/kg/%%TBSA; a referral "
                          "criterion); --no-electrical clears a case's")
    who.add_argument("--patient-name")
    who.add_argument("--patient-id", help="record number")
    case = ap.add_argument_group("case file (created if absent)")
    case.add_argument("--case", type=Path, help=".burncase file to add the photo to")
    case.add_argument("--update-patient", action="store_true",
                      help="allow changing an existing case's patient name, record number or "
                           "date of birth (recorded in its audit trail)")
    case.add_argument("--assessor", default=getpass.getuser())
    return ap


def main(argv: list[str]) -> int:
    args = build_argparser().parse_args(argv)
    return run_command(lambda: _run(args))


def _run(args) -> int:
    now = datetime.now(UTC)
    regions = [parse_chart_region(text) for text in args.chart_region or []]
    case = case_path(args.case) if args.case is not None else None
    workspace, new_case = _stored_workspace(case)
    patient = patient_from_args(args, workspace.patient, now)
    _check_identity(workspace.patient, patient, args.update_patient)
    provider = provider_for(args)
    check_outputs([args.json_out], {"the photo": args.photo, "the burn mask": args.burn,
                                    "the label map": args.labels, "the body chart mask": args.chart,
                                    **model_inputs(provider), **_case_inputs(case)})
    chart = load_chart_png(args.chart) if args.chart is not None else None
    state = _new_photo(args, provider)
    workspace.patient = patient
    workspace.photos.append(state)
    if chart is not None or regions:
        _enter_chart(workspace, chart, regions, now)
    settings = load_settings()
    workspace.settle_settings(settings.referral_guideline, settings.late_start_policy)
    result, record = assess_record(workspace, now, args.assessor)
    with StagedOutputs() as out:
        if args.json_out:
            out.add(args.json_out, dumps(record).encode())
        if case is not None:
            _store(case, workspace, state, record, args, new_case)
        out.commit()
    print(terminal(f"{state.photo.name}: {result.tbsa_total_percent:.2f} % TBSA partial + full "
                   f"thickness ({len(result.rows)} region-surfaces assessed, "
                   f"{len(result.not_assessed)} not assessed"
                   f"{', whole case' if case is not None else ''})"))
    return EXIT_OK


def _enter_chart(workspace: Workspace, chart, regions, now: datetime) -> None:
    """The chart's entries: the file's (in place of the case's), then each --chart-region in
    the part of its region-surface that no photo measures."""
    if chart is not None:
        workspace.chart = chart
        chart.revision += 1          # a change the case records
    if regions:
        try:
            choice = workspace.assessment(now).photo_choice
        except NoAssessment:
            choice = None            # said again by the assessment itself
        fill_chart_regions(workspace.chart_mask(), regions, choice)


def _stored_workspace(case: Path | None) -> tuple[Workspace, bool]:
    """The case as stored (read without changing it), or an empty workspace for a new case,
    and whether the case is new. A case that cannot be written is refused now, before any
    work."""
    if case is None or not os.path.lexists(case):
        if case is not None and not case.parent.is_dir():
            raise CommandError(f"the folder for the case {case} does not exist")
        if case is not None and not os.access(case.parent, os.W_OK):
            raise CommandError(f"the folder for the case {case} is read-only; nothing was "
                               f"stored")
        if case is not None and (problem := companion_problem(case)) is not None:
            raise CommandError(f"'{case.name}' cannot be created: {problem}. Nothing was "
                               f"stored.")
        return Workspace(), case is not None
    stored = _open_when_created(case)
    try:
        workspace = stored.load()
    finally:
        stored.close()
    reason = unwritable_reason(case) or ("another window is editing it"
                                         if CaseLock.held(case) else None)
    if reason:
        raise CommandError(f"'{case.name}' cannot be changed: {reason}. Nothing was stored.")
    return workspace, False


def _open_when_created(case: Path) -> CaseFile:
    """The case opened for reading; one that another process is creating right now (it holds
    the lock and has not finished the file) is waited for, up to CREATION_WAIT_S."""
    deadline = time.monotonic() + CREATION_WAIT_S
    while True:
        try:
            return CaseFile.open(case, "assess", read_only=True)
        except CaseError:
            if not CaseLock.held(case):
                raise
            if time.monotonic() > deadline:
                raise CommandError(f"another BurnMap process is creating '{case.name}' and has "
                                   f"not finished after {CREATION_WAIT_S} s; nothing was "
                                   f"stored") from None
            time.sleep(0.1)


def _case_inputs(case: Path | None) -> dict[str, Path]:
    if case is None:
        return {}
    return {f"the case file ({member.name})": member for member in case_family(case)}


def patient_from_args(args, stored: Patient, now: datetime) -> Patient:
    """The stored patient with what the arguments give; age from one source."""
    return patient_with(stored, PatientValues(
        name=args.patient_name, record_number=args.patient_id, dob=args.dob, age=args.age,
        weight=args.weight, injury_time=args.injury_time, fluid_given=args.fluid_given,
        electrical=args.electrical), now)


def _check_identity(stored: Patient, given: Patient, update: bool) -> None:
    changes = identity_changes(stored, given)
    if changes and not update:
        raise CommandError(f"{IdentityConflict(stored, given, changes)} Give --update-patient "
                           f"to change the patient's details.")


def _new_photo(args, provider):
    """The photo with its parsing (label map or parser), view, patient and burn mask."""
    photo, source = read_photo_file(args.photo)
    burn = load_burn(args.burn, photo)
    try:
        return photo_state(photo, source, parsing_of(provider, photo, args.labels), args.view,
                           burn, args.person)
    except NoSuchPerson as exc:
        raise CommandError(f"--{exc}") from None


def _store(case: Path, workspace: Workspace, state, record: dict, args, created: bool) -> None:
    """Add the photo, the patient's details and the assessment in one transaction; a case
    created here is removed again if that fails. A case that another process created while
    this one worked is not added to: this assessment did not include its photos."""
    try:
        file = CaseFile.create(case, args.assessor) if created else \
            CaseFile.open(case, args.assessor, record_opening=False)
    except CaseError:
        if created and os.path.lexists(case):
            raise CommandError(f"another process created the case '{case.name}' while this one "
                               f"was assessing; nothing was stored. Run the command again to "
                               f"add this photo to it") from None
        raise
    try:
        if file.read_only:
            raise CaseError(f"'{case.name}' cannot be changed ({file.read_only_reason}); "
                            f"nothing was stored")
        file.add_photo(workspace.patient, state, args.assessor, args.update_patient, record,
                       workspace.chart if args.chart is not None or args.chart_region else None,
                       settings=workspace)
    except BaseException:
        file.close()
        if created:
            from burnmap.casefile.session import delete_case_files
            delete_case_files(case)
        raise
    file.close()
