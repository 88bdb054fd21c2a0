"""One batch row, start to finish: `run_row(row, out_dir, settings) -> RowResult`.

A plain function of plain, picklable data, so the same rows run in this process or on the
workers of a dask.distributed cluster. A row is parsed and assessed by the very functions `parse`
and `assess` use (core.parse_outputs, core.one_photo), so its JSON is theirs. Its outputs go to
OUT_DIR/<row id>/ all together or not at all, the receipt `row.json` last; a row whose receipt
verifies is skipped, which is what makes a crashed batch resumable.

A bad row (a missing photo, a mask of the wrong size, an impossible age) is returned as
"refused" with the reason; an unexpected error as "failed" with the place of its crash log.
Problems that would fail every row the same way (no model, a broken model, MediaPipe unable to
start) are raised instead, so the batch stops rather than filling the summary with one error.
"""
from __future__ import annotations

import getpass
import hashlib
import math
import os
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .batch_receipt import RECEIPT, file_sha256, make_receipt, verified_receipt
from .fluids import DEFAULT_POLICY
from .imaging import MapError, PhotoError, read_photo_file
from .jsonio import dumps
from .manifest import BatchRow
from .one_photo import NoSuchPerson, assess_record, load_burn, parsing_of, photo_state
from .outputs import OutputRefused, StagedOutputs, check_outputs
from .parse_outputs import labels_png, overlay_with_legend, parsing_summary, png
from .parsing.base import UnparsablePhoto
from .parsing.models import ModelUnusable, NoModel
from .parsing.pose import PoseUnavailable
from .patient import Patient, PatientError, PatientValues, patient_with
from .regions import VIEWS
from .version import __version__
from .workspace import NoAssessment, Workspace

DONE, SKIPPED, REFUSED, FAILED = "done", "skipped", "refused", "failed"
OUTPUT_NAMES = ("parse.json", "labels.png", "overlay.png", "assess.json")
STOPS_THE_BATCH = (NoModel, ModelUnusable, PoseUnavailable)


class RowRefused(ValueError):
    """A manifest value of this row cannot be used."""


ROW_REFUSALS = (RowRefused, PhotoError, MapError, OutputRefused, PatientError, UnparsablePhoto,
                NoAssessment, NoSuchPerson, OSError)


@dataclass(frozen=True)
class BatchSettings:
    """What every row is processed with, decided once by the command (the workers must not each
    pick their own model)."""
    model_dir: str | None = None    # the M2FP folder; None: the built-in default parser
    overlays: bool = False
    alpha: float = 0.5
    assessor: str = field(default_factory=getpass.getuser)
    referral_guideline: str = "ANZBA"
    late_start_policy: str = DEFAULT_POLICY

    def fingerprint(self) -> dict:
        """What a receipt records: a replaced model file means the rows are done again."""
        return {"model_dir": self.model_dir, "model_files": _model_files(self.model_dir),
                "overlays": self.overlays, "alpha": self.alpha,
                "referral_guideline": self.referral_guideline,
                "late_start_policy": self.late_start_policy}


@dataclass
class RowResult:
    line: int
    id: str
    status: str
    message: str = ""
    result: dict = field(default_factory=dict)   # parser, persons, %TBSA, ... for the summary
    seconds: float = 0.0


def run_row(row: BatchRow, out_dir: str | os.PathLike, settings: BatchSettings) -> RowResult:
    start = time.perf_counter()
    folder = Path(out_dir) / row.id

    def finish(status: str, message: str = "", result: dict | None = None) -> RowResult:
        return RowResult(row.line, row.id, status, message, result or {},
                         round(time.perf_counter() - start, 3))
    try:
        receipt = verified_receipt(folder, row, settings.fingerprint())
        if receipt is not None:
            return finish(SKIPPED, "verified outputs of an earlier run", receipt["result"])
        return finish(DONE, "", _process(row, folder, settings))
    except STOPS_THE_BATCH:
        raise
    except ROW_REFUSALS as exc:
        return finish(REFUSED, _reason(exc))
    except MemoryError:
        return finish(REFUSED, "there was not enough memory for this photo")
    except Exception as exc:  # noqa: BLE001 - one row's bug must not stop a year's batch
        from .crashlog import write_crash_log
        return finish(FAILED, f"unexpected failure ({type(exc).__name__}); this is a bug, "
                              f"details in {write_crash_log(exc)}")


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError) and not isinstance(exc, OutputRefused):
        return f"{exc.filename or 'a file'}: {exc.strerror or exc}"
    return str(exc)


def _process(row: BatchRow, folder: Path, settings: BatchSettings) -> dict:
    """Parse and assess the row, write its outputs; the summary of its result."""
    now = datetime.now(timezone.utc)
    view, person, patient = _checked_values(row, now)
    inputs = {c: Path(row.get(c)) for c in ("photo", "burn", "labels") if row.get(c)}
    _check_folder(folder, _output_names(row, settings), inputs)
    photo, source = read_photo_file(inputs["photo"])
    burn = load_burn(inputs["burn"], photo) if "burn" in inputs else None
    parsing = parsing_of(_provider(settings.model_dir), photo, inputs.get("labels"))
    result = {"parser": parsing.model.parser, "persons": len(parsing.persons)}
    files = _parse_files(photo, parsing, settings) if "labels" not in inputs else {}
    if burn is not None:
        workspace = Workspace(patient, referral_guideline=settings.referral_guideline,
                              late_start_policy=settings.late_start_policy)
        workspace.photos.append(photo_state(photo, source, parsing, view, burn, person))
        assessment, record = assess_record(workspace, now,
                                           row.get("assessor") or settings.assessor)
        files["assess.json"] = dumps(record).encode()
        result.update(_assessment_summary(assessment))
    hashes = {c: (str(p), file_sha256(p)) for c, p in inputs.items()}
    hashes["photo"] = (str(inputs["photo"]), hashlib.sha256(source).hexdigest())  # as parsed
    _write(folder, files, make_receipt(row, settings.fingerprint(), hashes, files, result))
    return result


