"""Loading photos: allow-listed formats, a size limit checked before decoding, upright RGB pixels.

Every photo enters BurnMap here, so EXIF orientation is applied once, here, for display, model and
mask alike; the returned `Photo` carries pixels only (no EXIF, GPS or ICC metadata). Any problem
raises one typed error, `PhotoError`, whose message names the file and the reason. No partial image
is ever returned: a truncated file is an error, not a grey-bottomed picture.
"""
from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "TIFF": "TIFF", "BMP": "BMP", "WEBP": "WebP"}
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp")
MAX_PIXELS = 100_000_000
MAX_SIDE = 20_000


class PhotoError(Exception):
    """A photo cannot be used; `reason` says why in words a clinician can act on."""

    def __init__(self, path: str | os.PathLike | None, reason: str):
        self.path = None if path is None else str(path)
        self.reason = reason
        name = Path(self.path).name if self.path else "photo"
        super().__init__(f"Cannot open photo '{name}': {reason}")


@dataclass(frozen=True, eq=False)  # compared by identity: pixel arrays have no boolean ==
class Photo:
    """An upright RGB photo: pixels (H x W x 3 uint8, read-only) and where it came from."""
    pixels: np.ndarray = field(repr=False)
    name: str
    source_format: str
    original_mode: str
    orientation_applied: int = 1

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])

    @property
    def height(self) -> int:
        return int(self.pixels.shape[0])


def load_photo(path: str | os.PathLike) -> Photo:
    """Read and validate a photo file (see the module docstring for the rules)."""
    return read_photo_file(path)[0]


def read_photo_file(path: str | os.PathLike) -> tuple[Photo, bytes]:
    """The photo and the file's original bytes (a case file keeps them, never re-encoded)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PhotoError(path, "the file does not exist.") from None
    except IsADirectoryError:
        raise PhotoError(path, "this is a folder, not a photo file.") from None
    except PermissionError:
        raise PhotoError(path, "permission to read the file was denied.") from None
    except OSError as exc:
        raise PhotoError(path, f"the file cannot be read ({exc.strerror or exc}).") from None
    return decode_photo(data, path), data


def decode_photo(data: bytes, name: str | os.PathLike) -> Photo:
    """The same as `load_photo`, from the file's bytes (a case file keeps the original bytes)."""
    if not data:
        raise PhotoError(name, "the file is empty.")
    with warnings.catch_warnings():
        # Pillow's own decompression-bomb limit is replaced by the explicit checks below.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                _check_header(image, name)
                return _decode(image, name)
        except PhotoError:
            raise
        except UnidentifiedImageError:
            raise PhotoError(name, _unsupported_reason()) from None
        except Image.DecompressionBombError:
            raise PhotoError(name, _too_large_reason()) from None
        except (OSError, ValueError, SyntaxError, EOFError, MemoryError) as exc:
            raise PhotoError(name, f"the file is damaged or incomplete ({exc}).") from None


def _unsupported_reason() -> str:
    return ("it is not an image in a supported format ("
            + ", ".join(ALLOWED_FORMATS.values()) + ").")


def _too_large_reason() -> str:
    return (f"the image is too large (more than {MAX_PIXELS // 1_000_000} megapixels or a side "
            f"over {MAX_SIDE:,} pixels).")


def _check_header(image: Image.Image, name) -> None:
    """Format and size from the header alone, before any pixel is decoded."""
    if image.format not in ALLOWED_FORMATS:
        raise PhotoError(name, _unsupported_reason())
    width, height = image.size
    if width <= 0 or height <= 0:
        raise PhotoError(name, "the image has no pixels.")
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise PhotoError(name, _too_large_reason())


def _decode(image: Image.Image, name) -> Photo:
    image.seek(0)  # multi-frame files (TIFF pages, animated WebP): the first frame
    image.load()   # full decode inside the caller's try: truncation raises here
    orientation = int(image.getexif().get(0x0112, 1) or 1)
    source_format, mode = image.format, image.mode
    upright = ImageOps.exif_transpose(image) if orientation != 1 else image
    pixels = to_rgb8(upright)
    pixels.setflags(write=False)
    return Photo(pixels, Path(str(name)).name, ALLOWED_FORMATS[source_format], mode,
                 orientation if 1 <= orientation <= 8 else 1)


def to_rgb8(image: Image.Image) -> np.ndarray:
    """Any Pillow mode as H x W x 3 uint8. Transparent areas become white: they are not skin, and
    white keeps them visibly empty on screen and in print."""
    mode = image.mode
    if mode in ("I;16", "I;16B", "I;16L", "I"):
        values = np.asarray(image, dtype=np.float64)
        # 16-bit data spans 0..65535: scale to 8 bits (dividing by 257 maps 65535 to 255 exactly).
        scale = 257.0 if values.max(initial=0) > 255 or mode.startswith("I;16") else 1.0
        gray = np.clip(np.rint(values / scale), 0, 255).astype(np.uint8)
        return np.ascontiguousarray(np.repeat(gray[:, :, None], 3, axis=2))
    if mode == "F":
        gray = np.clip(np.rint(np.asarray(image, dtype=np.float64)), 0, 255).astype(np.uint8)
        return np.ascontiguousarray(np.repeat(gray[:, :, None], 3, axis=2))
    if mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    if mode in ("RGBA", "LA", "PA", "RGBa", "La") or image.mode == "RGBA":
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    return np.ascontiguousarray(np.asarray(image.convert("RGB"), dtype=np.uint8))
