"""What MediaPipe Holistic reports for one person, in photo pixels, and the landmark numbering.

Pose landmarks follow MediaPipe Pose (33 points, "left" = the person's left); face landmarks are
the 468-point face mesh; hand landmarks the 21-point hand model (0 = wrist). Hands are keyed by
the person's side, taken from the pose wrist each hand was found at.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

VISIBLE = 0.5
POSE = {"nose": 0, "left_eye": 2, "right_eye": 5, "left_ear": 7, "right_ear": 8,
        "mouth_left": 9, "mouth_right": 10, "left_shoulder": 11, "right_shoulder": 12,
        "left_elbow": 13, "right_elbow": 14, "left_wrist": 15, "right_wrist": 16,
        "left_pinky": 17, "right_pinky": 18, "left_index": 19, "right_index": 20,
        "left_thumb": 21, "right_thumb": 22, "left_hip": 23, "right_hip": 24,
        "left_knee": 25, "right_knee": 26, "left_ankle": 27, "right_ankle": 28,
        "left_heel": 29, "right_heel": 30, "left_foot_index": 31, "right_foot_index": 32}
# The face mesh's outline, in order around the face (MediaPipe's FACEMESH_FACE_OVAL edges as a
# loop; a test checks it against the installed mediapipe). 10 is mid-forehead, 152 the chin.
FACE_OVAL = (10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400,
             377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67,
             109)
FOREHEAD, CHIN = 10, 152
HAND_WRIST, HAND_MIDDLE_MCP = 0, 9
# The hand model's palm outline (wrist, thumb base, knuckles), thumb and fingers, base to tip.
PALM = (0, 1, 5, 9, 13, 17)
THUMB = (1, 2, 3, 4)
FINGERS = ((5, 6, 7, 8), (9, 10, 11, 12), (13, 14, 15, 16), (17, 18, 19, 20))


@dataclass(frozen=True)
class BodyLandmarks:
    """One person as MediaPipe Holistic saw them.

    pose: 33 x 3 (x, y in photo pixels, visibility); face: 468 x 2 or None when the face mesh
    found no face; hands: 'left' / 'right' (the person's) -> 21 x 2; person: MediaPipe's person
    probability map at the resolution it was computed at (values 0..1).
    """
    pose: np.ndarray
    face: np.ndarray | None
    hands: dict[str, np.ndarray] = field(default_factory=dict)
    person: np.ndarray | None = None

    def point(self, name: str) -> np.ndarray:
        """A pose landmark's (x, y) by name, e.g. 'left_elbow'."""
        return self.pose[POSE[name], :2]

    def visible(self, *names: str) -> bool:
        """Whether all the named pose landmarks are visible enough to use."""
        return all(self.pose[POSE[n], 2] >= VISIBLE for n in names)

    def scaled(self, factor: float) -> BodyLandmarks:
        """The same landmarks with coordinates multiplied by `factor` (the person map unchanged)."""
        pose = self.pose.copy()
        pose[:, :2] *= factor
        return BodyLandmarks(pose, None if self.face is None else self.face * factor,
                             {k: v * factor for k, v in self.hands.items()}, self.person)
