"""The built-in default parser: MediaPipe Pose (person mask + 33 landmarks), used when no M2FP model
is installed, and the source of joints for splitting limbs when M2FP is used.

MediaPipe 0.10.14's legacy `solutions.pose` with model_complexity=1 runs offline with the models
inside its wheel. Parts are derived, not learnt: every person pixel takes the class of the nearest
"bone" of the skeleton (head, torso, upper arm, forearm, hand, thigh, lower leg, foot). It cannot
see clothing, so its results are marked as coming from the default parser wherever they appear.
"""
from __future__ import annotations

import hashlib
import threading
import time
from pathlib import Path

import cv2
import numpy as np

from .base import (CancelledFn, Instance, ModelIdentity, ParseCancelled, Parsing, ProgressFn,
                   never_cancelled, no_progress)
from .classes import CIHP_CLASSES

PARSER_NAME = "default parser (MediaPipe Pose)"
CLASSES = CIHP_CLASSES[:20]
FACE, TORSO = CLASSES.index("Face"), CLASSES.index("Torso-skin")
WORK_SIDE = 640          # bones and distances are computed at this long side, then upsampled
VISIBLE = 0.5
LANDMARK = {"nose": 0, "left_ear": 7, "right_ear": 8, "left_shoulder": 11, "right_shoulder": 12,
            "left_elbow": 13, "right_elbow": 14, "left_wrist": 15, "right_wrist": 16,
            "left_hip": 23, "right_hip": 24, "left_knee": 25, "right_knee": 26,
            "left_ankle": 27, "right_ankle": 28}
HAND_TIPS = {"left": (17, 19, 21), "right": (18, 20, 22)}
FOOT_TIPS = {"left": (29, 31), "right": (30, 32)}


class PoseUnavailable(RuntimeError):
    """MediaPipe is not installed or failed to start."""


def _pose_module():
    try:
        import mediapipe.python.solutions.pose as mp_pose
    except Exception as exc:  # noqa: BLE001 - any import failure means the parser is unavailable
        raise PoseUnavailable(f"the default parser (MediaPipe) cannot start: {exc}") from exc
    return mp_pose


class PoseParser:
    """Lazily starts MediaPipe Pose once; `parse` is serialised (the graph is not re-entrant)."""

    def __init__(self):
        self._pose = None
        self._lock = threading.Lock()
        self._identity: ModelIdentity | None = None

    @property
    def identity(self) -> ModelIdentity:
        if self._identity is None:
            model = Path(_pose_module().__file__).parents[2] / "modules" / "pose_landmark" / \
                "pose_landmark_full.tflite"
            digest = hashlib.sha256(model.read_bytes()).hexdigest()
            self._identity = ModelIdentity(PARSER_NAME, digest, "mediapipe pose_landmark_full")
        return self._identity

    def warm_up(self) -> None:
        with self._lock:
            self._graph()

    def _graph(self):
        if self._pose is None:
            self._pose = _pose_module().Pose(static_image_mode=True, model_complexity=1,
                                             enable_segmentation=True)
        return self._pose

    def detect(self, photo: np.ndarray) -> tuple[np.ndarray | None, np.ndarray | None]:
        """(landmarks (33 x 3: x, y in photo pixels, visibility), person probability map)."""
        h, w = photo.shape[:2]
        scale = min(1.0, 1024 / max(h, w))  # MediaPipe works at 256 px; a 12 MP copy is waste
        small = photo if scale == 1 else cv2.resize(photo, (round(w * scale), round(h * scale)),
                                                    interpolation=cv2.INTER_AREA)
        with self._lock:
            result = self._graph().process(np.ascontiguousarray(small))
        if result.pose_landmarks is None:
            return None, None
        lm = np.array([(p.x * w, p.y * h, p.visibility) for p in result.pose_landmarks.landmark])
        return lm, result.segmentation_mask

    def parse(self, photo: np.ndarray, progress: ProgressFn = no_progress,
              cancelled: CancelledFn = never_cancelled) -> Parsing:
        start = time.perf_counter()
        progress(0.0, "pose")
        landmarks, prob = self.detect(photo)
        timings = {"pose": time.perf_counter() - start}
        if cancelled():
            raise ParseCancelled("parsing cancelled after pose detection")
        progress(0.6, "parts")
        h, w = photo.shape[:2]
        if landmarks is None:
            labels, persons, keypoints = np.zeros((h, w), np.uint8), [], None
        else:
            person = cv2.resize(prob, (w, h), interpolation=cv2.INTER_LINEAR) > 0.5
            labels = parts_from_skeleton(person, landmarks)
            persons = [_instance(person, len(CIHP_CLASSES) - 1, "Human", float(prob.max()))]
            keypoints = joints_from_landmarks(landmarks, (h, w))
        timings["parts"] = time.perf_counter() - start - timings["pose"]
        progress(1.0, "done")
        parts = [_instance(labels == c, c, CLASSES[c], 1.0) for c in np.unique(labels) if c]
        return Parsing(labels, CLASSES, [p for p in parts if p], [p for p in persons if p],
                       self.identity, timings, keypoints)


