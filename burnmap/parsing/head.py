"""The head: the face from the face mesh's oval; the rest of the head (hair, scalp, a hat) in the
zone above the chin where skull and hair lie.

Without a face mesh (a small, masked or turned-away face) the face is an ellipse placed from the
pose model's eyes, mouth and ears, or nothing when the pose model does not see the nose (a head
seen from behind). Two frames are kept: the face's own (chin to mid-forehead),
which says what is above the chin, and the body's (hips to shoulders), along which long hair
falls whatever way the face is turned.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from burnmap.parsing.landmarks import CHIN, FACE_OVAL, FOREHEAD, BodyLandmarks

# The head zone, in face heights (mid-forehead to chin, H) and face widths (W). An ellipse along
# the face axis (chin to crown is about 1.5 H, hair adds volume above and at the sides, and it
# narrows to the face's width at the chin, where the shoulders may rise beside it) and a disc
# around the ears' midpoint, the skull's centre, covering the back of a head seen in profile.
ZONE_CENTRE, ZONE_HALF_HEIGHT, ZONE_HALF_WIDTH = 0.75, 0.85, 0.9
SKULL_RADIUS = 0.85
# Face proportions for the pose-only fallback, in eye-to-mouth distances (anthropometric means:
# mid-forehead to chin is about 2.4 of them; the chin is about 0.9 below the mouth line).
CHIN_BELOW_MOUTH, FOREHEAD_ABOVE_EYES = 0.9, 0.6
FACE_WIDTH = 0.78   # face width / face height when the ears do not give it


@dataclass(frozen=True)
class Head:
    """The face mask and the head's landmarks: chin, face axis (unit, chin to forehead), face
    height and width in pixels, the skull's centre and the body axis (unit, hips to shoulders)."""
    face: np.ndarray
    chin: np.ndarray
    up: np.ndarray
    height: float
    width: float
    skull: np.ndarray
    body_up: np.ndarray
    midline: np.ndarray       # chin, mid-shoulder, mid-hip: the neck and trunk's centre line

    def face_frame(self, shape) -> tuple[np.ndarray, np.ndarray]:
        """Per pixel: height above the chin line (in H) and offset from the face axis (in W)."""
        return _frame(shape, self.chin, self.up, self.chin, self.height, self.width)

    def body_frame(self, shape) -> tuple[np.ndarray, np.ndarray]:
        """Per pixel: height above the chin along the body axis (in H) and offset (in W) from
        the body-axis line through the skull's centre."""
        return _frame(shape, self.chin, self.body_up, self.skull, self.height, self.width)

    def zone(self, shape) -> np.ndarray:
        """Where the rest of the head lies: above the chin line, in the face's ellipse or the
        skull's disc."""
        u, v = self.face_frame(shape)
        ellipse = (v / ZONE_HALF_WIDTH) ** 2 + ((u - ZONE_CENTRE) / ZONE_HALF_HEIGHT) ** 2 <= 1
        xs, ys = _grid(shape)
        disc = (xs - self.skull[0]) ** 2 + (ys - self.skull[1]) ** 2 <= \
            (SKULL_RADIUS * self.height) ** 2
        return (u >= 0) & (ellipse | disc)


def _frame(shape, origin, up, through, height, width):
    xs, ys = _grid(shape)
    u = (xs - origin[0]) * (up[0] / height) + (ys - origin[1]) * (up[1] / height)
    v = (xs - through[0]) * (-up[1] / width) + (ys - through[1]) * (up[0] / width)
    return u, v


def _grid(shape):
    """Column and row coordinates that broadcast to `shape` (cheaper than full index arrays)."""
    h, w = shape
    return np.arange(w, dtype=np.float32)[None, :], np.arange(h, dtype=np.float32)[:, None]


def find_head(shape: tuple[int, int], body: BodyLandmarks) -> Head:
    """The face (mesh oval, else an ellipse from the pose) and the head's frames, at `shape`."""
    if body.face is not None:
        oval = body.face[list(FACE_OVAL)]
        face = _polygon(shape, oval)
        chin, top = body.face[CHIN], body.face[FOREHEAD]
        up = _unit(top - chin)
        across = oval @ np.array([-up[1], up[0]])
        width = float(across.max() - across.min())
    else:
        face, chin, top, width = _face_from_pose(shape, body)
        if not body.visible("nose"):
            face = np.zeros(shape, bool)   # a head seen from behind: all of it is hair
    height = max(float(np.linalg.norm(top - chin)), 1.0)
    shoulders = (body.point("left_shoulder") + body.point("right_shoulder")) / 2
    hips = (body.point("left_hip") + body.point("right_hip")) / 2
    skull = (body.point("left_ear") + body.point("right_ear")) / 2
    return Head(face, chin, _unit(top - chin), height, max(width, 1.0), skull,
                _unit(shoulders - hips, fallback=np.array([0.0, -1.0])),
                np.array([chin, shoulders, hips]))


def _unit(d: np.ndarray, fallback: np.ndarray | None = None) -> np.ndarray:
    n = float(np.hypot(*d))
    if n < 1e-6:
        return np.array([0.0, -1.0]) if fallback is None else fallback
    return d / n


def _polygon(shape, points: np.ndarray) -> np.ndarray:
    canvas = np.zeros(shape, np.uint8)
    cv2.fillPoly(canvas, [np.rint(points).astype(np.int32)], 1)
    return canvas.astype(bool)


def _face_from_pose(shape, body: BodyLandmarks):
    """An ellipse for the face from the pose model's face points: (mask, chin, mid-forehead,
    width)."""
    eyes = (body.point("left_eye") + body.point("right_eye")) / 2
    mouth = (body.point("mouth_left") + body.point("mouth_right")) / 2
    span = max(float(np.linalg.norm(mouth - eyes)), 1.0)
    down = _unit(mouth - eyes, fallback=np.array([0.0, 1.0]))
    chin = mouth + CHIN_BELOW_MOUTH * span * down
    top = eyes - FOREHEAD_ABOVE_EYES * span * down
    height = float(np.linalg.norm(chin - top))
    ears = float(np.linalg.norm(body.point("left_ear") - body.point("right_ear")))
    width = max(FACE_WIDTH * height, 0.9 * ears)
    angle = float(np.degrees(np.arctan2(down[1], down[0]))) - 90
    canvas = np.zeros(shape, np.uint8)
    centre = (chin + top) / 2
    cv2.ellipse(canvas, (int(round(centre[0])), int(round(centre[1]))),
                (max(1, int(round(width / 2))), max(1, int(round(height / 2)))), angle, 0, 360, 1,
                -1)
    return canvas.astype(bool), chin, top, width
