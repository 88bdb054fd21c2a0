"""Benchmark: the report (PDF, and PDF + DICOM) for a case with four 12-megapixel photos.

    .venv/bin/python bench/report_speed.py [--json-out bench/results/report_speed.json]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.case_io import build_workspace  # noqa: E402
from reports.build import export  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json-out", type=Path, default=ROOT / "bench" / "results" / "report_speed.json")
    args = ap.parse_args()
    ws = build_workspace()
    ws.patient.record_number = "BENCH-1"
    when = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)
    out = Path(tempfile.mkdtemp(prefix="burnmap-bench-report-"))
    rows = {}
    for label, dicom in (("PDF", None), ("PDF + DICOM", out / "dicom")):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            pdf = export(ws, out / "report.pdf", when, "bench", "en", dicom)
            times.append(time.perf_counter() - start)
        rows[label] = {"best_s": min(times), "worst_s": max(times), "pdf_kb": len(pdf) / 1024}
    print("| report, 4 photos of 4000x3000 | best s | worst s | PDF size KB | limit s |")
    print("|---|---|---|---|---|")
    for label, r in rows.items():
        print(f"| {label} | {r['best_s']:.2f} | {r['worst_s']:.2f} | {r['pdf_kb']:.0f} | 2 |")
    args.json_out.parent.mkdir(parents=True, exist_ok=True)
    args.json_out.write_text(json.dumps({"benchmark": "report_speed", "results": rows}, indent=2))
    print(f"\nwritten {args.json_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
