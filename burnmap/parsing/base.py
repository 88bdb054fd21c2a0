"""The interface every body parser implements, and the `Parsing` it returns.

A parser is a plain object with `parse(photo, progress, cancelled) -> Parsing`. Long work is split into
stages; `progress(fraction, message)` is called between them and `cancelled()` is polled so a GUI
worker can stop a parse early (ARCHITECTURE.md, convention 2).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from burnmap.photo.bands import bincount
from burnmap.text.messages import Message

ProgressFn = Callable[[float, str], None]
CancelledFn = Callable[[], bool]


class ParseCancelled(Exception):
    """Raised by a parser when `cancelled()` returned True between two stages."""


class UnparsablePhoto(ValueError):
    """A photo no body parser can work on (e.g. a strip of pixels); the message says why."""


# A photo narrower than this, or longer than MAX_ASPECT times its width, cannot show a body at a
# size the parsers see (they resize the short side to a few hundred pixels).
MIN_PARSE_SIDE = 32
MAX_ASPECT = 10


def check_parsable(pixels: np.ndarray) -> None:
    """Refuse photos too small or too elongated to parse, before any model sees them."""
    height, width = pixels.shape[:2]
    if min(height, width) < MIN_PARSE_SIDE or max(height, width) > MAX_ASPECT * min(height, width):
        raise UnparsablePhoto(Message(
            "the photo is {0:,} x {1:,} pixels: body parts can only be found on photos at least "
            "{2} pixels a side and at most {3} times longer than wide", width, height,
            MIN_PARSE_SIDE, MAX_ASPECT))


def no_progress(_fraction: float, _message: str) -> None:
    """Default progress callback: report nothing."""


def never_cancelled() -> bool:
    """Default cancellation callback: never cancel."""
    return False


@dataclass(frozen=True)
class Instance:
    """One detected instance: a body part of some person, or a whole person.

    The mask covers only `box` (x0, y0, x1, y1, inclusive pixel coordinates) and is stored as
    bits packed along rows (`np.packbits(mask, axis=1)`), so that a hundred instances of a
    12-megapixel photo stay small. It is None where a parser reports a part's extent but not its
    pixels (M2FP's parts: the label map holds them, and nothing needs them one by one).
    """
    category_id: int
    label: str
    score: float
    area: int
    box: tuple[int, int, int, int]
    packed_mask: np.ndarray | None = field(repr=False)

    @staticmethod
    def create(category_id: int, label: str, score: float, box: tuple[int, int, int, int],
               mask: np.ndarray) -> Instance:
        """An instance from its boolean mask cropped to `box`."""
        x0, y0, x1, y1 = box
        if mask.shape != (y1 - y0 + 1, x1 - x0 + 1):
            raise ValueError("instance mask does not match its box")
        # Plain Python numbers: parsers hand in numpy scalars, which JSON cannot write.
        return Instance(int(category_id), label, float(score), int(mask.sum()),
                        (int(x0), int(y0), int(x1), int(y1)), np.packbits(mask, axis=1))

    @property
    def mask(self) -> np.ndarray:
        """The boolean mask of the box region."""
        if self.packed_mask is None:
            raise ValueError(f"the parser did not keep the pixels of this {self.label} instance")
        x0, _, x1, _ = self.box
        return np.unpackbits(self.packed_mask, axis=1, count=x1 - x0 + 1).view(bool)

    def full_mask(self, height: int, width: int) -> np.ndarray:
        """The instance mask pasted into a full-size boolean image."""
        full = np.zeros((height, width), dtype=bool)
        x0, y0, x1, y1 = self.box
        full[y0:y1 + 1, x0:x1 + 1] = self.mask
        return full


@dataclass(frozen=True)
class ModelIdentity:
    """Which parser produced a result: its name and, for weight files, the SHA-256 of the weights."""
    parser: str
    sha256: str | None = None
    source: str | None = None

    def describe(self, short: bool = False) -> str:
        """The one way a model is named to people: 'name, SHA-256 <digest>' (the report, the
        About box, overlay legends), or with the digest cut to 12 characters (status lines)."""
        if not self.sha256:
            return self.parser
        return f"{self.parser}, SHA-256 {self.sha256[:12] + '…' if short else self.sha256}"

    def as_json(self) -> dict[str, str | None]:
        """The model as JSON outputs record it (parse, assess, batch)."""
        return {"name": self.parser, "sha256": self.sha256}


@dataclass
class Parsing:
    """A parser's result for one photo, at the photo's resolution.

    labels: HxW uint8 part class ids (0 = background) indexing `class_names`.
    parts: part instances; persons: person instances.
    timings: seconds per stage, for the JSON output and benchmarks.
    """
    labels: np.ndarray
    class_names: tuple[str, ...]
    parts: list[Instance]
    persons: list[Instance]
    model: ModelIdentity
    timings: dict[str, float] = field(default_factory=dict)
    keypoints: dict[str, tuple[float, float]] | None = None  # joints found, e.g. "left_elbow"

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) of the photo this parsing belongs to."""
        return int(self.labels.shape[1]), int(self.labels.shape[0])

    def person_mask(self, index: int | None = None) -> np.ndarray | None:
        """The chosen person's pixels (default: the largest person); None if none was found."""
        if not self.persons:
            return None
        chosen = max(self.persons, key=lambda p: p.area) if index is None else self.persons[index]
        return chosen.full_mask(*self.labels.shape)

    def pixel_counts(self) -> dict[str, int]:
        """Pixels per class name, every class listed (zero where absent)."""
        counts = bincount(self.labels, len(self.class_names))
        return {name: int(counts[i]) for i, name in enumerate(self.class_names)}
