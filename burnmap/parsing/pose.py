"""The built-in default parser: MediaPipe Holistic (pose, face mesh, hands and a person mask), used
when no M2FP model is installed, and the source of joints for splitting limbs when M2FP is used.

MediaPipe 0.10.14's legacy `solutions.holistic` with model_complexity=1 runs offline with the
models inside its wheel (MODEL_FILES). It finds the face and the hands from the pose, so it sees
them even when they are small in a full-body photo, where a face or palm detector run on the whole
photo would not. Parts are derived, not learnt (body_parts.py): it cannot see clothing, so its
results are marked as coming from the default parser wherever they appear.
"""
from __future__ import annotations

import hashlib
import sys
import threading
import time
import weakref
from pathlib import Path

import cv2
import numpy as np

from burnmap.parsing.base import (
    CancelledFn,
    Instance,
    ModelIdentity,
    ParseCancelled,
    Parsing,
    ProgressFn,
    never_cancelled,
    no_progress,
)
from burnmap.parsing.body_parts import CLASSES, parts_from_landmarks
from burnmap.parsing.classes import CIHP_CLASSES
from burnmap.parsing.landmarks import HAND_WRIST, POSE, VISIBLE, BodyLandmarks
from burnmap.photo.bands import bincount

PARSER_NAME = "default parser (MediaPipe Holistic: Pose, Face Mesh, Hands)"
DETECT_SIDE = 1024       # MediaPipe works at 256 px or less; a 12 MP copy would be waste
# Every file the Holistic graph reads (found by tracing it), relative to mediapipe/modules. The
# parser's SHA-256 is that of the concatenated SHA-256 digests of these files, in this order.
MODEL_FILES = ("holistic_landmark/holistic_landmark_cpu.binarypb",
               "pose_detection/pose_detection.tflite",
               "pose_landmark/pose_landmark_full.tflite",
               "face_detection/face_detection_short_range.tflite",
               "face_landmark/face_landmark.tflite",
               "holistic_landmark/hand_recrop.tflite",
               "hand_landmark/hand_landmark_full.tflite",
               "hand_landmark/handedness.txt")
JOINTS = ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")


class PoseUnavailable(RuntimeError):
    """MediaPipe is not installed or failed to start."""


def _holistic_module():
    try:
        import mediapipe.python.solutions.holistic as mp_holistic
    except Exception as exc:
        raise PoseUnavailable(f"the default parser (MediaPipe) cannot start: {exc}") from exc
    _forget_import_errors()
    return mp_holistic


def _forget_import_errors() -> None:
    """Drop the tracebacks of the import errors MediaPipe keeps in module globals.

    mediapipe keeps the error of its optional audio dependency (`sd_error`: no PortAudio) for
    later. Its traceback holds the frame of the import, whose callers' frames hold their locals:
    the first parse's photo, parser and M2FP model, for the life of the process."""
    for name, module in list(sys.modules.items()):
        if name.startswith("mediapipe") and module is not None:
            for value in list(vars(module).values()):
                if isinstance(value, BaseException):
                    value.__traceback__ = None


def _stateless_holistic():
    """MediaPipe Holistic whose face and hand regions come from each photo's own pose.

    Holistic is made for video: when a face or hand region is close to the previous frame's, it
    keeps the previous one, so the same photo would come out a little differently depending on
    the photo parsed before it. A negative translation tolerance in its RoiTrackingCalculators
    (every shift then counts as lost tracking; see mediapipe's roi_tracking_calculator.cc) makes
    each parse depend on its photo alone.
    """
    mp_holistic = _holistic_module()
    from mediapipe.modules.holistic_landmark.calculators import roi_tracking_calculator_pb2 as roi

    class StatelessHolistic(mp_holistic.Holistic):
        def _modify_calculator_options(self, config, calculator_params):
            super()._modify_calculator_options(config, calculator_params)
            tracking = [n for n in config.node if n.calculator == "RoiTrackingCalculator"]
            if len(tracking) != 3:     # face, left hand, right hand; else the graph changed
                raise PoseUnavailable(f"unexpected MediaPipe Holistic graph ({len(tracking)} "
                                      "region trackers)")
            for node in tracking:
                options = node.options.Extensions[roi.RoiTrackingCalculatorOptions.ext]
                options.rect_requirements.translation = -1.0

    return StatelessHolistic


def model_dir() -> Path:
    """mediapipe/modules inside the installed wheel (or the packaged application)."""
    return Path(_holistic_module().__file__).parents[2] / "modules"


def model_digest(folder: Path) -> str:
    """SHA-256 over the SHA-256 digests of MODEL_FILES (so every model file is covered)."""
    digests = b"".join(hashlib.sha256((folder / name).read_bytes()).digest()
                       for name in MODEL_FILES)
    return hashlib.sha256(digests).hexdigest()


