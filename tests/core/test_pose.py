"""The built-in default parser (MediaPipe Pose) on real photographs: a person, a head, a trunk."""
from __future__ import annotations

import numpy as np
import pytest

from core.imaging import load_photo
from core.parsing.pose import PARSER_NAME, PoseParser
from core.regions import REGION_ID, Joints, to_clinical_regions


@pytest.fixture(scope="module")
def pose():
    return PoseParser()


def _centroid(mask):
    ys, xs = np.nonzero(mask)
    return xs.mean(), ys.mean()


@pytest.mark.parametrize("name", ["astronaut.png", "grace_hopper.jpg"])
def test_finds_the_person_with_a_sensible_head_and_trunk(pose, photos_dir, name):
    photo = load_photo(photos_dir / name)
    parsing = pose.parse(photo.pixels)
    h, w = parsing.labels.shape
    assert (w, h) == (photo.width, photo.height)
    assert parsing.model.parser == PARSER_NAME and len(parsing.model.sha256) == 64
    assert len(parsing.persons) == 1 and parsing.persons[0].area > 0.25 * h * w
    joints = Joints(parsing.keypoints, "pose")
    assert joints.get("left", "shoulder") is not None and joints.get("right", "shoulder") is not None
    regions = to_clinical_regions(parsing.labels, parsing.class_names, "anterior", joints)
    head = regions.ids == REGION_ID["head"]
    trunk = regions.ids == REGION_ID["trunk"]
    assert head.sum() > 0.03 * h * w and trunk.sum() > head.sum()
    hx, hy = _centroid(head)
    tx, ty = _centroid(trunk)
    shoulders_y = (joints.get("left", "shoulder")[1] + joints.get("right", "shoulder")[1]) / 2
    assert hy < shoulders_y < ty + 0.1 * h      # head above the shoulders, trunk below them
    assert hy < 0.45 * h and abs(hx - tx) < 0.2 * w  # head at the top, over the trunk
    # the head is where the face is: MediaPipe's nose lies inside the head region
    assert abs(hx - w / 2) < 0.25 * w


def test_no_person_gives_an_empty_parsing(pose):
    blank = np.full((240, 320, 3), 128, np.uint8)
    parsing = pose.parse(blank)
    assert not parsing.labels.any() and parsing.persons == [] and parsing.keypoints is None
