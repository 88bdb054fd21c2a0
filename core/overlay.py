"""The part colour table and the colour-coded segmentation drawn over a photo.

Colours are data (resources/part_colours.json). Blending uses integer arithmetic on a per-alpha
lookup so that moving the GUI's alpha slider redraws a 12-megapixel photo quickly.
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from .fileio import atomic_write_bytes
from .paths import resources_dir


@dataclass(frozen=True)
class ColourTable:
    """Class names and their RGB colours; index = class id. Background (0) is never drawn."""
    names: tuple[str, ...]
    rgb: np.ndarray  # (N, 3) uint8, read-only

    def for_classes(self, class_names) -> "ColourTable":
        """The table reordered to match `class_names` (a model's own class order), by name."""
        index = {name: i for i, name in enumerate(self.names)}
        unknown = [n for n in class_names if n not in index]
        if unknown:
            raise ValueError(f"no colour for class(es): {', '.join(unknown)}")
        rgb = self.rgb[[index[n] for n in class_names]]
        rgb.setflags(write=False)
        return ColourTable(tuple(class_names), rgb)


@dataclass(frozen=True)
class LegendEntry:
    class_id: int
    name: str
    rgb: tuple[int, int, int]
    pixel_count: int


def load_colour_table(path: Path | None = None) -> ColourTable:
    path = path or resources_dir() / "part_colours.json"
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        classes = sorted(data["classes"], key=lambda c: c["id"])
        ids = [int(c["id"]) for c in classes]
        names = tuple(str(c["name"]) for c in classes)
        rgb = np.array([c["rgb"] for c in classes], dtype=np.int64)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"colour table {Path(path).name} is unreadable: {exc}") from exc
    if ids != list(range(len(ids))) or rgb.shape != (len(ids), 3):
        raise ValueError(f"colour table {Path(path).name}: ids must run 0..N-1 with one RGB each")
    if rgb.min() < 0 or rgb.max() > 255:
        raise ValueError(f"colour table {Path(path).name}: RGB values must be 0..255")
    table = rgb.astype(np.uint8)
    table.setflags(write=False)
    return ColourTable(names, table)


def _check_labels(labels: np.ndarray, table: ColourTable) -> None:
    if labels.ndim != 2:
        raise ValueError("labels must be a 2-D array of class ids")
    if labels.size and int(labels.max()) >= len(table.names):
        raise ValueError(f"label {int(labels.max())} has no colour (table has "
                         f"{len(table.names)} classes)")


def colourise(labels: np.ndarray, table: ColourTable) -> np.ndarray:
    """H x W x 3 colours of the label map (background gets its table colour)."""
    _check_labels(labels, table)
    return table.rgb[labels]


def blend(photo: np.ndarray, labels: np.ndarray, table: ColourTable, alpha: float,
          out: np.ndarray | None = None) -> np.ndarray:
    """photo*(1-alpha) + colour*alpha on labelled pixels; background keeps the photo exactly.

    One lookup per channel: lut[class, photo value] holds the blended value, rounded to nearest,
    with background rows equal to the identity, so no branch or float temporary is needed.
    """
    if not 0.0 <= alpha <= 1.0:
        raise ValueError("alpha must be between 0 and 1")
    if photo.ndim != 3 or photo.shape[2] != 3 or photo.shape[:2] != labels.shape:
        raise ValueError("photo (H x W x 3) and labels (H x W) sizes differ")
    _check_labels(labels, table)
    if out is None:
        out = np.empty_like(photo)
    values = np.arange(256, dtype=np.float64)
    index = labels.astype(np.intp) << 8
    for ch in range(3):
        lut = np.rint(values[None, :] * (1 - alpha) + table.rgb[:, ch, None] * alpha)
        lut[0] = values  # background is never tinted
        lut = lut.astype(np.uint8).ravel()
        np.take(lut, index + photo[..., ch], out=out[..., ch])
    return out


def legend(labels: np.ndarray, table: ColourTable) -> list[LegendEntry]:
    """The classes present (background excluded), with their colours and pixel counts."""
    _check_labels(labels, table)
    counts = np.bincount(labels.ravel(), minlength=len(table.names))
    return [LegendEntry(i, table.names[i], tuple(int(v) for v in table.rgb[i]), int(counts[i]))
            for i in range(1, len(table.names)) if counts[i]]


def segmentation_rgba(labels: np.ndarray, table: ColourTable) -> np.ndarray:
    """H x W x 4: part colours opaque, background fully transparent."""
    rgba = np.empty(labels.shape + (4,), dtype=np.uint8)
    rgba[..., :3] = colourise(labels, table)
    rgba[..., 3] = np.where(labels != 0, 255, 0)
    return rgba


def _save_png(array: np.ndarray, path) -> None:
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG")
    atomic_write_bytes(path, buffer.getvalue())


def save_segmentation_png(labels: np.ndarray, table: ColourTable, path) -> None:
    _save_png(segmentation_rgba(labels, table), path)


def save_overlay_png(photo: np.ndarray, labels: np.ndarray, table: ColourTable, alpha: float,
                     path) -> None:
    _save_png(blend(photo, labels, table, alpha), path)
