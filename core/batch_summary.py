"""The batch's summary CSV: one line per manifest row, in manifest order, with its status
(done, skipped, refused, failed, or not run when the batch stopped first), the reason for a bad
row and the headline numbers of a good one."""
from __future__ import annotations

import csv
import io

from .batch import RowResult
from .manifest import BatchRow

NOT_RUN = "not run"
COLUMNS = ("line", "id", "case", "photo", "view", "status", "message", "parser", "persons",
           "tbsa_total_percent", "region_surfaces_assessed", "region_surfaces_not_assessed",
           "warnings", "seconds")
# A cell starting with one of these is a formula to a spreadsheet: a file name like
# "=HYPERLINK(...)" must stay text when the summary is opened in Excel.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def summary_csv(rows: list[BatchRow], results: dict[int, RowResult]) -> str:
    """The summary text; `results` maps a row's line number to its result."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(_line(row, results.get(row.line)))
    return buffer.getvalue()


def _line(row: BatchRow, result: RowResult | None) -> list:
    found = result.result if result else {}
    values = {"line": row.line, "id": row.id, "case": row.get("case"), "photo": row.get("photo"),
              "view": row.get("view"), "status": result.status if result else NOT_RUN,
              "message": result.message if result else "",
              "seconds": result.seconds if result else "", **found}
    return [_cell(values.get(c)) for c in COLUMNS]


def _cell(value) -> str:
    if value is None:
        return ""
    text = str(value)
    return "'" + text if isinstance(value, str) and text.startswith(_FORMULA_START) else text


def counts(results: dict[int, RowResult]) -> dict[str, int]:
    tally: dict[str, int] = {}
    for result in results.values():
        tally[result.status] = tally.get(result.status, 0) + 1
    return tally
