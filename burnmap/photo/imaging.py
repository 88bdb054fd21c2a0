"""Loading photos: allow-listed formats, a size limit checked before decoding, upright RGB pixels.

Every photo enters BurnMap here, so EXIF orientation is applied once, here, for display, model
and mask alike; the returned `Photo` carries pixels only (no EXIF, GPS or ICC metadata). Any
problem with the file raises one typed error, `PhotoError`, whose message names the file and the
reason. No partial image is ever returned: a truncated file is an error, not a grey-bottomed
picture that would be measured as if it were skin.
"""
from __future__ import annotations

import logging
import os
import re
import struct
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import BytesIO
from typing import IO

import numpy as np
from PIL import Image, ImageFile, UnidentifiedImageError

from burnmap.system.fileio import FileMissing, FileRefused, NotRegularFile, open_regular
from burnmap.text.messages import Listing, Message, os_cause

log = logging.getLogger(__name__)

# Pillow's format name -> the name shown to people. The format is the one Pillow detects from the
# content; the file name's extension is never trusted.
ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "TIFF": "TIFF", "BMP": "BMP", "WEBP": "WebP"}
# Many camera and phone JPEGs carry a multi-picture extension (a depth map, a second view);
# Pillow reports those as "MPO". They are JPEG files: accepted as JPEG, frame 0 is the photo.
_FORMAT_ALIASES = {"MPO": "JPEG"}
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp")

MAX_PIXELS = 100_000_000
MAX_SIDE = 20_000
# Only for read_photo_file, which must hold the whole file in memory: far above any photo within
# MAX_PIXELS (100 MP of 16-bit RGBA is 800 MB), so it only stops a huge non-photo being read.
MAX_FILE_BYTES = 1 << 30

_ORIENTATION_TAG = 0x0112
# The same table as PIL.ImageOps.exif_transpose: stored pixels -> upright pixels.
_TRANSPOSES = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_ALPHA_MODES = ("RGBA", "RGBa", "LA", "La", "PA")
_SIXTEEN_BIT_GRAY = ("I;16", "I;16L", "I;16B", "I;16N", "I")
_WHITE = (255, 255, 255, 255)
# 16-bit value -> nearest 8-bit value: round(v / 257) maps 0..65535 onto 0..255 exactly.
_LUT_16_TO_8 = ((np.arange(65536, dtype=np.uint32) + 128) // 257).astype(np.uint8)

# Errors Pillow's decoders raise on malformed data. IndexError and struct.error are listed because
# Pillow itself treats them as "bad data" when identifying a file; a bad photo must not crash us.
_DECODE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, IndexError, struct.error)

# warnings.catch_warnings swaps the process-wide filter list (not thread-safe before Python 3.14):
# two loads interleaving could restore each other's filters and leave them changed for good. The
# lock serialises our own use; other threads' warnings meanwhile are recorded, then re-issued.
_WARNINGS_LOCK = threading.Lock()
_PILLOW_DIR = os.path.dirname(Image.__file__) + os.sep


class _UnsupportedMode(ValueError):
    """to_rgb8's error for a colour mode Pillow cannot convert to RGB (e.g. from an odd TIFF)."""

    def __init__(self, mode: str):
        super().__init__(Message("its colour mode {0!r} is not supported.", mode))


class PhotoError(Exception):
    """A photo cannot be used; `reason` says why in words a clinician can act on.

    `path` is the file's path (or the name given to `decode_photo`), None if unknown.
    """

    def __init__(self, path: str | os.PathLike | None, reason: str):
        self.path = None if path is None else os.fsdecode(path)
        self.reason = reason
        # (path, reason) as args so the error survives pickling (e.g. from a worker process).
        super().__init__(self.path, reason)

    def __str__(self) -> str:
        return str(self.said())

    def said(self) -> Message:
        """The message, sayable in the UI's language (burnmap.text.messages.reason)."""
        name = _display_name(self.path) if self.path else ""
        if name:
            return Message("Cannot open photo '{0}': {1}", name, self.reason)
        return Message("Cannot open the photo: {0}", self.reason)


