"""The batch manifest: a CSV with one row per photo, read and checked before any work.

What decides where a row's outputs go (its id) and the file's shape (columns, encoding, size) is
checked for the whole manifest at once: a problem there refuses the manifest, since a year of rows
written to the wrong folders is worse than none. What concerns one row's photo or values (a
missing photo, an age of -3) is that row's problem, found when the row runs and reported in the
summary without stopping the others.

Paths in the manifest are relative to the manifest's own folder, so a manifest moves with its
photos; they are made absolute here, as workers on other machines need them so.
"""
from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from burnmap.system.fileio import FileRefused, read_small_file

REQUIRED = ("case", "photo", "view")
# No name or record number: a row writes no case file, so they would only be copied around.
OPTIONAL = ("id", "burn", "labels", "person", "age", "dob", "weight", "injury_time",
            "fluid_given", "electrical", "assessor")
PATH_COLUMNS = ("photo", "burn", "labels")
MAX_BYTES = 64 << 20        # a year of a large unit's photos is some 10^4 rows, about 2 MB
MAX_ROWS = 200_000
MAX_FIELD = 4096
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
RESERVED_IDS = {"summary.csv"}


class ManifestError(ValueError):
    """The manifest cannot be used at all; the message says where and why."""


@dataclass(frozen=True)
class BatchRow:
    """One manifest row: its line number, id (its output folder's name) and its values, with
    path columns made absolute. Plain data, so it can be sent to another process."""
    line: int
    id: str
    values: dict[str, str]

    def get(self, column: str) -> str | None:
        """The stripped value, None when the column is absent or empty."""
        value = (self.values.get(column) or "").strip()
        return value or None


def read_manifest(path: Path) -> list[BatchRow]:
    text = _read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise ManifestError(f"the manifest {path} is empty")
        columns = _columns(header)
        base = Path(os.path.abspath(path)).parent
        rows = [_row(line, columns, fields, base)
                for line, fields in _data_lines(reader)]
    except csv.Error as exc:
        raise ManifestError(f"the manifest {path} is not a readable CSV file (line "
                            f"{reader.line_num}: {exc})") from None
    if not rows:
        raise ManifestError(f"the manifest {path} has a header but no rows")
    _refuse_duplicates(rows)
    return rows


def _read_text(path: Path) -> str:
    """The manifest as text: a regular file, not too large, UTF-8 (Excel's BOM allowed)."""
    try:
        data = read_small_file(path, MAX_BYTES)   # a FIFO is never waited on
    except FileRefused as exc:
        raise ManifestError(f"the manifest {path} {exc.problem}") from None
    if b"\x00" in data:
        raise ManifestError(f"the manifest {path} is not a text file (it holds NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ManifestError(f"the manifest {path} is not UTF-8 text (byte {exc.start}); save "
                            f"it as 'CSV UTF-8'") from None


def _columns(header: list[str]) -> list[str]:
    columns = [c.strip().lower() for c in header]
    hint = ""
    if len(columns) == 1 and ";" in columns[0]:
        hint = " (the header has one column: separate the columns with commas, not ';')"
    unknown = [c for c in columns if c not in REQUIRED + OPTIONAL]
    if unknown:
        raise ManifestError(f"unknown manifest column(s) {', '.join(map(repr, unknown))}{hint}; "
                            f"the columns are {', '.join(REQUIRED + OPTIONAL)}")
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise ManifestError(f"the manifest lacks the column(s) {', '.join(missing)}{hint}")
    twice = sorted({c for c in columns if columns.count(c) > 1})
    if twice:
        raise ManifestError(f"the manifest has the column(s) {', '.join(twice)} twice")
    return columns


def _data_lines(reader):
    """(line number, fields) of every row that is not blank; refuses too many rows."""
    count = 0
    for fields in reader:
        if not any(f.strip() for f in fields):
            continue
        count += 1
        if count > MAX_ROWS:
            raise ManifestError(f"the manifest has more than {MAX_ROWS:,} rows; split it")
        yield reader.line_num, fields


def _row(line: int, columns: list[str], fields: list[str], base: Path) -> BatchRow:
    if len(fields) > len(columns):
        raise ManifestError(f"manifest line {line} has {len(fields)} fields, the header "
                            f"{len(columns)}")
    if any(len(f) > MAX_FIELD for f in fields):
        raise ManifestError(f"manifest line {line} has a field longer than {MAX_FIELD} "
                            f"characters")
    values = dict(zip(columns, fields + [""] * (len(columns) - len(fields)), strict=False))
    for column in PATH_COLUMNS:
        if (values.get(column) or "").strip():
            values[column] = str(base / values[column].strip())   # absolute paths stay so
    return BatchRow(line, _row_id(line, values), values)


def _row_id(line: int, values: dict[str, str]) -> str:
    """The id given, else one made from the case and the photo's name."""
    given = (values.get("id") or "").strip()
    if given:
        if not ID_PATTERN.fullmatch(given) or given.lower() in RESERVED_IDS:
            raise ManifestError(f"manifest line {line}: id {given!r} must be 1-100 letters, "
                                f"digits, '.', '_' or '-', starting with a letter or digit")
        return given
    made = f"{values.get('case', '').strip()}-{Path(values.get('photo', '')).stem}"
    made = re.sub(r"[^A-Za-z0-9._-]+", "_", made).strip("._-")[:100]
    return made if made and made.lower() not in RESERVED_IDS else f"line{line}"


def _refuse_duplicates(rows: list[BatchRow]) -> None:
    seen: dict[str, int] = {}
    for row in rows:
        key = row.id.lower()   # folders differing only in case collide on Windows and macOS
        if key in seen:
            raise ManifestError(f"manifest lines {seen[key]} and {row.line} have the same id "
                                f"{row.id!r}; give each row its own id column value")
        seen[key] = row.line
