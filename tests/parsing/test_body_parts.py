"""The default parser's geometry without MediaPipe: limb bands from the mask's outline, long hair
by colour, the fill that never gives the body below the chin to the head, and a drawn figure."""
from __future__ import annotations

import numpy as np
import pytest

from burnmap.parsing import body_parts, hair, limbs
from burnmap.parsing.body_parts import CLASSES, FACE, HAIR, TORSO, nearest_claimed
from burnmap.parsing.head import Head
from burnmap.parsing.landmarks import POSE, BodyLandmarks
from tests.helpers.figure import C, figure


def _bar(shape, x0, x1, y0=20, y1=180):
    mask = np.zeros(shape, bool)
    mask[y0:y1, x0:x1] = True
    return mask


def test_a_free_limb_band_follows_the_mask_outline():
    person = _bar((200, 200), 80, 110)                    # 30 px wide, bone off-centre at x=90
    band = limbs.measure(person, np.array([90.0, 30]), np.array([90.0, 170]), expected=60)
    assert band.width == pytest.approx(29, abs=1.5)       # the mask's width, not the 60 expected
    drawn = limbs.rasterise(band, person.shape, caps=(False, False))
    inside = drawn[40:160]
    assert inside[:, 80:110].mean() > 0.95
    assert not inside[:, :78].any()
    assert not inside[:, 112:].any()


def test_a_limb_against_the_body_keeps_its_free_edge_and_typical_width():
    person = _bar((200, 300), 80, 110)
    person[20:100, 110:260] = True      # the upper half of the limb touches a trunk on its right
    band = limbs.measure(person, np.array([95.0, 30]), np.array([95.0, 170]), expected=30)
    drawn = limbs.rasterise(band, person.shape, caps=(False, False))
    upper = drawn[35:90]                # against the trunk: free left edge + the free part's width
    assert upper[:, 81:109].mean() > 0.95
    assert not upper[:, 114:].any()


def test_a_hand_leaves_the_gap_between_thumb_and_fingers():
    """An open hand (fingers up, thumb out to the side) as the hand model numbers it: the palm,
    fingers and thumb are the hand, the skin seen between thumb and index finger (a cheek under
    a hand cupping the face) is not."""
    hand = np.array([(100, 180), (80, 170), (60, 150), (45, 135), (35, 120)] +
                    [(x, y) for x, base in ((85, 130), (100, 128), (115, 130), (128, 135))
                     for y in (base, base - 25, base - 40, base - 55)], float)
    mask = body_parts._hand_from_landmarks((200, 200), hand)
    assert mask[150, 100]
    assert mask[90, 85]
    assert mask[137, 50]
    assert not mask[105, 55]
    assert not mask[95, 65]


def _head(shape, chin=(100.0, 60.0)) -> Head:
    face = np.zeros(shape, bool)
    face[20:60, 85:115] = True
    return Head(face, np.array(chin), np.array([0.0, -1.0]), 40.0, 30.0, np.array([100.0, 40]),
                np.array([0.0, -1.0]), np.array([chin, (100.0, 90.0), (100.0, 200.0)]))


def _portrait(shirt, hair_colour=(90, 50, 20), skin=(225, 180, 150)):
    """A person 200x200: hair on top and hanging down both sides to y=150, a face, a neck strip
    and a shirt."""
    photo = np.zeros((200, 200, 3), np.uint8)
    person = np.zeros((200, 200), bool)
    person[5:200, 50:150] = True
    photo[person] = shirt
    photo[5:60, 60:140] = hair_colour            # crown and sides of the head
    photo[60:150, 55:80] = hair_colour           # long hair hanging on both sides
    photo[60:150, 120:145] = hair_colour
    photo[20:60, 85:115] = skin                  # face
    photo[60:90, 92:108] = skin                  # neck
    return photo, person


def _long_hair(photo, person, head, seeds):
    none = np.zeros_like(person)
    colours = hair.hair_colour(photo, person, head, seeds, none)
    return hair.long_hair(person, head, seeds, colours, none)


def test_long_hair_is_found_by_its_colour_and_joins_the_head():
    photo, person = _portrait(shirt=(30, 60, 200))
    head = _head(person.shape)
    seeds = head.zone(person.shape) & person & ~head.face
    found = _long_hair(photo, person, head, seeds)
    hanging = np.zeros_like(person)
    hanging[62:148, 57:78] = hanging[62:148, 122:143] = True
    assert found[hanging].mean() > 0.9
    assert found[95:200, 82:118].mean() < 0.02           # the shirt between the strands
    assert not found[160:].any()


