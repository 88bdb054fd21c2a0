"""One batch row, start to finish: `run_row(row, out_dir, settings) -> RowResult`.

A plain function of plain, picklable data, so the same rows run in this process or on the
workers of a dask.distributed cluster. A row is parsed and assessed by the very functions `parse`
and `assess` use (burnmap.steps.parse_outputs, burnmap.steps.one_photo), so its JSON is theirs. Its
outputs go to OUT_DIR/<row id>/ all together or not at all, the receipt `row.json` last; a row whose receipt
verifies is skipped, which is what makes a crashed batch resumable.

A bad row (a missing photo, a mask of the wrong size, an impossible age) is returned as
"refused" with the reason; an unexpected error as "failed" with the place of its crash log.
Problems that would fail every row the same way (no model, a broken model, MediaPipe unable to
start) are raised instead, so the batch stops rather than filling the summary with one error.
"""
from __future__ import annotations

import getpass
import hashlib
import json
import math
import os
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from burnmap.batch.folder import RowFolder
from burnmap.batch.manifest import BatchRow
from burnmap.batch.receipt import JSON_OUTPUTS, NotAReceipt, make_receipt, verified_outputs
from burnmap.body.regions import VIEWS
from burnmap.casefile.outputs import OutputRefused, resolved
from burnmap.clinical.fluids import DEFAULT_POLICY
from burnmap.model.patient import Patient, PatientError, PatientValues, patient_with
from burnmap.model.workspace import NoAssessment, Workspace
from burnmap.parsing.base import UnparsablePhoto
from burnmap.parsing.models import ModelUnusable, NoModel
from burnmap.parsing.pose import PoseUnavailable
from burnmap.photo.imaging import PhotoError, read_photo_file
from burnmap.photo.index_maps import MapError
from burnmap.steps.one_photo import NoSuchPerson, assess_record, load_burn, parsing_of, photo_state
from burnmap.steps.parse_outputs import parse_files
from burnmap.system import thread_policy
from burnmap.system.fileio import file_sha256
from burnmap.system.jsonio import dumps
from burnmap.system.version import __version__

DONE, SKIPPED, REFUSED, FAILED = "done", "skipped", "refused", "failed"
STOPS_THE_BATCH = (NoModel, ModelUnusable, PoseUnavailable)


class RowRefused(ValueError):
    """A manifest value of this row cannot be used."""


ROW_REFUSALS = (RowRefused, PhotoError, MapError, OutputRefused, PatientError, UnparsablePhoto,
                NoAssessment, NoSuchPerson, NotAReceipt, OSError)


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

    def finish(status: str, message: str = "", result: dict | None = None) -> RowResult:
        return RowResult(row.line, row.id, status, message, result or {},
                         round(time.perf_counter() - start, 3))
    try:
        folder = RowFolder(resolved(Path(out_dir)), row.id)
        names = _output_names(row, settings)
        found = verified_outputs(folder.path, folder.receipt, row, settings.fingerprint(), names)
        if found is not None:
            try:
                return finish(SKIPPED, "verified outputs of an earlier run", outputs_result(found))
            except ValueError:
                pass   # verified, yet not what a row writes: made again
        return finish(DONE, "", _process(row, folder, settings, names))
    except STOPS_THE_BATCH:
        raise
    except ROW_REFUSALS as exc:
        return finish(REFUSED, _reason(exc))
    except MemoryError:
        return finish(REFUSED, "there was not enough memory for this photo")
    except Exception as exc:  # noqa: BLE001 - one row's bug must not stop a year's batch
        from burnmap.system.crashlog import write_crash_log
        return finish(FAILED, f"unexpected failure ({type(exc).__name__}); this is a bug, "
                              f"details in {write_crash_log(exc)}")


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.strerror and not isinstance(exc, OutputRefused):
        return f"{exc.filename or 'a file'}: {exc.strerror or exc}"
    return str(exc)


