"""Which body parser to use: M2FP when its model is installed, else the built-in default parser.

Parsers are built once and kept; their models load lazily on the first parse, which runs on the
caller's (worker) thread, never the GUI's.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from .base import CancelledFn, ParseCancelled, Parsing, ProgressFn, never_cancelled, no_progress
from .m2fp.checkpoint import locate_model_dir
from .m2fp.parser import M2FPParser
from .pose import PoseParser, PoseUnavailable, joints_from_body


class ParserProvider:
    def __init__(self, model_setting: str | None, app_dir: Path):
        self.model_dir = locate_model_dir(model_setting, app_dir)
        self._m2fp = M2FPParser(self.model_dir) if self.model_dir else None
        self._pose = PoseParser()

    def warm_up(self, progress: ProgressFn = no_progress,
                cancelled: CancelledFn = never_cancelled) -> None:
        """Start MediaPipe's graph now. Building it holds the GIL for ~0.15 s, which would
        otherwise freeze the window in the middle of the first parse."""
        try:
            self._pose.warm_up()
        except PoseUnavailable:
            pass

    @property
    def m2fp_available(self) -> bool:
        return self._m2fp is not None

    def parse(self, pixels: np.ndarray, progress: ProgressFn = no_progress,
              cancelled: CancelledFn = never_cancelled) -> Parsing:
        """Parse with M2FP (plus pose landmarks for the joints) or with the default parser."""
        if self._m2fp is None:
            return self._pose.parse(pixels, progress, cancelled)
        parsing = self._m2fp.parse(pixels, lambda f, m: progress(0.9 * f, m), cancelled)
        if cancelled():
            raise ParseCancelled("parsing cancelled before the joints")
        progress(0.95, "joints")
        try:
            body = self._pose.observe(pixels)
        except PoseUnavailable:
            body = None
        if body is not None:   # wrists from the hand model where it found the hands
            parsing.keypoints = joints_from_body(body, pixels.shape[:2])
        progress(1.0, "done")
        return parsing
