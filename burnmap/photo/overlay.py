"""The part colour table and the colour-coded segmentation drawn over a photo.

Colours are data (burnmap/resources/part_colours.json, chosen as described there). Label 0 is background:
it is never tinted and is transparent in the RGBA segmentation. Blending goes through a small
per-alpha lookup table, one strip of rows at a time, so that moving the GUI's opacity slider
redraws a 12-megapixel photo in a few hundredths of a second without full-size temporaries.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from burnmap.photo import bands
from burnmap.system.paths import resources_dir

TABLE_FILE = "part_colours.json"
_STRIP_PIXELS = 1 << 18  # pixels blended per step: index temporaries stay small and in cache


@dataclass(frozen=True, eq=False)  # eq=False: an ndarray field makes generated ==/hash unusable
class ColourTable:
    """Class names and their RGB colours; index = class id. Class 0 is background, never drawn."""
    names: tuple[str, ...]
    rgb: np.ndarray  # (N, 3) uint8, read-only

    def __post_init__(self) -> None:
        names = tuple(str(n) for n in self.names)
        rgb = np.asarray(self.rgb)
        if rgb.shape != (len(names), 3) or not np.issubdtype(rgb.dtype, np.integer):
            raise ValueError(f"colour table needs one integer RGB triple per class "
                             f"({len(names)} names, rgb of shape {rgb.shape})")
        if rgb.size and (rgb.min() < 0 or rgb.max() > 255):
            raise ValueError("colour table RGB values must be 0..255")
        rgb = rgb.astype(np.uint8)  # always a private copy, so read-only really means constant
        rgb.setflags(write=False)
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "rgb", rgb)

    def for_classes(self, class_names: Iterable[str]) -> ColourTable:
        """The table reordered to match `class_names` (a model's own class order), by name."""
        wanted = tuple(class_names)
        index = {name: i for i, name in enumerate(self.names)}
        unknown = [name for name in wanted if name not in index]
        if unknown:
            raise ValueError(f"no colour for class(es): {', '.join(map(str, unknown))}")
        return ColourTable(wanted, self.rgb[[index[name] for name in wanted]])


@dataclass(frozen=True)
class LegendEntry:
    """One class present in a label map, with its colour and how many pixels it covers."""
    class_id: int
    name: str
    rgb: tuple[int, int, int]
    pixel_count: int


# --- loading ----------------------------------------------------------------------------------
def load_colour_table(path: str | os.PathLike | None = None) -> ColourTable:
    """Read a colour table (default: the bundled burnmap/resources/part_colours.json).

    Raises ValueError naming the file if it is missing, not JSON, or not a table whose ids run
    0..N-1 with unique names and RGB values in 0..255.
    """
    path = Path(path) if path is not None else resources_dir() / TABLE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"colour table {path} is unreadable: {exc}") from exc
    try:
        return _table_from_json(data)
    except ValueError as exc:
        raise ValueError(f"colour table {path}: {exc}") from exc


def _table_from_json(data) -> ColourTable:
    classes = data.get("classes") if isinstance(data, dict) else None
    if not isinstance(classes, list) or not classes:
        raise ValueError('expected an object with a non-empty "classes" list')
    entries = sorted((_class_entry(c) for c in classes), key=lambda e: e[0])
    ids = [e[0] for e in entries]
    if ids != list(range(len(ids))):
        raise ValueError(f"class ids must run 0..{len(ids) - 1} without gaps or repeats, got {ids}")
    names = tuple(e[1] for e in entries)
    if len(set(names)) != len(names):
        raise ValueError("class names must be unique")
    return ColourTable(names, np.array([e[2] for e in entries], dtype=np.int64))


