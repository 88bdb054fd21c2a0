"""Which body parser to use: M2FP when its model is installed, else the built-in default parser
(`choice="auto"`); a caller may insist on one ("m2fp" or "default").

The window, every command and the self-test parse through here, so they all get the same parser
and the same refusals. Parsers are built once and kept; their models load lazily on the first
parse, which runs on the caller's (worker) thread, never the GUI's. torch is imported only then.
"""
from __future__ import annotations

import contextlib
import threading
from pathlib import Path

import numpy as np

from burnmap.parsing.base import (
    CancelledFn,
    ParseCancelled,
    Parsing,
    ProgressFn,
    check_parsable,
    never_cancelled,
    no_progress,
)
from burnmap.parsing.models import PARSER_CHOICES, ModelUnusable, NoModel, locate_model_dir, no_model_message
from burnmap.parsing.pose import PoseParser, PoseUnavailable, joints_from_body
from burnmap.system.settings import load_settings
from burnmap.text.messages import Message


class ParserProvider:
    """`engine`: where M2FP's backbone runs (burnmap.parsing.m2fp.engine.ENGINES); None: the
    user's `m2fp_engine` setting."""

    def __init__(self, model_setting: str | None, app_dir: Path, choice: str = "auto",
                 model_dir: Path | None = None, engine: str | None = None):
        if choice not in PARSER_CHOICES:
            raise ValueError(f"parser must be one of {', '.join(PARSER_CHOICES)}")
        self.model_dir = None if choice == "default" else \
            (model_dir or locate_model_dir(model_setting, app_dir))
        if choice == "m2fp" and self.model_dir is None:
            raise NoModel(no_model_message(app_dir))
        self.engine = load_settings().m2fp_engine if engine is None else engine
        self._m2fp = None
        self._m2fp_lock = threading.Lock()
        self._pose = PoseParser()

    def warm_up(self, progress: ProgressFn = no_progress,
                cancelled: CancelledFn = never_cancelled) -> None:
        """Start MediaPipe's graph and load the M2FP model now. Each holds the GIL for 0.1-0.2 s
        at a time (MediaPipe's graph, torch's initialisation of the network before its weights
        arrive), which would otherwise freeze the window in the middle of the first parse. A
        model that cannot be loaded is reported by the parse that needs it."""
        with contextlib.suppress(PoseUnavailable):
            self._pose.warm_up()
        if self.model_dir is not None:
            from burnmap.parsing.m2fp.checkpoint import ModelLoadError
            with contextlib.suppress(ModelLoadError):
                _ = self._m2fp_parser().model   # loaded now, not at the first parse

    @property
    def m2fp_available(self) -> bool:
        return self.model_dir is not None

    def parse(self, pixels: np.ndarray, progress: ProgressFn = no_progress,
              cancelled: CancelledFn = never_cancelled) -> Parsing:
        """Parse with M2FP (plus pose landmarks for the joints) or with the default parser.
        Raises UnparsablePhoto for photos no parser can use, ModelUnusable for a broken model,
        PoseUnavailable when the default parser cannot start."""
        check_parsable(pixels)
        if self.model_dir is None:
            return self._pose.parse(pixels, progress, cancelled)
        from burnmap.parsing.m2fp.checkpoint import ModelLoadError
        try:
            parsing = self._m2fp_parser().parse(pixels, lambda f, m: progress(0.9 * f, m),
                                                cancelled)
        except ModelLoadError as exc:
            raise ModelUnusable(Message("the M2FP model in {0} cannot be used: {1}",
                                        str(self.model_dir), str(exc))) from None
        if cancelled():
            raise ParseCancelled("parsing cancelled before the joints")
        progress(0.95, "joints")
        parsing.keypoints = self.joints(pixels)
        progress(1.0, "done")
        return parsing

    def joints(self, pixels: np.ndarray) -> dict[str, tuple[float, float]] | None:
        """Joint positions from the pose landmarks, or None when no pose is found; wrists from
        the hand model where it found the hands (it marks the wrist crease more closely)."""
        try:
            body = self._pose.observe(pixels)
        except PoseUnavailable:
            return None
        return None if body is None else joints_from_body(body, pixels.shape[:2])

    def _m2fp_parser(self):
        with self._m2fp_lock:
            if self._m2fp is None:
                from burnmap.parsing.m2fp.parser import M2FPParser
                self._m2fp = M2FPParser(self.model_dir, engine=self.engine)
        return self._m2fp
