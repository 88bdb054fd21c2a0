"""`main.py report CASE --pdf OUT.pdf [--dicom OUT_DIR] [--lang en|zh_CN] [--assessor NAME]`.

The report shows the case as last saved, dated by its assessment (the last change to its content,
or the assessment saved after it: burnmap.reports.build.assessment_time), so the same case file always
gives the same PDF. The assessor is --assessor, else the one saved with that assessment; without
either the report says "not given" (the command runs unattended for archives, and a guessed name
such as the computer's account would attribute the assessment to the wrong person). Reading the case never
changes it (a case on a CD or a read-only share can be reported); afterwards the export is noted
in the case's audit trail when the case can be written, and the command says when it cannot.
Outputs are checked before any work and written all together or not at all.

Exit codes: 0 done; 2 bad input (unreadable case, nothing to report, output path), nothing
written; 1 a bug.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from burnmap.casefile.case import CaseError, CaseFile, unwritable_reason
from burnmap.casefile.lock import CaseLock
from burnmap.casefile.outputs import case_family, check_outputs
from burnmap.cli.common import EXIT_OK, ArgumentParser, CommandError, run_command
from burnmap.cli.terminal import terminal
from burnmap.model.patient import NAME_MAX, printable
from burnmap.reports.build import ReportError, assessment_time, render, saved_assessor, write_report
from burnmap.system.settings import load_settings


def build_argparser() -> argparse.ArgumentParser:
    ap = ArgumentParser(prog="main.py report", description=__doc__.split("\n")[0])
    ap.add_argument("case", type=Path)
    ap.add_argument("--pdf", type=Path, required=True)
    ap.add_argument("--dicom", type=Path, help="folder for report.dcm and overlay_N.dcm")
    ap.add_argument("--lang", choices=("en", "zh_CN", "zh"), default="en",
                    help="report language (zh is the same as zh_CN)")
    ap.add_argument("--assessor", type=_assessor, default=None,
                    help="who assessed the burn (default: the assessor saved with the case's "
                         "assessment, else the report says 'not given')")
    return ap


def _assessor(text: str) -> str:
    name = printable(text)
    if not name:
        raise argparse.ArgumentTypeError("the assessor's name is empty")
    if len(name) > NAME_MAX:
        raise argparse.ArgumentTypeError(f"the assessor's name is longer than {NAME_MAX} "
                                         f"characters")
    return name


def main(argv: list[str]) -> int:
    args = build_argparser().parse_args(argv)
    return run_command(lambda: _run(args))


def _run(args) -> int:
    protected = {f"the case file ({m.name})": m for m in case_family(args.case)}
    check_outputs([args.pdf], protected)
    case = CaseFile.open(args.case, "report", read_only=True)
    try:
        workspace = case.load()
        settings = load_settings()
        workspace.settle_settings(settings.referral_guideline, settings.late_start_policy)
        saved = case.assessments()
    finally:
        case.close()
    who = args.assessor or saved_assessor(workspace, saved)
    try:
        files = render(workspace, assessment_time(workspace, saved), who, args.lang,
                       dicom=args.dicom is not None)
    except ReportError as exc:   # nothing to report, identifiers missing or wrong
        raise CommandError(str(exc)) from None
    write_report(files, args.pdf, args.dicom, protected)
    print(terminal(f"written {args.pdf}" + (f" and {len(files.dicom)} DICOM files in "
                                            f"{args.dicom}" if args.dicom else "")))
    if not who:
        print("note: no assessor given (--assessor) or saved with the assessment: the report "
              "says 'not given'")
    _note_export(args)
    return EXIT_OK


def _note_export(args) -> None:
    """The export in the case's audit trail, if the case can be written now."""
    reason = unwritable_reason(args.case) or ("another window is editing it"
                                              if CaseLock.held(args.case) else None)
    if reason is None:
        try:
            case = CaseFile.open(args.case, "report", record_opening=False)
            try:
                if not case.read_only:
                    case.record("report", "report exported", args.pdf.name)
                    return
                reason = case.read_only_reason
            finally:
                case.close()
        except CaseError as exc:
            reason = str(exc)
    print(terminal(f"note: the export was not recorded in the case's audit trail ({reason})"))
