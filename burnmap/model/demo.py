"""The demo case: the bundled photo and a made-up adult, so the workflow shows at once.

Built headless (no Qt): the window opens it when started without a photo, and `selftest` runs
the whole chain on it.
"""
from __future__ import annotations

from burnmap.body.burn import DEEP_PARTIAL, Patch
from burnmap.body.regions import REGION_ID
from burnmap.model.patient import Patient
from burnmap.model.workspace import PhotoState, Workspace
from burnmap.photo.imaging import read_photo_file
from burnmap.system.paths import resources_dir

DEMO_PHOTO = "demo/astronaut.png"
DEMO_RECORD = "DEMO-0001"  # the demo case's record number: its work is not kept on close


def demo_workspace(patient_name: str = "Demo patient") -> Workspace:
    """The demo patient with the bundled photo, not yet parsed (the caller parses it, in the
    background or not). `patient_name` lets a translated UI name the patient."""
    patient = Patient(name=patient_name, record_number=DEMO_RECORD, age_years=35.0,
                      weight_kg=70.0)
    workspace = Workspace(patient)
    photo, source = read_photo_file(resources_dir() / DEMO_PHOTO)
    state = workspace.add_photo(photo, source)
    state.view, state.view_confirmed = "anterior", True   # known: nobody is asked for it
    return workspace


def paint_demo_burn(state: PhotoState) -> Patch | None:
    """A sample deep partial-thickness burn across the middle of the parsed trunk, so the
    results show numbers; None when the parsing found no trunk."""
    if state.regions is None:
        return None
    ys, xs = (state.regions.ids == REGION_ID["trunk"]).nonzero()
    if not len(ys):
        return None
    cx, cy = float(xs.mean()), float(ys.mean())
    patch = state.burn.stroke([(cx - 60, cy), (cx + 40, cy + 30)], DEEP_PARTIAL, 28)
    state.record(patch)
    return patch
