"""Maps of small integers read from files: burn masks and part label maps (`assess --burn`,
`--labels`, batch rows). The same guards as photos (burnmap.photo.imaging: regular files only,
allow-listed formats, size checked from the header), then every value checked."""
from __future__ import annotations

import os
from io import BytesIO

import numpy as np
from PIL import Image, UnidentifiedImageError

# The photo reader's guards, shared so that a map is refused exactly as a photo would be.
from burnmap.photo.imaging import (
    _DECODE_ERRORS,
    MAX_PIXELS,
    MAX_SIDE,
    PhotoError,
    _check_file_size,
    _display_name,
    _open_file,
    _pillow_warnings,
    _too_large_reason,
)
from burnmap.text.messages import Message, os_cause

INDEX_FORMATS = ("PNG", "TIFF", "BMP")
# Modes whose pixels are values, not colours. A palette image ("P") is read by its indices, so
# the palette's colours never change what a pixel means.
INDEX_MODES = ("L", "P", "1", "I;16", "I;16L", "I;16B", "I;16N", "I")


class MapError(Exception):
    """A burn mask or label map that cannot be used; the message names it and says why."""

    def __init__(self, what: str, path: str | os.PathLike, reason: str):
        self.what, self.path, self.reason = what, os.fsdecode(path), reason
        super().__init__(what, self.path, reason)

    def __str__(self) -> str:
        return f"Cannot use {self.what} '{_display_name(self.path)}': {self.reason}"


def load_index_map(path: str | os.PathLike, what: str, max_value: int,
                   size: tuple[int, int] | None = None) -> np.ndarray:
    """A single-channel map of values 0..max_value (uint8), e.g. burn depth classes or part ids.

    The same guards as photos (regular files only, allow-listed formats, the size checked from
    the header before decoding); palette images by their indices; 16-bit images by their real
    values. `size` (width, height) is the photo's: another size is refused from the header.
    Values outside 0..max_value are refused, naming the values found.
    """
    try:
        fp = _open_file(path)
    except PhotoError as exc:
        raise MapError(what, path, exc.reason) from None
    with fp, _pillow_warnings(path):
        values = _decode_index_map(fp, path, what, size)
    return _checked_values(values, path, what, max_value)


def read_index_map(path: str | os.PathLike, what: str, max_value: int,
                   size: tuple[int, int] | None = None) -> tuple[np.ndarray, bytes]:
    """`load_index_map`'s values with the file's bytes, from one reading of the file: what the
    values were decoded from is what its SHA-256 will be taken of (a second reading could find
    another file, or a FIFO put in its place, waited on for ever). Photo files' size limit."""
    try:
        with _open_file(path) as fp:
            _check_file_size(fp, path)
            data = fp.read()
    except PhotoError as exc:
        raise MapError(what, path, exc.reason) from None
    except OSError as exc:
        raise MapError(what, path, Message("the file cannot be read ({0}).", os_cause(exc))) \
            from None
    with _pillow_warnings(path):
        values = _decode_index_map(BytesIO(data), path, what, size)
    return _checked_values(values, path, what, max_value), data


def _decode_index_map(fp, path, what: str, size) -> np.ndarray:
    try:
        with Image.open(fp, formats=list(INDEX_FORMATS)) as image:
            _check_map_header(image, path, what, size)
            image.load()
            return np.asarray(image)
    except MapError:
        raise
    except UnidentifiedImageError:
        raise MapError(what, path, "it is not a PNG, TIFF or BMP image.") from None
    except Image.DecompressionBombError:
        raise MapError(what, path, _too_large_reason()) from None
    except MemoryError:
        raise MapError(what, path, "there is not enough memory to open it.") from None
    except _DECODE_ERRORS as exc:
        raise MapError(what, path, f"the file is damaged or incomplete ({exc}).") from None


def _check_map_header(image: Image.Image, path, what: str, size) -> None:
    width, height = image.size
    if width <= 0 or height <= 0:
        raise MapError(what, path, "the image has no pixels.")
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise MapError(what, path, _too_large_reason((width, height)))
    if size is not None and (width, height) != tuple(size):
        raise MapError(what, path, f"it is {width} x {height} pixels, the photo {size[0]} x "
                                   f"{size[1]}.")
    if image.mode not in INDEX_MODES:
        raise MapError(what, path, f"it must be a single-channel image of values (grey, "
                                   f"palette indices or 16-bit), not mode {image.mode}.")


def _checked_values(values: np.ndarray, path, what: str, max_value: int) -> np.ndarray:
    if values.dtype == bool:
        return values.astype(np.uint8)
    if values.dtype == np.uint8 and max_value >= 255:
        return values
    bad = (values > max_value) | (values < 0) if values.dtype.kind == "i" else values > max_value
    if bad.any():
        found = np.unique(values[bad])
        listed = ", ".join(str(int(v)) for v in found[:8]) + (" ..." if found.size > 8 else "")
        raise MapError(what, path, f"it holds values {listed} ({int(bad.sum()):,} pixels); "
                                   f"only 0..{max_value} are allowed.")
    return values.astype(np.uint8)
