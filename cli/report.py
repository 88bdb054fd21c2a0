"""`main.py report CASE --pdf OUT.pdf [--dicom OUT_DIR] [--lang en|zh]`.

The report shows the case as last saved; its date is that save's time and its assessor the
person who saved it, so the same case file always gives the same PDF. Exit codes: 0 done,
2 bad input (unreadable case, nothing to report), 1 unexpected.
"""
from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from core.case import CaseError, CaseFile
from reports.build import ReportError, export

from .common import EXIT_BAD_INPUT, EXIT_OK, missing_output_folder


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="main.py report", description=__doc__.split("\n")[0])
    ap.add_argument("case", type=Path)
    ap.add_argument("--pdf", type=Path, required=True)
    ap.add_argument("--dicom", type=Path, help="folder for report.dcm and overlay_N.dcm")
    ap.add_argument("--lang", choices=("en", "zh"), default="en")
    args = ap.parse_args(argv)
    problem = missing_output_folder(args.pdf)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        case = CaseFile.open(args.case, "report")
        try:
            workspace = case.load()
            when, who = last_save(case)
        finally:
            case.close()
        export(workspace, args.pdf, when, who, args.lang, args.dicom)
    except (CaseError, ReportError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"written {args.pdf}" + (f" and DICOM files in {args.dicom}" if args.dicom else ""))
    return EXIT_OK


def last_save(case: CaseFile) -> tuple[datetime, str]:
    """When the case's content was last saved, and by whom (from the audit trail)."""
    edits = [row for row in case.audit_trail() if row[2] != "case opened"]
    at, who, _, _ = edits[-1]
    return datetime.fromisoformat(at).astimezone(), who
