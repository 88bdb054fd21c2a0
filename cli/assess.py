"""`main.py assess`: %TBSA of a painted burn on one photo, headless.

Exit codes: 0 done; 2 bad input (photo, label map, burn mask, view, age, time), nothing written;
4 the M2FP model is unusable; 1 anything unexpected. Without --labels the photo is parsed with M2FP
when a model is installed, else with the built-in default parser.
"""
from __future__ import annotations

import argparse
import getpass
import hashlib
import json
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from core.assessment import Assessment, PhotoCounts, assess, assessment_to_dict
from core.burn import BurnMask
from core.fileio import atomic_write_text
from core.case import SUFFIX, CaseError, CaseFile
from core.imaging import PhotoError, read_photo_file
from core.parsing.base import ModelIdentity, Parsing
from core.parsing.m2fp.checkpoint import ModelLoadError
from core.parsing.m2fp.config import CIHP_CLASSES
from core.parsing.m2fp.parser import M2FPParser
from core.parsing.pose import PoseParser, PoseUnavailable
from core.regions import VIEWS, Joints, to_clinical_regions
from core.version import __version__

from .common import (EXIT_BAD_INPUT, EXIT_BAD_MODEL, EXIT_OK, find_model_dir,
                     missing_output_folder)

UNITS = {"percent_of_region": "% of the region's surface visible on the photo",
         "tbsa_percent": "% of total body surface area (Lund-Browder share x fraction)"}


class InputError(Exception):
    """A bad argument or input file; the message says which and why."""


def build_argparser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="main.py assess",
                                 description="Burned %TBSA of one photo (Lund-Browder).")
    ap.add_argument("--photo", type=Path, required=True)
    ap.add_argument("--labels", type=Path, help="part label map PNG as written by `parse`")
    ap.add_argument("--burn", type=Path, required=True,
                    help="PNG of depth classes at the photo's size: 0 none, 1 superficial, "
                         "2 superficial partial, 3 deep partial, 4 full thickness")
    ap.add_argument("--view", choices=VIEWS, required=True)
    ap.add_argument("--age", type=float, required=True, help="years")
    ap.add_argument("--weight", type=float, help="kg; gives the fluid estimate")
    ap.add_argument("--injury-time", help="ISO 8601, e.g. 2026-11-23T06:30+01:00")
    ap.add_argument("--fluid-given", type=float, default=0.0, help="mL already given")
    ap.add_argument("--model", type=Path, help="M2FP model folder")
    ap.add_argument("--json-out", type=Path)
    case = ap.add_argument_group("case file (created if absent)")
    case.add_argument("--case", type=Path, help=".burncase file to store photo, parsing, burn "
                                                "mask and assessment in")
    case.add_argument("--patient-name")
    case.add_argument("--patient-id", help="record number")
    case.add_argument("--dob", help="date of birth, YYYY-MM-DD")
    case.add_argument("--assessor", default=getpass.getuser())
    return ap


def main(argv: list[str]) -> int:
    args = build_argparser().parse_args(argv)
    try:
        _check_arguments(args)
        photo, source = read_photo_file(args.photo)
        burn = _read_burn(args.burn, photo.pixels.shape[:2])
        labels, class_names, parser, keypoints, patient = _labels(args, photo.pixels)
    except (InputError, PhotoError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ModelLoadError as exc:
        print(f"error: the M2FP model cannot be used: {exc}", file=sys.stderr)
        return EXIT_BAD_MODEL
    joints = Joints(keypoints or {}, "pose")
    regions = to_clinical_regions(labels, class_names, args.view, joints, patient)
    result = assess([PhotoCounts.of(regions.ids, burn, args.view)], args.age, args.weight,
                    _hours_since(args.injury_time), args.fluid_given)
    result.warnings[:0] = regions.warnings
    report = assessment_json(result, args, parser, regions.joints)
    if args.case:
        try:
            store_in_case(args, photo, source, labels, class_names, parser, keypoints, burn,
                          report)
        except CaseError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
    if args.json_out:
        atomic_write_text(args.json_out, json.dumps(report, indent=2))
    print(f"{photo.name}: {result.tbsa_total_percent:.2f} % TBSA partial + full thickness "
          f"({len(result.rows)} region-surfaces assessed, {len(result.not_assessed)} not assessed)")
    return EXIT_OK


def store_in_case(args, photo, source, labels, class_names, parser, keypoints, burn,
                  report) -> None:
    """Add the photo, its parsing, the burn mask and this assessment to the case file."""
    path = args.case.with_suffix(SUFFIX)
    case = CaseFile.open(path, args.assessor) if path.exists() else \
        CaseFile.create(path, args.assessor)
    try:
        if case.read_only:
            raise CaseError(f"'{path.name}' is open in another window; nothing was stored")
        workspace = case.load()
        _update_patient(workspace.patient, args)
        state = workspace.add_photo(photo, source)
        state.set_parsing(Parsing(labels, tuple(class_names), [], [], ModelIdentity(
            parser["name"], parser.get("sha256"), parser.get("source")), {}, keypoints))
        state.set_view(args.view)
        state.burn.values[:] = burn
        state.burn.revision += 1
        state.rebuild()
        case.save(workspace, args.assessor)
        case.save_assessment(report, args.assessor)
    finally:
        case.close()


def _update_patient(patient, args) -> None:
    if args.patient_name is not None:
        patient.name = args.patient_name
    if args.patient_id is not None:
        patient.record_number = args.patient_id
    if args.dob is not None:
        patient.date_of_birth = _parse_date(args.dob)
    patient.age_years = args.age
    if args.weight is not None:
        patient.weight_kg = args.weight
    if args.injury_time is not None:
        patient.injury_time = datetime.fromisoformat(args.injury_time)
    patient.fluid_given_ml = args.fluid_given


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"--dob {text!r} is not a date (YYYY-MM-DD)") from None


