"""The demo case, built without Qt: the bundled photo, a made-up adult, a burn on the trunk."""
from __future__ import annotations

import numpy as np

from burnmap.body.burn import DEEP_PARTIAL
from burnmap.body.regions import REGION_ID
from burnmap.model.demo import DEMO_RECORD, demo_workspace, paint_demo_burn
from burnmap.parsing.classes import PART_CLASSES
from burnmap.parsing.label_map import label_map_parsing


def _torso_only(height: int, width: int):
    labels = np.zeros((height, width), np.uint8)
    labels[150:350, 180:330] = PART_CLASSES.index("Torso-skin")
    return label_map_parsing(labels, b"labels", "torso.png", None)


def test_demo_workspace_holds_the_bundled_photo_and_an_adult():
    workspace = demo_workspace("Demo")
    assert workspace.patient.name == "Demo"
    assert workspace.patient.record_number == DEMO_RECORD
    assert workspace.patient.age() == 35.0
    assert workspace.patient.weight_kg == 70.0
    [state] = workspace.photos
    assert state.photo.name == "astronaut.png"
    assert state.source
    assert state.parsing is None


def test_demo_burn_is_painted_on_the_trunk_and_counted():
    workspace = demo_workspace()
    state = workspace.photos[0]
    assert paint_demo_burn(state) is None          # not parsed yet: nothing to paint on
    state.set_parsing(_torso_only(state.photo.height, state.photo.width))
    patch = paint_demo_burn(state)
    burned = state.burn.values > 0
    assert patch is not None
    assert set(np.unique(state.burn.values[burned])) == {DEEP_PARTIAL}
    assert (state.regions.ids[burned] == REGION_ID["trunk"]).all()
    assert workspace.assessment().tbsa_total_percent > 0


def test_no_trunk_no_demo_burn():
    workspace = demo_workspace()
    state = workspace.photos[0]
    labels = np.zeros((state.photo.height, state.photo.width), np.uint8)
    labels[10:60, 10:60] = PART_CLASSES.index("Face")
    state.set_parsing(label_map_parsing(labels, b"face", "face.png", None))
    assert paint_demo_burn(state) is None
    assert not state.burn.values.any()