def _parse_files(photo, parsing, settings: BatchSettings) -> dict[str, bytes]:
    """What `parse` writes: the JSON summary, the label map and (if asked) the overlay."""
    files = {"parse.json": dumps(parsing_summary(photo.name, parsing)).encode(),
             "labels.png": labels_png(parsing)}
    if settings.overlays:
        files["overlay.png"] = png(overlay_with_legend(photo.pixels, parsing, settings.alpha))
    return files


def _assessment_summary(assessment) -> dict:
    return {"tbsa_total_percent": round(assessment.tbsa_total_percent, 3),
            "region_surfaces_assessed": len(assessment.rows),
            "region_surfaces_not_assessed": len(assessment.not_assessed),
            "warnings": len(assessment.warnings)}


def _output_names(row: BatchRow, settings: BatchSettings) -> list[str]:
    names = [] if row.get("labels") else ["parse.json", "labels.png"]
    if settings.overlays and not row.get("labels"):
        names.append("overlay.png")
    if row.get("burn"):
        names.append("assess.json")
    return names + [RECEIPT]


# --- the row's values -----------------------------------------------------------------------------
def _checked_values(row: BatchRow, now: datetime) -> tuple[str, int | None, Patient | None]:
    """(view, person rank, patient); the patient only for a row with a burn mask."""
    for column in ("case", "photo"):
        if not row.get(column):
            raise RowRefused(f"the {column} column is empty")
    view = (row.get("view") or "").lower()
    if view not in VIEWS:
        raise RowRefused(f"view {row.get('view')!r} is not one of {', '.join(VIEWS)}")
    person = _person(row.get("person"))
    given = PatientValues(dob=row.get("dob"), age=_number(row, "age"),
                          weight=_number(row, "weight"), injury_time=row.get("injury_time"),
                          fluid_given=_number(row, "fluid_given"),
                          electrical=_yes_no(row, "electrical"))
    patient = patient_with(Patient(), given, now) if row.get("burn") else None
    return view, person, patient


def _number(row: BatchRow, column: str) -> float | None:
    text = row.get(column)
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        raise RowRefused(f"{column} {text!r} is not a number") from None
    if not math.isfinite(value):
        raise RowRefused(f"{column} {text!r} is not a finite number")
    return value


def _yes_no(row: BatchRow, column: str) -> bool | None:
    """yes/no (also true/false, 1/0), any case; empty: not given."""
    text = row.get(column)
    if text is None:
        return None
    answer = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}
    if text.lower() not in answer:
        raise RowRefused(f"{column} {text!r} is not yes or no")
    return answer[text.lower()]


def _person(text: str | None) -> int | None:
    if text is None:
        return None
    if not text.isdigit() or int(text) < 1:
        raise RowRefused(f"person {text!r} must be 1 (the largest person), 2, ...")
    return int(text)


# --- the row's folder -----------------------------------------------------------------------------
def _check_folder(folder: Path, names: list[str], inputs: dict[str, Path]) -> None:
    """The row's folder is a real folder (or new), and no output is one of its inputs."""
    if folder.is_symlink():
        raise OutputRefused(f"{folder} is a symbolic link; refusing to write through it")
    if os.path.lexists(folder) and not folder.is_dir():
        raise OutputRefused(f"{folder} exists and is not a folder")
    if folder.is_dir():
        check_outputs([folder / n for n in names], {f"the {c}": p for c, p in inputs.items()})


def _write(folder: Path, files: dict[str, bytes], receipt: dict) -> None:
    """The outputs all together, the receipt last; an old receipt goes first, so that a crash in
    between leaves the row undone, never done with a mix of old and new files."""
    (folder / RECEIPT).unlink(missing_ok=True)
    with StagedOutputs() as out:
        out.make_dir(folder)
        for name, data in files.items():
            out.add(folder / name, data)
        out.add(folder / RECEIPT, dumps(receipt).encode())
        out.commit()
    for name in set(OUTPUT_NAMES) - set(files):   # an earlier run's, not made this time
        stale = folder / name
        if stale.is_file() and not stale.is_symlink():
            stale.unlink()


# --- the parser, once per process -----------------------------------------------------------------
_providers: dict[str | None, object] = {}
_providers_lock = threading.Lock()


def _provider(model_dir: str | None):
    """One parser per process and model, so the model loads once however many rows run."""
    from .parsing.provider import ParserProvider
    from .paths import app_dir
    with _providers_lock:
        if model_dir not in _providers:
            choice = "default" if model_dir is None else "m2fp"
            _providers[model_dir] = ParserProvider(None, app_dir(), choice,
                                                   None if model_dir is None else Path(model_dir))
        return _providers[model_dir]


def _model_files(model_dir: str | None) -> list:
    if model_dir is None:
        return []
    return sorted([p.name, p.stat().st_size, p.stat().st_mtime_ns]
                  for p in Path(model_dir).iterdir() if p.is_file())


def worker_check(out_dir: str) -> dict:
    """Run on each dask worker before the rows: its BurnMap version and whether it sees the
    output folder (rows read and write the same paths there as here)."""
    return {"version": __version__, "sees_out_dir": Path(out_dir).is_dir()}