def _class_entry(entry) -> tuple[int, str, list[int]]:
    """(id, name, rgb) of one "classes" item, checked field by field."""
    if not isinstance(entry, dict):
        raise ValueError(f"class entry {entry!r} is not an object")
    cid, name, rgb = entry.get("id"), entry.get("name"), entry.get("rgb")
    if not _is_int(cid):
        raise ValueError(f"class entry {entry!r}: id must be an integer")
    if not isinstance(name, str) or not name:
        raise ValueError(f"class {cid}: name must be a non-empty string")
    if not (isinstance(rgb, list) and len(rgb) == 3 and all(_is_int(v) and 0 <= v <= 255
                                                            for v in rgb)):
        raise ValueError(f"class {cid} ({name}): rgb must be three integers 0..255, got {rgb!r}")
    return cid, name, rgb


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# --- checks shared by the drawing functions ---------------------------------------------------
def _check_labels(labels: np.ndarray, table: ColourTable) -> None:
    if not isinstance(labels, np.ndarray) or labels.ndim != 2:
        raise ValueError("labels must be a 2-D array of class ids")
    if not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be integers, not {labels.dtype}")
    if not labels.size:
        return
    n = len(table.names)
    high = int(labels.max())
    low = int(labels.min()) if np.issubdtype(labels.dtype, np.signedinteger) else 0
    if low < 0 or high >= n:
        bad = low if low < 0 else high
        raise ValueError(f"label {bad} has no colour (table has {n} classes, 0..{n - 1})")


def _check_photo(photo_rgb: np.ndarray, labels: np.ndarray) -> None:
    if not isinstance(photo_rgb, np.ndarray) or photo_rgb.ndim != 3 or photo_rgb.shape[2] != 3:
        raise ValueError("photo must be an H x W x 3 array")
    if photo_rgb.dtype != np.uint8:
        raise ValueError(f"photo must be uint8, not {photo_rgb.dtype}")
    if photo_rgb.shape[:2] != labels.shape:
        raise ValueError(f"photo ({photo_rgb.shape[1]} x {photo_rgb.shape[0]}) and labels "
                         f"({labels.shape[1]} x {labels.shape[0]}) sizes differ")


def _check_alpha(alpha: float) -> float:
    alpha = float(alpha)
    if not 0.0 <= alpha <= 1.0:  # also refuses NaN
        raise ValueError(f"alpha must be between 0 and 1, got {alpha}")
    return alpha


# --- drawing ----------------------------------------------------------------------------------
def _blend_luts(rgb: np.ndarray, alpha: float) -> np.ndarray:
    """(3, N * 256) uint8: lut[ch, cls * 256 + v] = round(v * (1 - alpha) + rgb[cls, ch] * alpha).

    Rounds half up. Row 0 (background) is the identity, so background pixels keep the photo.
    """
    values = np.arange(256, dtype=np.float64)
    lut = np.floor(values * (1.0 - alpha) + rgb.T[:, :, None] * alpha + 0.5)
    lut[:, 0] = values
    return lut.astype(np.uint8).reshape(3, -1)


