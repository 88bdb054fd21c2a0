"""Body part labels (CIHP classes) from MediaPipe Holistic's landmarks and person mask.

Parts are claimed in order of what covers what in a photo, each claim over the earlier ones: the
trunk between shoulders and hips, the legs, the head zone above the chin as Hair (head.py), the
upper arms, long hair falling over shoulders and chest (hair.py), the face mesh's oval as Face,
and last the forearms and hands (a hand in front of the face is a hand). Near the head, arms
and hands cover only pixels not of the hair's colour: bands and hulls drawn from landmarks also
span the hair beside a raised arm and fingers hidden in the hair. Limb widths come from the
person mask's outline (limbs.py). Person pixels no part claimed (loose clothes, a shoulder's
edge) take the nearest claimed part, never the head's below the chin. Hands are part of the arm
classes, as in CIHP. Work is done at WORK_SIDE and the labels upsampled.
"""
from __future__ import annotations

import cv2
import numpy as np

from burnmap.parsing import hair, head, limbs
from burnmap.parsing.classes import PART_CLASSES
from burnmap.parsing.landmarks import FINGERS, HAND_MIDDLE_MCP, HAND_WRIST, PALM, THUMB, BodyLandmarks

CLASSES = PART_CLASSES
FACE, HAIR, TORSO = (CLASSES.index(n) for n in ("Face", "Hair", "Torso-skin"))
ARM = {"left": CLASSES.index("Left-arm"), "right": CLASSES.index("Right-arm")}
LEG = {"left": CLASSES.index("Left-leg"), "right": CLASSES.index("Right-leg")}
WORK_SIDE = 640
# Typical segment widths as fractions of the body scale (shoulder joint distance, or half the
# trunk's length when the shoulders are foreshortened); used where a limb never stands free.
WIDTH = {"upper_arm": 0.32, "forearm": 0.26, "thigh": 0.55, "lower_leg": 0.40, "foot": 0.30}
HIP_OUTLINE = 0.35      # the pelvis' outline lies this share of the hip distance beyond each hip
FINGER = 0.12           # finger half-thickness as a fraction of the wrist-to-knuckle distance


def parts_from_landmarks(photo: np.ndarray, person: np.ndarray, body: BodyLandmarks) -> np.ndarray:
    """HxW CIHP class ids for the person pixels of `person` (both at the photo's size)."""
    h, w = person.shape
    scale = min(1.0, WORK_SIDE / max(h, w))
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    # From MediaPipe's own map, as the full-size mask is (cheaper than shrinking that mask).
    small = cv2.resize(body.person, size, interpolation=cv2.INTER_LINEAR) > 0.5
    colours = cv2.resize(photo, size, interpolation=cv2.INTER_AREA)
    work = body.scaled(scale)
    found = head.find_head(small.shape, work)
    claimed = claim_parts(colours, small, work, found)
    below_chin = found.face_frame(small.shape)[0] < 0
    labels = cv2.resize(nearest_claimed(claimed, below_chin), (w, h),
                        interpolation=cv2.INTER_NEAREST)
    return np.where(person, labels, 0).astype(np.uint8)


def claim_parts(photo: np.ndarray, person: np.ndarray, body: BodyLandmarks,
                found: head.Head) -> np.ndarray:
    """Class per pixel for the parts the landmarks place (0 where none does); later claims cover
    earlier ones, as a hand covers the face."""
    canvas = np.zeros(person.shape, np.uint8)
    cv2.fillPoly(canvas, [np.rint(_trunk(body)).astype(np.int32)], TORSO)
    size = body_scale(body)
    legs = np.zeros(person.shape, bool)
    for side in ("left", "right"):
        for mask in _leg(person, body, side, size):
            canvas[mask & person] = LEG[side]
            legs |= mask
    arms = {side: _arm(person, body, side, size) for side in ("left", "right")}
    _claim_head_and_arms(canvas, photo, person, found, arms, legs & person)
    return canvas


def _claim_head_and_arms(canvas, photo, person, found: head.Head, arms, legs) -> None:
    """The head's zone as hair, the upper arms, long hair, the face, then forearms and hands;
    near the head an upper arm takes only pixels of the body's colours, a forearm or hand only
    pixels not of the hair's."""
    zone = found.zone(person.shape) & person
    seeds = zone & ~found.face
    canvas[seeds] = HAIR
    lower_arms = arms["left"][1] | arms["right"][1]
    # Forearms and hands inside the head's zone are no sample of the body's colours: their
    # landmark hulls there may hold hair.
    colours = hair.hair_colour(photo, person, found, seeds & ~lower_arms,
                               (lower_arms & ~zone & person) | legs)
    hairy = colours.hair & ~found.face
    # In the head's zone an upper arm (a band from two joints, as wide as the arm measured
    # elsewhere) takes only what looks like the body: a raised arm's band also spans hair.
    for side, (upper, _) in arms.items():
        canvas[upper & person & ~(seeds & ~colours.body)] = ARM[side]
    long = hair.long_hair(person, found, seeds & ~(lower_arms & ~hairy), colours, legs)
    canvas[long] = HAIR
    canvas[found.face] = FACE
    in_hair = (seeds | long) & hairy
    for side, (_, lower) in arms.items():
        canvas[lower & person & ~in_hair] = ARM[side]


def _trunk(body: BodyLandmarks) -> np.ndarray:
    """The trunk's corners: the shoulder joints and, as the pelvis is wider than the hip joints
    are apart, points beyond the hip joints by HIP_OUTLINE of their distance."""
    left, right = body.point("left_hip"), body.point("right_hip")
    out = HIP_OUTLINE * (left - right)
    return np.array([body.point("left_shoulder"), body.point("right_shoulder"), right - out,
                     left + out])