def _instance(mask: np.ndarray, category: int, label: str, score: float) -> Instance | None:
    ys, xs = np.nonzero(mask)
    if ys.size == 0:
        return None
    box = (int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max()))
    return Instance.create(category, label, score, box, mask[box[1]:box[3] + 1, box[0]:box[2] + 1])


def joints_from_landmarks(landmarks: np.ndarray, shape) -> dict[str, tuple[float, float]]:
    """Visible joints inside the photo, by MediaPipe's (the person's) side names."""
    h, w = shape
    joints = {}
    for name, index in LANDMARK.items():
        x, y, vis = landmarks[index]
        if vis >= VISIBLE and -0.02 * w <= x <= 1.02 * w and -0.02 * h <= y <= 1.02 * h:
            joints[name] = (float(x), float(y))
    return {k: v for k, v in joints.items() if k.split("_")[-1] in
            ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")}


def _bones(lm: np.ndarray) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """(class, start, end) for each limb bone whose joints are visible."""
    bones = []
    for side, arm, leg in (("left", 14, 16), ("right", 15, 17)):
        s, e, wr, hp, kn, an = (LANDMARK[f"{side}_{j}"] for j in
                                ("shoulder", "elbow", "wrist", "hip", "knee", "ankle"))
        hand = lm[list(HAND_TIPS[side]), :2].mean(0)
        foot = lm[list(FOOT_TIPS[side]), :2].mean(0)
        for cls, a, b in ((arm, lm[s, :2], lm[e, :2]), (arm, lm[e, :2], lm[wr, :2]),
                          (arm, lm[wr, :2], hand), (leg, lm[hp, :2], lm[kn, :2]),
                          (leg, lm[kn, :2], lm[an, :2]), (leg, lm[an, :2], foot)):
            bones.append((cls, a, b))
    return bones


def parts_from_skeleton(person: np.ndarray, lm: np.ndarray) -> np.ndarray:
    """Each person pixel gets the class of the nearest bone (head, torso or limb segment)."""
    h, w = person.shape
    scale = min(1.0, WORK_SIDE / max(h, w))
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    pts = lm[:, :2] * scale
    distances, classes = [], []
    for cls, shape in _shapes(pts, lm[:, 2]):
        canvas = np.full((size[1], size[0]), 255, np.uint8)
        shape(canvas)
        distances.append(cv2.distanceTransform(canvas, cv2.DIST_L2, 3))
        classes.append(cls)
    nearest = np.asarray(classes, np.uint8)[np.argmin(np.stack(distances), axis=0)]
    labels = cv2.resize(nearest, (w, h), interpolation=cv2.INTER_NEAREST)
    return np.where(person, labels, 0).astype(np.uint8)


def _shapes(pts: np.ndarray, vis: np.ndarray):
    """Drawing functions for the head disc, the torso polygon and each visible limb bone."""
    face = pts[:11]
    centre = face.mean(0)
    shoulders = pts[[11, 12]]
    radius = max(np.linalg.norm(pts[7] - pts[8]) * 0.6,
                 np.linalg.norm(centre - shoulders.mean(0)) * 0.45, 2.0)
    yield FACE, lambda c: cv2.circle(c, _pt(centre), int(radius), 0, -1)
    torso = np.round(pts[[11, 12, 24, 23]]).astype(np.int32)
    chin = centre + (shoulders.mean(0) - centre) / max(np.linalg.norm(shoulders.mean(0) - centre),
                                                      1e-6) * radius
    # The torso polygon starts at the shoulder joints; the neck between chin and shoulders is
    # drawn too, or the head disc would claim it as nearest.
    yield TORSO, lambda c: (cv2.fillPoly(c, [torso], 0),
                            cv2.line(c, _pt(chin), _pt(shoulders.mean(0)), 0, 1))
    for cls, a, b in _bones(pts):
        if min(vis[_nearest_index(pts, a)], vis[_nearest_index(pts, b)]) < VISIBLE:
            continue
        yield cls, (lambda a, b: lambda c: cv2.line(c, _pt(a), _pt(b), 0, 1))(a, b)


def _nearest_index(pts: np.ndarray, p: np.ndarray) -> int:
    return int(np.argmin(np.linalg.norm(pts - p, axis=1)))


def _pt(p) -> tuple[int, int]:
    return int(round(float(p[0]))), int(round(float(p[1])))