@dataclass(frozen=True, eq=False)  # compared by identity: pixel arrays have no boolean ==
class Photo:
    """An upright RGB photo: pixels (H x W x 3 uint8, C-contiguous, read-only) and its origin.

    Nothing else from the file is kept: no EXIF, GPS, ICC profile or comments.
    """
    pixels: np.ndarray = field(repr=False)
    name: str                     # the file name only, for display and logs
    source_format: str            # Pillow's format name: "JPEG", "PNG", "TIFF", "BMP", "WEBP"
    original_mode: str            # Pillow's mode before conversion, e.g. "I;16", "CMYK", "P"
    orientation_applied: int = 1  # the EXIF orientation (1-8) that was undone; 1 if none

    def __post_init__(self):
        pixels = self.pixels
        if not (isinstance(pixels, np.ndarray) and pixels.ndim == 3 and pixels.shape[2] == 3
                and pixels.dtype == np.uint8):
            raise ValueError(f"Photo pixels must be H x W x 3 uint8, not "
                             f"{getattr(pixels, 'shape', '?')} {getattr(pixels, 'dtype', '?')}")
        # A read-only view: the caller's array keeps its own flags, nobody can edit the photo.
        view = np.ascontiguousarray(pixels).view()
        view.setflags(write=False)
        object.__setattr__(self, "pixels", view)

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])

    @property
    def height(self) -> int:
        return int(self.pixels.shape[0])


def load_photo(path: str | os.PathLike) -> Photo:
    """Read, validate and decode a photo file.

    Accepts JPEG, PNG, TIFF, BMP and WebP (detected from the content) up to MAX_PIXELS and
    MAX_SIDE; returns upright RGB pixels (EXIF orientation applied, alpha over white, metadata
    dropped, first frame of multi-frame files). Raises PhotoError for anything else.
    """
    with _open_file(path) as fp:
        _check_file_size(fp, path)
        # Decoding from the open file, not from its bytes: a huge non-photo is refused from its
        # first bytes instead of being read into memory.
        return _decode(fp, path)


def read_photo_file(path: str | os.PathLike) -> tuple[Photo, bytes]:
    """The photo and the file's original bytes (a case file keeps them, never re-encoded)."""
    with _open_file(path) as fp:
        _check_file_size(fp, path)
        try:
            data = fp.read()
        except OSError as exc:
            raise PhotoError(path, Message("the file cannot be read ({0}).",
                                           os_cause(exc))) from None
    return decode_photo(data, path), data


def _check_file_size(fp: IO[bytes], path: str | os.PathLike) -> None:
    """Every way a photo file is read refuses the same sizes (load_photo streams it,
    read_photo_file keeps its bytes)."""
    if os.fstat(fp.fileno()).st_size > MAX_FILE_BYTES:
        raise PhotoError(path, Message("the file is larger than {0} GB.", MAX_FILE_BYTES >> 30))


def decode_photo(data: bytes, name: str | os.PathLike) -> Photo:
    """The same as `load_photo`, from a file's bytes; `name` is used for Photo.name and errors."""
    if not data:
        raise PhotoError(name, Message("the file is empty."))
    return _decode(BytesIO(data), name)


def _open_file(path: str | os.PathLike) -> IO[bytes]:
    """The file opened for reading, or a PhotoError saying why it cannot be (a folder, a device
    or a FIFO is refused before it is opened, and a FIFO is never waited on)."""
    try:
        fp = open_regular(path)
    except FileRefused as exc:
        raise PhotoError(path, _refusal_reason(path, exc)) from None
    if os.fstat(fp.fileno()).st_size == 0:
        fp.close()
        raise PhotoError(path, Message("the file is empty."))
    return fp


def _refusal_reason(path: str | os.PathLike, exc: FileRefused) -> Message:
    """A refused photo file in the photo's own (translated) words."""
    if isinstance(exc, FileMissing):
        return Message("the file does not exist.")
    if isinstance(exc, NotRegularFile):
        if os.path.isdir(path):
            return Message("it is a folder, not a photo file.")
        return Message("it is not a regular file.")
    if isinstance(exc.cause, PermissionError):
        return Message("permission to read the file was denied.")
    if isinstance(exc.cause, ValueError):   # e.g. a NUL character in the path
        return Message("the file name is not valid.")
    return Message("the file cannot be read ({0}).",
                   os_cause(exc.cause) if isinstance(exc.cause, OSError) else exc.problem)


