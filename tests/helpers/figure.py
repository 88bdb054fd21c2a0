"""A drawn anterior figure with known part areas and joints, so expected percentages are exact."""
from __future__ import annotations

import numpy as np

from burnmap.body.regions import Joints
from burnmap.parsing.classes import CIHP_CLASSES

CLASSES = CIHP_CLASSES[:20]
C = {name: i for i, name in enumerate(CLASSES)}


def figure(scale: int = 1, view: str = "anterior"):
    """Labels (H x W uint8) and joints of a standing figure facing the camera, arms at its sides.

    Image-left limbs carry the CIHP 'Right-*' labels (the person's right on an anterior view).
    """
    s = scale
    h, w = 800 * s, 400 * s
    labels = np.zeros((h, w), np.uint8)
    yy, xx = np.mgrid[0:h, 0:w]
    labels[(yy - 70 * s) ** 2 + (xx - 200 * s) ** 2 <= (50 * s) ** 2] = C["Face"]
    labels[120 * s:400 * s, 140 * s:260 * s] = C["Torso-skin"]      # neck above y=150 (shoulders)
    labels[150 * s:460 * s, 100 * s:136 * s] = C["Right-arm"]       # image-left arm
    labels[150 * s:460 * s, 264 * s:300 * s] = C["Left-arm"]        # image-right arm
    labels[400 * s:760 * s, 150 * s:196 * s] = C["Right-leg"]
    labels[400 * s:760 * s, 204 * s:250 * s] = C["Left-leg"]
    labels[760 * s:790 * s, 150 * s:196 * s] = C["Right-shoe"]
    labels[760 * s:790 * s, 204 * s:250 * s] = C["Left-shoe"]
    right, left = ("right", "left") if view == "anterior" else ("left", "right")
    pts = {
        f"{right}_shoulder": (118, 150), f"{right}_elbow": (118, 270), f"{right}_wrist": (118, 390),
        f"{left}_shoulder": (282, 150), f"{left}_elbow": (282, 270), f"{left}_wrist": (282, 390),
        f"{right}_hip": (173, 400), f"{right}_knee": (173, 580), f"{right}_ankle": (173, 755),
        f"{left}_hip": (227, 400), f"{left}_knee": (227, 580), f"{left}_ankle": (227, 755),
    }
    joints = Joints({k: (x * s, y * s) for k, (x, y) in pts.items()}, "pose")
    return labels, joints