def _process(row: BatchRow, folder: RowFolder, settings: BatchSettings,
             names: list[str]) -> dict:
    """Parse and assess the row, write its outputs; the summary of its result."""
    now = datetime.now(UTC)
    view, person, patient = _checked_values(row, now)
    inputs = {c: Path(row.get(c)) for c in ("photo", "burn", "labels") if row.get(c)}
    folder.check_targets(names, inputs)
    photo, source = read_photo_file(inputs["photo"])
    burn = load_burn(inputs["burn"], photo) if "burn" in inputs else None
    parsing = parsing_of(_provider(settings.model_dir), photo, inputs.get("labels"))
    files = _parse_files(photo, parsing, settings) if "labels" not in inputs else {}
    if burn is not None:
        workspace = Workspace(patient)
        workspace.settle_settings(settings.referral_guideline, settings.late_start_policy)
        workspace.photos.append(photo_state(photo, source, parsing, view, burn, person))
        _, record = assess_record(workspace, now, row.get("assessor") or settings.assessor)
        files["assess.json"] = dumps(record).encode()
    hashes = {c: (str(p), file_sha256(p)) for c, p in inputs.items()}
    hashes["photo"] = (str(inputs["photo"]), hashlib.sha256(source).hexdigest())  # as parsed
    folder.write(files, lambda state, previous: make_receipt(
        row, settings.fingerprint(), hashes, files, state, previous), inputs)
    return outputs_result({n: d for n, d in files.items() if n in JSON_OUTPUTS})


def _parse_files(photo, parsing, settings: BatchSettings) -> dict[str, bytes]:
    """What `parse` writes: the JSON summary, the label map and (if asked) the overlay."""
    return parse_files(photo, parsing,
                       overlay_alpha=settings.alpha if settings.overlays else None)


def outputs_result(files: dict[str, bytes]) -> dict:
    """What the summary shows of a row, read from its JSON outputs (a skipped row's as verified,
    a done row's as written): the parser, the persons it found (not for a label map) and the
    assessment's headline numbers. ValueError if they are not what a row writes."""
    try:
        return _headline(_loaded(files, "parse.json"), _loaded(files, "assess.json"))
    except (KeyError, IndexError, TypeError) as exc:
        raise ValueError(f"not a row's output ({type(exc).__name__}: {exc})") from None


def _headline(parsed: dict | None, assessed: dict | None) -> dict:
    result = {}
    if parsed is not None:
        result.update(parser=parsed["parser"]["name"], persons=len(parsed["persons"]))
    if assessed is not None:
        tbsa = assessed["tbsa_total_percent"]
        if isinstance(tbsa, bool) or not isinstance(tbsa, (int, float)) or \
                not math.isfinite(tbsa):
            raise ValueError("no %TBSA")
        result.setdefault("parser", assessed["photos"][0]["parser"]["name"])
        result.update(tbsa_total_percent=round(tbsa, 3),
                      region_surfaces_assessed=len(assessed["regions"]),
                      region_surfaces_not_assessed=len(assessed["not_assessed"]),
                      warnings=len(assessed["warnings"]))
    return result


def _loaded(files: dict[str, bytes], name: str) -> dict | None:
    if name not in files:
        return None
    try:
        data = json.loads(files[name])
        if not isinstance(data, dict):
            raise TypeError(name)
        return data
    except (ValueError, TypeError, RecursionError) as exc:
        raise ValueError(f"{name} is not a row's output") from exc


def _output_names(row: BatchRow, settings: BatchSettings) -> list[str]:
    names = [] if row.get("labels") else ["parse.json", "labels.png"]
    if settings.overlays and not row.get("labels"):
        names.append("overlay.png")
    if row.get("burn"):
        names.append("assess.json")
    return names


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
    # ASCII digits only: str.isdigit() accepts '²', which int() then refuses
    if not re.fullmatch(r"[0-9]{1,6}", text) or int(text) < 1:
        raise RowRefused(f"person {text!r} must be 1 (the largest person), 2, ...")
    return int(text)


# --- the parser, once per process -----------------------------------------------------------------
_providers: dict[str | None, object] = {}
_providers_lock = threading.Lock()


def _provider(model_dir: str | None):
    """One parser per process and model, so the model loads once however many rows run."""
    from burnmap.parsing.provider import ParserProvider
    from burnmap.system.paths import app_dir
    with _providers_lock:
        if model_dir not in _providers:
            thread_policy.for_batch_worker()   # a dask worker never ran main.py
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
    output folder, or where it will be (rows read and write the same paths there as here)."""
    out = Path(out_dir)
    return {"version": __version__,
            "sees_out_dir": out.is_dir() or (not os.path.lexists(out) and out.parent.is_dir())}