def _decode(fp: IO[bytes], name: str | os.PathLike) -> Photo:
    """Identify, check and fully decode frame 0 of an image; every failure becomes PhotoError."""
    _refuse_truncated_loading()
    with _pillow_warnings(name):
        try:
            # formats=: only the allowed plugins ever parse the file (no EPS, PSD, ...).
            with Image.open(fp, formats=list(ALLOWED_FORMATS)) as image:
                source_format = _check_header(image, name)
                original_mode = image.mode
                # Pillow's TIFF loader applies the orientation itself during load() and drops the
                # tag, so for TIFF it is read beforehand (from the header; this decodes nothing).
                stored = _orientation(image, name) if image.format == "TIFF" else 1
                image.load()  # the full decode; a truncated or corrupt file raises here
                orientation, upright = _upright(image, stored, name)
                pixels = to_rgb8(upright)
        except UnidentifiedImageError:
            raise PhotoError(name, _unsupported_reason()) from None
        except Image.DecompressionBombError:
            raise PhotoError(name, _too_large_reason()) from None
        except _UnsupportedMode as exc:
            raise PhotoError(name, exc.args[0]) from None
        except MemoryError:
            raise PhotoError(name, Message("there is not enough memory to open it.")) from None
        except _DECODE_ERRORS as exc:
            raise PhotoError(name, Message("the file is damaged or incomplete ({0}).",
                                           str(exc))) from None
    return Photo(pixels, _display_name(name), source_format, original_mode, orientation)


@contextmanager
def _pillow_warnings(name):
    """Keep Pillow's warnings about this file out of the warnings machinery; log them instead.

    Pillow warns above ~89 MP (its default MAX_IMAGE_PIXELS; it raises above twice that) and about
    corrupt EXIF or short reads. Our own limit (_check_header) is the one that applies, and a bad
    file is reported by PhotoError, so none of them may escape: under `-W error` one would
    otherwise surface as a non-PhotoError exception. Image.MAX_IMAGE_PIXELS is left alone because
    it is global to all code. Warnings recorded here from other code (another thread, during this
    window) are re-issued afterwards.
    """
    others = []
    try:
        with _WARNINGS_LOCK, warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                yield
            finally:
                for item in caught:
                    if not item.filename.startswith(_PILLOW_DIR):
                        others.append(item)
                    elif not issubclass(item.category, Image.DecompressionBombWarning):
                        log.info("photo %s: %s", _display_name(name), item.message)
    finally:
        for item in others:
            warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)


def _refuse_truncated_loading() -> None:
    """Pillow's LOAD_TRUNCATED_IMAGES (global, False by default) would turn a truncated file into
    a silently grey-filled image. BurnMap never sets it; if other code did, refuse to load rather
    than measure burns on missing pixels."""
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        raise RuntimeError("PIL.ImageFile.LOAD_TRUNCATED_IMAGES is True; BurnMap refuses to load "
                           "photos that way because a truncated file would give a partial image")


def _display_name(path: str | os.PathLike) -> str:
    """The file name without folders, whichever separator the path was written with."""
    return re.split(r"[\\/]", os.fsdecode(path).rstrip("\\/"))[-1]


def _unsupported_reason() -> Message:
    return Message("it is not an image in a supported format ({0}).",
                   Listing(ALLOWED_FORMATS.values()))