class PoseParser:
    """Lazily starts MediaPipe Holistic once; calls into it are serialised (the graph is not
    re-entrant)."""

    def __init__(self):
        self._holistic = None
        self._closer: weakref.finalize | None = None
        self._lock = threading.Lock()
        self._identity: ModelIdentity | None = None

    @property
    def identity(self) -> ModelIdentity:
        if self._identity is None:
            self._identity = ModelIdentity(PARSER_NAME, model_digest(model_dir()),
                                           "mediapipe holistic: " + ", ".join(
                                               Path(f).stem for f in MODEL_FILES[1:-1]))
        return self._identity

    def warm_up(self) -> None:
        """Build the graph now (it holds the GIL for a moment) rather than in the first parse."""
        with self._lock:
            self._graph()

    def close(self) -> None:
        """Free MediaPipe's graph now (about 200 MB); the next parse builds a new one."""
        with self._lock:
            self._holistic = None
            closer, self._closer = self._closer, None
        if closer is not None:
            closer()

    def _graph(self):
        if self._holistic is None:
            # model_complexity=1 is the pose model inside the wheel; 0 and 2 would be downloaded.
            holistic = _stateless_holistic()(
                static_image_mode=True, model_complexity=1, enable_segmentation=True,
                refine_face_landmarks=False)
            # A graph that is not closed is never freed: its output callbacks hold it from
            # inside MediaPipe, out of reach of Python's collector. So it is closed when the
            # parser goes, but not at interpreter exit: closing a graph then waits forever for
            # MediaPipe's threads (weakref.finalize, unlike __del__, runs nothing after atexit).
            self._closer = weakref.finalize(self, holistic.close)
            self._closer.atexit = False
            self._holistic = holistic
        return self._holistic

    def observe(self, photo: np.ndarray) -> BodyLandmarks | None:
        """Pose, face and hand landmarks in photo pixels and the person map; None: nobody."""
        h, w = photo.shape[:2]
        scale = min(1.0, DETECT_SIDE / max(h, w))
        small = photo if scale == 1 else cv2.resize(photo, (round(w * scale), round(h * scale)),
                                                    interpolation=cv2.INTER_AREA)
        with self._lock:
            result = self._graph().process(np.ascontiguousarray(small))
        if result.pose_landmarks is None:
            return None
        pose = np.array([(p.x * w, p.y * h, p.visibility) for p in result.pose_landmarks.landmark])
        hands = {side: _points(found, w, h) for side, found in
                 (("left", result.left_hand_landmarks), ("right", result.right_hand_landmarks))
                 if found is not None}
        face = _points(result.face_landmarks, w, h) if result.face_landmarks else None
        return BodyLandmarks(pose, face, hands, np.array(result.segmentation_mask))

    def parse(self, photo: np.ndarray, progress: ProgressFn = no_progress,
              cancelled: CancelledFn = never_cancelled) -> Parsing:
        """Body parts of the most prominent person, as CIHP classes at the photo's size."""
        start = time.perf_counter()
        progress(0.0, "landmarks")
        body = self.observe(photo)
        timings = {"landmarks": time.perf_counter() - start}
        _check(cancelled, "landmarks")
        h, w = photo.shape[:2]
        if body is None:
            progress(1.0, "done")
            return Parsing(np.zeros((h, w), np.uint8), CLASSES, [], [], self.identity, timings)
        progress(0.5, "parts")
        person = cv2.resize(body.person, (w, h), interpolation=cv2.INTER_LINEAR) > 0.5
        labels = parts_from_landmarks(photo, person, body)
        timings["parts"] = time.perf_counter() - start - timings["landmarks"]
        _check(cancelled, "parts")
        progress(0.9, "instances")
        present = np.flatnonzero(bincount(labels, len(CLASSES)))
        parts = [_instance(labels == c, c, CLASSES[c], 1.0) for c in present if c]
        persons = [_instance(person, len(CIHP_CLASSES) - 1, "Human", float(body.person.max()))]
        progress(1.0, "done")
        return Parsing(labels, CLASSES, [p for p in parts if p], [p for p in persons if p],
                       self.identity, timings, joints_from_body(body, (h, w)))


def _check(cancelled: CancelledFn, stage: str) -> None:
    if cancelled():
        raise ParseCancelled(f"parsing cancelled after {stage}")


def _points(found, w: int, h: int) -> np.ndarray:
    return np.array([(p.x * w, p.y * h) for p in found.landmark])


def _instance(mask: np.ndarray, category: int, label: str, score: float) -> Instance | None:
    rows, cols = np.flatnonzero(mask.any(1)), np.flatnonzero(mask.any(0))
    if rows.size == 0:
        return None
    box = (int(cols[0]), int(rows[0]), int(cols[-1]), int(rows[-1]))
    return Instance.create(category, label, score, box, mask[box[1]:box[3] + 1, box[0]:box[2] + 1])


def joints_from_landmarks(landmarks: np.ndarray, shape) -> dict[str, tuple[float, float]]:
    """Visible joints inside the photo, by MediaPipe's (the person's) side names."""
    h, w = shape
    joints = {}
    for side in ("left", "right"):
        for joint in JOINTS:
            x, y, vis = landmarks[POSE[f"{side}_{joint}"]]
            if vis >= VISIBLE and _inside(x, y, w, h):
                joints[f"{side}_{joint}"] = (float(x), float(y))
    return joints


def joints_from_body(body: BodyLandmarks, shape) -> dict[str, tuple[float, float]]:
    """The pose joints, with each wrist taken from the hand model where it found that hand: it
    marks the wrist crease more closely than the pose model, and limbs are split there."""
    joints = joints_from_landmarks(body.pose, shape)
    h, w = shape
    for side, hand in body.hands.items():
        x, y = hand[HAND_WRIST]
        if _inside(x, y, w, h):
            joints[f"{side}_wrist"] = (float(x), float(y))
    return joints


def _inside(x: float, y: float, w: int, h: int) -> bool:
    return -0.02 * w <= x <= 1.02 * w and -0.02 * h <= y <= 1.02 * h