def nearest_claimed(canvas: np.ndarray, below_chin: np.ndarray | None = None) -> np.ndarray:
    """Every unclaimed pixel takes the class of the nearest claimed one; below the chin, of the
    nearest one that is not the head (a shoulder beside the hair is not hair)."""
    filled = _nearest(canvas)
    if below_chin is not None:
        body = np.where(np.isin(canvas, (FACE, HAIR)), 0, canvas).astype(np.uint8)
        if body.any():
            fill = below_chin & (canvas == 0)
            filled[fill] = _nearest(body)[fill]
    return filled


def _nearest(canvas: np.ndarray) -> np.ndarray:
    if not canvas.any():
        return np.full(canvas.shape, TORSO, np.uint8)
    _, index = cv2.distanceTransformWithLabels((canvas == 0).astype(np.uint8), cv2.DIST_L2, 5,
                                               labelType=cv2.DIST_LABEL_PIXEL)
    # Labels number the claimed pixels in row-major order, starting at 1.
    return np.concatenate([[0], canvas[canvas > 0]]).astype(np.uint8)[index]


def body_scale(body: BodyLandmarks) -> float:
    """A length that grows with the person's size in the photo, for the expected limb widths."""
    shoulders = float(np.linalg.norm(body.point("left_shoulder") - body.point("right_shoulder")))
    mid_shoulder = (body.point("left_shoulder") + body.point("right_shoulder")) / 2
    mid_hip = (body.point("left_hip") + body.point("right_hip")) / 2
    return max(shoulders, 0.5 * float(np.linalg.norm(mid_shoulder - mid_hip)), 4.0)


def _arm(person, body: BodyLandmarks, side: str, size: float) -> tuple[np.ndarray, np.ndarray]:
    """(upper arm, forearm and hand) masks; empty where the landmarks do not place them."""
    shoulder, elbow = f"{side}_shoulder", f"{side}_elbow"
    hand = body.hands.get(side)
    wrist = hand[HAND_WRIST] if hand is not None else body.point(f"{side}_wrist")
    has_wrist = hand is not None or body.visible(f"{side}_wrist")
    upper = lower = np.zeros(person.shape, bool)
    width = WIDTH["forearm"] * size
    if body.visible(shoulder, elbow):
        band = limbs.measure(person, body.point(shoulder), body.point(elbow),
                             WIDTH["upper_arm"] * size)
        upper = limbs.rasterise(band, person.shape, caps=(False, True))
    if body.visible(elbow) and has_wrist:
        forearm = limbs.measure(person, body.point(elbow), wrist, width)
        lower = limbs.rasterise(forearm, person.shape, caps=(True, True))
        width = forearm.width
    if hand is not None:
        lower = lower | _hand_from_landmarks(person.shape, hand)
    elif has_wrist and body.visible(f"{side}_index", f"{side}_pinky"):
        lower = lower | _hand_from_pose(person.shape, body, side, width)
    return upper, lower


def _hand_from_landmarks(shape, hand: np.ndarray) -> np.ndarray:
    """The palm with each finger in turn (curled fingers enclose the palm) and the thumb's
    bones, widened by a finger's half-thickness: the gap between the thumb and the fingers (the
    cheek in a hand cupping the face) is left to what lies there, as a hull would not."""
    canvas = np.zeros(shape, np.uint8)
    points = np.rint(hand).astype(np.int32)
    for finger in FINGERS:
        cv2.fillConvexPoly(canvas, cv2.convexHull(points[list(PALM + finger)]), 1)
    cv2.polylines(canvas, [points[list(THUMB)]], False, 1)
    reach = FINGER * float(np.linalg.norm(hand[HAND_MIDDLE_MCP] - hand[HAND_WRIST]))
    outside = cv2.distanceTransform(1 - canvas, cv2.DIST_L2, 3)
    return outside <= reach


def _hand_from_pose(shape, body: BodyLandmarks, side: str, width: float) -> np.ndarray:
    """Without hand landmarks: a band from the wrist past the knuckles the pose model marks."""
    wrist = body.point(f"{side}_wrist")
    knuckles = (body.point(f"{side}_index") + body.point(f"{side}_pinky")) / 2
    tip = wrist + 1.8 * (knuckles - wrist)   # the fingers reach beyond the knuckle landmarks
    half = np.full(2, 0.55 * width)
    band = limbs.Band(wrist, tip, -half, half)
    return limbs.rasterise(band, shape, caps=(True, True))


def _leg(person, body: BodyLandmarks, side: str, size: float):
    """Masks of the thigh, lower leg and foot found, in that order."""
    hip, knee, ankle = f"{side}_hip", f"{side}_knee", f"{side}_ankle"
    if body.visible(hip, knee):
        band = limbs.measure(person, body.point(hip), body.point(knee), WIDTH["thigh"] * size)
        yield limbs.rasterise(band, person.shape, caps=(False, True))
    if body.visible(knee, ankle):
        band = limbs.measure(person, body.point(knee), body.point(ankle),
                             WIDTH["lower_leg"] * size)
        yield limbs.rasterise(band, person.shape, caps=(True, True))
    if body.visible(ankle, f"{side}_heel", f"{side}_foot_index"):
        heel, toe = body.point(f"{side}_heel"), body.point(f"{side}_foot_index")
        band = limbs.measure(person, heel, toe, WIDTH["foot"] * size)
        yield limbs.rasterise(band, person.shape, caps=(True, True))