def _too_large_reason(size: tuple[int, int] | None = None) -> Message:
    if size:
        return Message("the image is too large ({0:,} x {1:,} pixels); the limit is {2} "
                       "megapixels and {3:,} pixels a side.", size[0], size[1],
                       MAX_PIXELS // 1_000_000, MAX_SIDE)
    return Message("the image is too large; the limit is {0} megapixels and {1:,} pixels a "
                   "side.", MAX_PIXELS // 1_000_000, MAX_SIDE)



def _check_header(image: Image.Image, name) -> str:
    """The allowed format name, judged from the header alone, before any pixel is decoded."""
    source_format = _FORMAT_ALIASES.get(image.format, image.format)
    if source_format not in ALLOWED_FORMATS:
        raise PhotoError(name, _unsupported_reason())
    width, height = image.size
    if width <= 0 or height <= 0:
        raise PhotoError(name, Message("the image has no pixels."))
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise PhotoError(name, _too_large_reason((width, height)))
    return source_format


def _orientation(image: Image.Image, name) -> int:
    """The EXIF orientation (2-8) the pixels need undoing, or 1: absent, 1, or not a valid value.

    A malformed EXIF block counts as no orientation, as in photo viewers (logged).
    """
    try:
        # getexif() also finds an orientation given only in XMP, as exif_transpose does.
        value = image.getexif().get(_ORIENTATION_TAG, 1)
        return int(value) if _TRANSPOSES.get(value) is not None else 1
    except (*_DECODE_ERRORS, TypeError, KeyError, ZeroDivisionError) as exc:
        log.warning("photo %s: unreadable EXIF ignored (%s)", _display_name(name), exc)
        return 1


def _upright(image: Image.Image, stored: int, name) -> tuple[int, Image.Image]:
    """(orientation applied, upright image), with PIL.ImageOps.exif_transpose's table.

    Not exif_transpose itself: it also rewrites metadata we drop anyway and raises on a malformed
    EXIF block. `stored` is the orientation read before load(), for loaders that apply it there.
    """
    orientation = _orientation(image, name)
    if orientation != 1:
        return orientation, image.transpose(_TRANSPOSES[orientation])
    # The tag was there before load() but is gone after: the loader (TIFF) already turned the
    # pixels upright.
    return stored, image


def to_rgb8(image: Image.Image) -> np.ndarray:
    """Any Pillow mode as H x W x 3 uint8, C-contiguous (ValueError if Pillow cannot convert it).

    16-bit grey is scaled (value / 257), not clipped. Transparent areas become white: they are not
    skin, and white keeps them visibly empty on screen and in print (black would look like eschar).
    """
    mode = image.mode
    if mode in _SIXTEEN_BIT_GRAY:
        return _gray_to_rgb(_sixteen_bit_gray(image))
    if mode == "F":
        # Float images have no fixed range; Pillow's own F -> L conversion treats them as 0..255.
        values = np.nan_to_num(np.asarray(image, dtype=np.float32), nan=0.0)
        return _gray_to_rgb(np.rint(np.clip(values, 0, 255)).astype(np.uint8))
    try:
        if mode in _ALPHA_MODES or "transparency" in image.info:
            # convert("RGBA") also turns a palette's or colour key's transparency into alpha.
            rgba = image.convert("RGBA")
            image = Image.alpha_composite(Image.new("RGBA", rgba.size, _WHITE), rgba)
        # convert() copies even when the mode is already RGB: skip it (a 100 MP photo is 300 MB).
        rgb = image if image.mode == "RGB" else image.convert("RGB")
    except ValueError:  # a mode Pillow cannot convert to RGB: say so, not "damaged"
        raise _UnsupportedMode(mode) from None
    return np.ascontiguousarray(np.asarray(rgb, dtype=np.uint8))


def _sixteen_bit_gray(image: Image.Image) -> np.ndarray:
    """16-bit grey ("I;16*", or "I" holding 16-bit data) as 8-bit grey, rounded."""
    values = np.asarray(image)
    if values.dtype != np.uint16:
        # Mode "I" is 32-bit signed; its 16-bit photos stay within 0..65535.
        values = np.clip(values, 0, 65535).astype(np.uint16)
    gray = _LUT_16_TO_8[values]  # a table lookup: no float copy of a large image
    key = image.info.get("transparency")
    if isinstance(key, int):  # a PNG colour key on 16-bit grey: that value is transparent
        gray[values == key] = 255
    return gray


def _gray_to_rgb(gray: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(np.repeat(gray[:, :, None], 3, axis=2))