def test_hair_falling_over_the_chest_covers_the_midline():
    photo, person = _portrait(shirt=(30, 60, 200))
    photo[90:115, 55:145] = (90, 50, 20)                 # strands swept across the chest
    head = _head(person.shape)
    seeds = head.zone(person.shape) & person & ~head.face
    found = _long_hair(photo, person, head, seeds)
    assert found[92:113, 60:140].mean() > 0.9            # the trunk's centre line included
    assert found[120:200, 82:118].mean() < 0.02


def test_a_deep_shadow_inside_long_hair_is_hair_but_enclosed_skin_is_not():
    photo, person = _portrait(shirt=(30, 60, 200))
    photo[60:150, 52:84] = photo[60:150, 116:148] = (90, 50, 20)     # wider strands
    photo[95:125, 58:78] = (8, 8, 8)               # a shadow no colour on the crown matches
    photo[95:125, 122:142] = (225, 180, 150)       # skin showing through the other strand
    head = _head(person.shape)
    seeds = head.zone(person.shape) & person & ~head.face
    found = _long_hair(photo, person, head, seeds)
    assert found[95:125, 58:78].all()
    assert not found[97:123, 124:140].any()


def test_an_arm_raised_beside_the_head_takes_only_what_looks_like_the_body():
    """An upper arm's band drawn from landmarks through the hair: the skin in it is the arm, a
    shadowed strand (not the crown's colour, nor the body's) stays hair."""
    photo, person = _portrait(shirt=(30, 60, 200))
    band = np.zeros_like(person)
    band[5:60, 120:134] = True
    photo[10:35, 120:134] = (225, 180, 150)                 # the arm's skin
    photo[42:58, 120:134] = (35, 20, 8)                     # a strand in shadow
    canvas = np.zeros(person.shape, np.uint8)
    none = np.zeros_like(person)
    body_parts._claim_head_and_arms(canvas, photo, person, _head(person.shape),
                                    {"left": (band, none), "right": (none, none)}, none)
    assert (canvas[12:33, 121:133] == CLASSES.index("Left-arm")).all()
    assert (canvas[44:56, 121:133] == HAIR).all()


def test_hair_the_colour_of_the_clothes_stays_body():
    photo, person = _portrait(shirt=(90, 50, 20))         # a shirt the colour of the hair
    head = _head(person.shape)
    seeds = head.zone(person.shape) & person & ~head.face
    assert not _long_hair(photo, person, head, seeds)[100:].any()


def test_unclaimed_pixels_below_the_chin_never_become_head():
    canvas = np.zeros((100, 100), np.uint8)
    canvas[10:40, 40:60] = HAIR
    canvas[80:100, 0:10] = TORSO
    below_chin = np.zeros((100, 100), bool)
    below_chin[45:] = True
    filled = nearest_claimed(canvas, below_chin)
    assert (filled[45:] == TORSO).all()                  # nearer the hair, still not the head
    assert filled[5, 50] == HAIR
    assert filled[42, 50] == HAIR


def _figure_landmarks(labels, joints) -> BodyLandmarks:
    """Pose landmarks for the drawn figure: its joints, a face around the face disc, hands and
    feet just past the wrists and ankles; everything visible."""
    pose = np.zeros((33, 3))
    pose[:, 2] = 1.0
    for name, (x, y) in joints.points.items():
        pose[POSE[name], :2] = (x, y)
    face = {"nose": (200, 75), "left_eye": (215, 60), "right_eye": (185, 60),
            "mouth_left": (212, 95), "mouth_right": (188, 95), "left_ear": (245, 70),
            "right_ear": (155, 70)}
    for side, dx in (("left", 282), ("right", 118)):
        face[f"{side}_pinky"] = face[f"{side}_index"] = face[f"{side}_thumb"] = (dx, 440)
        foot_x = 227 if side == "left" else 173
        face[f"{side}_heel"], face[f"{side}_foot_index"] = (foot_x, 770), (foot_x, 785)
    for name, (x, y) in face.items():
        pose[POSE[name], :2] = (x, y)
    person = (labels > 0).astype(np.float32)
    return BodyLandmarks(pose, None, {}, person)


def test_a_drawn_figure_gets_its_drawn_parts():
    labels, joints = figure()
    body = _figure_landmarks(labels, joints)
    photo = np.full((*labels.shape, 3), 128, np.uint8)
    out = body_parts.parts_from_landmarks(photo, labels > 0, body)
    for part in ("Right-arm", "Left-arm", "Right-leg", "Left-leg"):
        drawn = labels == C[part]
        assert (out[drawn] == CLASSES.index(part)).mean() > 0.9, part
    trunk = labels == C["Torso-skin"]
    assert np.isin(out[trunk], [CLASSES.index("Left-arm"), CLASSES.index("Right-arm")]).mean() \
        < 0.03                                            # arm widths follow the drawn arms
    head = labels == C["Face"]
    assert np.isin(out[head], [FACE, HAIR]).mean() > 0.85
