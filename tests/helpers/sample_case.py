"""A sample case shared by the case, session, report and window tests: a patient with two views of
the synthetic figure, each parsed and with a deep partial-thickness stroke recorded."""
from __future__ import annotations

import io
from datetime import UTC, date, datetime

import numpy as np
from PIL import Image

from burnmap.body.burn import DEEP_PARTIAL
from burnmap.model.workspace import Patient, Workspace
from burnmap.parsing.base import Instance, ModelIdentity, Parsing
from burnmap.photo.imaging import decode_photo
from tests.helpers.figure import CLASSES, figure


def _photo_bytes(labels) -> bytes:
    rgb = np.full((*labels.shape, 3), 230, np.uint8)
    rgb[labels > 0] = (190, 140, 110)
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def make_workspace() -> Workspace:
    labels, joints = figure()
    person = np.ones(labels.shape, bool)
    parsing = Parsing(labels, CLASSES, [],
                      [Instance.create(20, "Human", 0.9, (0, 0, 399, 799), person)],
                      ModelIdentity("M2FP", "ab" * 32, "pytorch_model.pt"), {},
                      dict(joints.points))
    ws = Workspace(Patient(name="Zoë O'Brien <test>", record_number="MRN-1",
                           date_of_birth=date(1980, 2, 29), weight_kg=72.5,
                           injury_time=datetime(2026, 11, 23, 6, 30, tzinfo=UTC)))
    for view in ("anterior", "posterior"):
        data = _photo_bytes(labels)
        state = ws.add_photo(decode_photo(data, f"{view}.jpg"), data)
        state.set_parsing(parsing)
        state.set_view(view)
        state.burn.stroke([(150, 250), (250, 300)], DEEP_PARTIAL, 30)
        state.record(state.burn.undo_stack[-1])
    return ws
