"""Benchmark: the report (PDF, and PDF + DICOM) for a case with four 12-megapixel photos.

    .venv/bin/python -m bench.report_speed [--json-out bench/results/report_speed.json]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from bench.case_io import build_workspace  # noqa: E402
from bench.common import add_json_out, print_table, write_json  # noqa: E402
from burnmap.reports.build import export  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_json_out(ap, "report_speed")
    args = ap.parse_args()
    ws = build_workspace()
    ws.patient.record_number = "BENCH-1"
    when = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    out = Path(tempfile.mkdtemp(prefix="burnmap-bench-report-"))
    rows = {}
    for label, dicom in (("PDF", None), ("PDF + DICOM", out / "dicom")):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            pdf = export(ws, out / "report.pdf", when, "bench", "en", dicom)
            times.append(time.perf_counter() - start)
        rows[label] = {"best_s": min(times), "worst_s": max(times), "pdf_kb": len(pdf) / 1024}
    print_table("The report for 4 photos of 4000x3000",
                ["report", "best s", "worst s", "PDF size KB", "limit s"],
                [[label, r["best_s"], r["worst_s"], r["pdf_kb"], 2] for label, r in rows.items()],
                digits=[None, 2, 2, 0, None])
    write_json(args.json_out, "report_speed", {"results": rows})
    return 0


if __name__ == "__main__":
    sys.exit(main())