def _check_arguments(args) -> None:
    problem = missing_output_folder(args.json_out)
    if problem:
        raise InputError(problem)
    if not 0 <= args.age <= 130:
        raise InputError("--age must be between 0 and 130 years")
    if args.weight is not None and not 0 < args.weight <= 500:
        raise InputError("--weight must be between 0 and 500 kg")
    if args.fluid_given < 0:
        raise InputError("--fluid-given cannot be negative")
    _hours_since(args.injury_time)
    if args.dob is not None:
        _parse_date(args.dob)
    if args.case is not None and not args.case.resolve().parent.is_dir():
        raise InputError(f"the folder for {args.case} does not exist")


def _hours_since(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(f"--injury-time {text!r} is not an ISO 8601 date and time") from None
    if when.tzinfo is None:
        when = when.astimezone()  # a time without zone is local time
    hours = (datetime.now(timezone.utc) - when).total_seconds() / 3600
    if hours < 0:
        raise InputError("--injury-time is in the future")
    return hours


def _read_png(path: Path, what: str) -> np.ndarray:
    try:
        with Image.open(path) as image:
            if image.mode not in ("L", "P", "I", "I;16"):
                raise InputError(f"{what} {path.name} must be a single-channel image "
                                 f"(it is {image.mode})")
            return np.asarray(image.convert("L") if image.mode != "L" else image)
    except (OSError, UnidentifiedImageError) as exc:
        raise InputError(f"cannot read {what} {path.name}: {exc}") from None


def _read_burn(path: Path, shape) -> np.ndarray:
    values = _read_png(path, "burn mask")
    if values.shape != shape:
        raise InputError(f"burn mask {path.name} is {values.shape[1]}x{values.shape[0]}, the "
                         f"photo {shape[1]}x{shape[0]}")
    try:
        return BurnMask.from_array(values.astype(np.uint8)).values
    except ValueError as exc:
        raise InputError(f"burn mask {path.name}: {exc}") from None


def _labels(args, pixels: np.ndarray):
    """(labels, class names, parser identity, joints, patient mask) from --labels or a parser."""
    pose = PoseParser()
    try:
        pose_parsing = pose.parse(pixels)
    except PoseUnavailable:
        pose_parsing = None
    keypoints = pose_parsing.keypoints if pose_parsing else None
    if args.labels:
        labels = _read_png(args.labels, "label map")
        if labels.shape != pixels.shape[:2]:
            raise InputError(f"label map {args.labels.name} does not match the photo's size")
        if labels.max() >= 20:
            raise InputError(f"label map {args.labels.name} has class ids above 19")
        digest = hashlib.sha256(args.labels.read_bytes()).hexdigest()
        return (labels, CIHP_CLASSES[:20], {"name": "label map file", "sha256": digest},
                keypoints, None)
    model_dir = find_model_dir(args.model)
    if model_dir is not None:
        parsing = M2FPParser(model_dir).parse(pixels)
    elif pose_parsing is not None:
        parsing = pose_parsing
    else:
        raise InputError("no parser is available: install the M2FP model or MediaPipe")
    # Several people: the patient is the largest person; the others are excluded from every count.
    return (parsing.labels, parsing.class_names,
            {"name": parsing.model.parser, "sha256": parsing.model.sha256}, keypoints,
            parsing.person_mask())


def assessment_json(result: Assessment, args, parser: dict, joints: Joints) -> dict:
    return {
        "software": {"name": "BurnMap", "version": __version__},
        "photo": args.photo.name, "view": args.view, "age_years": args.age,
        "weight_kg": args.weight, "units": UNITS, "parser": parser,
        "joints": {"source": joints.source, "points": joints.points},
        **assessment_to_dict(result),
    }
