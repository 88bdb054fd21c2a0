"""Turning the workspace's objects into case-file rows and back (lossless)."""
from __future__ import annotations

import json
from datetime import date, datetime

import cv2
import numpy as np

from burnmap.model.patient import Patient
from burnmap.parsing.base import Instance, ModelIdentity, Parsing
from burnmap.text.messages import Message

PATIENT_FIELDS = ("name", "record_number", "date_of_birth", "age_years", "sex", "weight_kg",
                  "injury_time", "fluid_given_ml", "electrical_injury")   # schema v2 added the last


class CodecError(ValueError):
    pass


def encode_png(array: np.ndarray) -> bytes:
    """A uint8 map as PNG: lossless, compact for label and burn maps, fast at level 1."""
    ok, data = cv2.imencode(".png", array, [cv2.IMWRITE_PNG_COMPRESSION, 1])
    if not ok:
        raise CodecError(Message("could not encode an image map"))
    return data.tobytes()


def decode_png(data: bytes, shape: tuple[int, int] | None = None) -> np.ndarray:
    array = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    if array is None or array.ndim != 2 or array.dtype != np.uint8:
        raise CodecError(Message("a stored image map is damaged"))
    if shape is not None and array.shape != shape:
        raise CodecError(Message("a stored image map does not match its photo's size"))
    return array


def patient_row(p: Patient) -> tuple:
    """The patient's values in PATIENT_FIELDS order."""
    return (p.name, p.record_number, p.date_of_birth.isoformat() if p.date_of_birth else None,
            p.age_years, p.sex, p.weight_kg,
            p.injury_time.isoformat() if p.injury_time else None, p.fluid_given_ml,
            int(bool(p.electrical_injury)))


def patient_from_row(row) -> Patient:
    values = dict(zip(PATIENT_FIELDS, row, strict=False))
    if values["date_of_birth"]:
        values["date_of_birth"] = date.fromisoformat(values["date_of_birth"])
    if values["injury_time"]:
        values["injury_time"] = datetime.fromisoformat(values["injury_time"])
    values["electrical_injury"] = bool(values.get("electrical_injury") or 0)
    return Patient(**values)


def read_patient(conn) -> Patient:
    """The stored patient. A case of an older format opened read-only is not migrated: a
    column it lacks reads as its default (NULL: not recorded), and its fluid given of 0 as not
    entered, as the v3 migration reads it (burnmap/casefile/schema.py)."""
    present = {row[1] for row in conn.execute("PRAGMA table_info(patient)")}
    columns = ", ".join(f if f in present else f"NULL AS {f}" for f in PATIENT_FIELDS)
    patient = patient_from_row(conn.execute(f"SELECT {columns} FROM patient WHERE id = 1")
                               .fetchone())
    if conn.execute("PRAGMA user_version").fetchone()[0] < 3 and patient.fluid_given_ml == 0:
        patient.fluid_given_ml = None
    return patient


PATIENT_UPDATE = "UPDATE patient SET " + ", ".join(f"{f}=?" for f in PATIENT_FIELDS) + \
    " WHERE id = 1"


def parsing_rows(parsing: Parsing) -> tuple[tuple, list[tuple]]:
    model = parsing.model
    row = (encode_png(parsing.labels), json.dumps(list(parsing.class_names)), model.parser,
           model.sha256, model.source,
           json.dumps(parsing.keypoints) if parsing.keypoints is not None else None)
    persons = [(i, p.score, p.area, json.dumps(list(p.box)), p.packed_mask.tobytes())
               for i, p in enumerate(parsing.persons)]
    return row, persons


def parsing_from_rows(row, persons, shape) -> Parsing:
    labels_png, class_names, parser, sha, source, keypoints = row
    labels = decode_png(labels_png, shape)
    instances = []
    for _, score, area, box, packed in persons:
        x0, y0, x1, y1 = json.loads(box)
        width_bytes = (x1 - x0 + 8) // 8
        mask = np.frombuffer(packed, np.uint8).reshape(y1 - y0 + 1, width_bytes)
        instances.append(Instance(20, "Human", score, area, (x0, y0, x1, y1), mask.copy()))
    return Parsing(labels, tuple(json.loads(class_names)), [], instances,
                   ModelIdentity(parser, sha, source), {},
                   {k: tuple(v) for k, v in json.loads(keypoints).items()} if keypoints else None)


# The case's assessment settings, in the meta table (no schema change: an older case simply
# has none, and takes the user's when opened; see Workspace.settle_settings).
SETTING_KEYS = ("referral_guideline", "late_start_policy")


def read_settings(conn) -> dict[str, str] | None:
    """The case's assessment settings, or None for a case saved before cases kept them. A value
    this version does not know (a later version's guideline, an edited file) is refused: the
    numbers would silently follow another rule."""
    from burnmap.clinical.fluids import POLICIES
    from burnmap.clinical.referral import GUIDELINES
    known = {"referral_guideline": GUIDELINES, "late_start_policy": POLICIES}
    rows = dict(conn.execute(f"SELECT key, value FROM meta WHERE key IN "
                             f"({', '.join('?' * len(SETTING_KEYS))})", SETTING_KEYS).fetchall())
    if not rows:
        return None
    for key in SETTING_KEYS:
        if rows.get(key) not in known[key]:
            raise CodecError(Message("its {0} is {1}, which this version does not know "
                                     "(known: {2})", key, repr(rows.get(key)),
                                     ", ".join(known[key])))
    return rows


def settings_rows(workspace) -> list[tuple[str, str]]:
    """What to store for a workspace whose settings were chosen (none otherwise)."""
    if not workspace.settings_chosen:
        return []
    return [(key, getattr(workspace, key)) for key in SETTING_KEYS]