def blend(photo_rgb: np.ndarray, labels: np.ndarray, table: ColourTable, alpha: float,
          out: np.ndarray | None = None) -> np.ndarray:
    """photo * (1 - alpha) + colour * alpha on labelled pixels; background keeps the photo exactly.

    Returns H x W x 3 uint8 (`out` if given; it may be `photo_rgb` itself to blend in place).
    alpha = 0 gives the photo, alpha = 1 pure part colours; results are rounded to nearest.
    """
    alpha = _check_alpha(alpha)
    _check_labels(labels, table)
    _check_photo(photo_rgb, labels)
    if out is None:
        out = np.empty_like(photo_rgb)
    elif not isinstance(out, np.ndarray) or out.shape != photo_rgb.shape or out.dtype != np.uint8:
        raise ValueError("out must be a uint8 array of the photo's shape")
    luts = _blend_luts(table.rgb, alpha)
    height, width = labels.shape
    rows = max(1, _STRIP_PIXELS // max(width, 1))
    for top in range(0, height, rows):
        strip = slice(top, top + rows)
        base = labels[strip].astype(np.intp) << 8
        index = np.empty_like(base)
        for ch in range(3):
            np.add(base, photo_rgb[strip, :, ch], out=index)
            # labels were range-checked above, so "clip" only skips numpy's own bounds check
            out[strip, :, ch] = np.take(luts[ch], index, mode="clip")
    return out


def legend(labels: np.ndarray, table: ColourTable) -> list[LegendEntry]:
    """The classes present (background excluded), by class id, with colours and pixel counts."""
    _check_labels(labels, table)
    counts = bands.bincount(labels, len(table.names))
    return [LegendEntry(i, table.names[i], tuple(int(v) for v in table.rgb[i]), int(counts[i]))
            for i in range(1, len(table.names)) if counts[i]]


@dataclass(frozen=True)
class PartsLayer:
    """What the window shows of a parsing: the patient's parts as RGBA (valid premultiplied:
    parts opaque, the rest all zero) and the legend of the parts shown."""
    rgba: np.ndarray
    entries: list[LegendEntry]


def parts_layer(labels: np.ndarray, patient: np.ndarray | None, table: ColourTable
                ) -> PartsLayer:
    """The parts of the patient (every labelled pixel when `patient` is None). Plain numpy,
    so that a worker thread makes it for a large photo while the window goes on."""
    if patient is not None:
        labels = np.where(patient, labels, 0).astype(np.uint8)
    return PartsLayer(segmentation_rgba(labels, table), legend(labels, table))


def segmentation_rgba(labels: np.ndarray, table: ColourTable) -> np.ndarray:
    """H x W x 4 uint8: part colours opaque, background (0, 0, 0, 0), i.e. fully transparent.

    Transparent pixels are all zero, so the result is also valid premultiplied RGBA.
    """
    _check_labels(labels, table)
    rgba = np.zeros((len(table.names), 4), dtype=np.uint8)
    rgba[:, :3] = table.rgb
    rgba[:, 3] = 255
    rgba[0] = 0
    # one 32-bit lookup per pixel instead of four byte lookups
    packed = np.take(rgba.view(np.uint32).ravel(), labels)
    return packed.view(np.uint8).reshape((*labels.shape, 4))


def tint(photo_rgb: np.ndarray, values: np.ndarray, colours: dict[int, tuple[int, int, int]],
         alpha: float) -> np.ndarray:
    """The photo with the pixels of each value tinted in its colour (e.g. burn depths in
    burnmap.body.burn.DEPTH_RGB); the caller gives the colours, so overlays know nothing of burns."""
    out = photo_rgb.copy()
    for value, rgb in colours.items():
        where = values == value
        out[where] = ((1 - alpha) * photo_rgb[where] + alpha * np.array(rgb)).astype(np.uint8)
    return out


def legend_strip(width: int, title: str, entries: list[LegendEntry]) -> np.ndarray:
    """An RGB strip (width x a few text lines) to put under an overlay: which parser made it,
    then a swatch and the name of each part shown, so an exported picture explains itself."""
    from PIL import ImageDraw, ImageFont
    size = max(12, min(40, width // 60))
    font = ImageFont.truetype(str(resources_dir() / "fonts" / "DejaVuSans.ttf"), size)
    lines = _legend_lines(width, size, font, entries)
    image = Image.new("RGB", (width, (len(lines) + 1) * int(size * 1.6) + size // 2), "white")
    draw = ImageDraw.Draw(image)
    draw.text((size // 2, size // 4), title, fill=(0, 0, 0), font=font)
    for row, line in enumerate(lines, start=1):
        y = size // 4 + row * int(size * 1.6)
        for x, entry in line:
            draw.rectangle((x, y + 2, x + size, y + size), fill=entry.rgb, outline=(0, 0, 0))
            draw.text((x + int(size * 1.4), y), entry.name, fill=(0, 0, 0), font=font)
    return np.asarray(image)


def _legend_lines(width, size, font, entries) -> list[list[tuple[int, LegendEntry]]]:
    """Legend entries laid out left to right, wrapping at the strip's width."""
    lines, line, x = [], [], size // 2
    for entry in entries:
        step = int(size * 2.4 + font.getlength(entry.name))
        if line and x + step > width:
            lines.append(line)
            line, x = [], size // 2
        line.append((x, entry))
        x += step
    return lines + ([line] if line else [])
