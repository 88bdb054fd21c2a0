"""The batch's summary CSV: one line per manifest row, in manifest order, with its status
(done, skipped, refused, failed, or not run when the batch stopped first), the reason for a bad
row, the headline numbers of a good one (read from its outputs: a skipped row's as verified) and
where it ran (this computer, or the dask scheduler and whether the connection was encrypted)."""
from __future__ import annotations

import csv
import io

from burnmap.batch.manifest import BatchRow
from burnmap.batch.row import SKIPPED, RowResult

NOT_RUN = "not run"
COLUMNS = ("line", "id", "case", "photo", "view", "status", "message", "parser", "persons",
           "tbsa_total_percent", "region_surfaces_assessed", "region_surfaces_not_assessed",
           "warnings", "seconds", "ran_on")
# A cell starting with one of these is a formula to a spreadsheet: a file name like
# "=HYPERLINK(...)" must stay text when the summary is opened in Excel.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def summary_csv(rows: list[BatchRow], results: dict[int, RowResult], ran_on: str = "") -> str:
    """The summary text; `results` maps a row's line number to its result, `ran_on` says
    where the rows this run processed ran."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(_line(row, results.get(row.line), ran_on))
    return buffer.getvalue()


def _line(row: BatchRow, result: RowResult | None, ran_on: str) -> list:
    found = {k: v for k, v in (result.result if result else {}).items() if k in COLUMNS}
    ran = result is not None and result.status != SKIPPED
    values = {"line": row.line, "id": row.id, "case": row.get("case"), "photo": row.get("photo"),
              "view": row.get("view"), "status": result.status if result else NOT_RUN,
              "message": result.message if result else "",
              "seconds": result.seconds if result else "", "ran_on": ran_on if ran else "",
              **found}
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
