"""Photo loading: formats, orientation, colour modes, metadata, size limits and every kind of bad
file. Real files built with Pillow in tmp_path; no mocks, no Qt."""
from __future__ import annotations

import io
import os
import pickle
import struct
import sys
import threading
import time
import warnings
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageFile, ImageOps

from burnmap.photo.imaging import (
    MAX_FILE_BYTES,
    PHOTO_SUFFIXES,
    Photo,
    PhotoError,
    decode_photo,
    load_photo,
    read_photo_file,
)

REPO_ROOT = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    """The shared data folder: $BURNMAP_SHARED, else <repo root>/../shared."""
    return Path(os.environ.get("BURNMAP_SHARED", REPO_ROOT.parent / "shared"))


def _asymmetric(w: int = 40, h: int = 24) -> np.ndarray:
    """Smooth ramps plus a blue block near one corner: every flip and rotation differs."""
    img = np.zeros((h, w, 3), dtype=np.uint8)
    img[:, :, 0] = np.linspace(0, 255, w, dtype=np.uint8)[None, :]
    img[:, :, 1] = np.linspace(0, 255, h, dtype=np.uint8)[:, None]
    img[2:8, 3:12, 2] = 255
    return img


def _save(path: Path, array_or_image, fmt: str | None = None, **options) -> Path:
    image = (array_or_image if isinstance(array_or_image, Image.Image)
             else Image.fromarray(np.ascontiguousarray(array_or_image)))
    image.save(path, format=fmt, **options)
    return path


def _assert_close_to(pixels: np.ndarray, expected: np.ndarray, exact: bool) -> None:
    assert pixels.shape == expected.shape
    if exact:
        assert np.array_equal(pixels, expected)
    else:  # JPEG at quality 95, no chroma subsampling
        diff = np.abs(pixels.astype(int) - expected.astype(int))
        assert diff.mean() < 2, (diff.mean(), diff.max())
        assert diff.max() <= 16, (diff.mean(), diff.max())


def _chunk(kind: bytes, body: bytes) -> bytes:
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))


def _png(width: int, height: int, depth: int = 8, colour: int = 2, rows: bytes = b"\0",
         extra: bytes = b"") -> bytes:
    """A PNG built by hand: IHDR with any size, optional chunks, `rows` as the image data.

    With the default one-byte data, a huge declared size costs nothing to write or to refuse."""
    ihdr = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + extra
            + _chunk(b"IDAT", zlib.compress(rows)) + _chunk(b"IEND", b""))


def _no_pillow_object_reachable(array: np.ndarray) -> bool:
    """The array's memory chain holds only numpy arrays and bytes, nothing from Pillow."""
    base = array
    while base is not None:
        if type(base).__module__.startswith("PIL"):
            return False
        base = getattr(base, "base", None)
    return True


# ---------------------------------------------------------------- formats

@pytest.mark.parametrize(("fmt", "suffix", "options", "exact"), [
    ("PNG", ".png", {}, True),
    ("TIFF", ".tif", {}, True),
    ("TIFF", ".tiff", {"compression": "tiff_lzw"}, True),
    ("BMP", ".bmp", {}, True),
    ("WEBP", ".webp", {"lossless": True}, True),
    ("JPEG", ".jpg", {"quality": 95, "subsampling": 0}, False),
], ids=["png", "tiff", "tiff-lzw", "bmp", "webp-lossless", "jpeg"])
def test_allowed_formats_round_trip(tmp_path, fmt, suffix, options, exact):
    src = _asymmetric()
    path = _save(tmp_path / f"p{suffix}", src, fmt, **options)
    photo = load_photo(path)
    assert (photo.width, photo.height) == (40, 24)
    assert photo.pixels.dtype == np.uint8
    assert photo.pixels.flags.c_contiguous
    assert not photo.pixels.flags.writeable
    assert photo.name == path.name
    assert photo.source_format == fmt
    assert photo.original_mode == "RGB"
    assert photo.orientation_applied == 1
    _assert_close_to(photo.pixels, src, exact)


def test_lossy_webp_round_trips_approximately(tmp_path):
    src = _asymmetric()
    photo = load_photo(_save(tmp_path / "lossy.webp", src, "WEBP", quality=95))
    assert photo.source_format == "WEBP"
    assert np.abs(photo.pixels.astype(int) - src).mean() < 6


def test_photo_suffixes_are_the_allowed_formats():
    assert PHOTO_SUFFIXES == (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp")


def test_content_decides_the_format_not_the_extension(tmp_path):
    src = _asymmetric()
    jpeg = _save(tmp_path / "really_a_jpeg.png", src, "JPEG", quality=95, subsampling=0)
    assert load_photo(jpeg).source_format == "JPEG"
    png = _save(tmp_path / "really_a_png.jpg", src, "PNG")
    assert np.array_equal(load_photo(png).pixels, src)


# ---------------------------------------------------------------- EXIF orientation

# EXIF orientation value -> how the stored pixels relate to the upright image (the inverse of what
# a viewer does to display them).
STORED = {
    1: lambda a: a,
    2: lambda a: a[:, ::-1],
    3: lambda a: a[::-1, ::-1],
    4: lambda a: a[::-1],
    5: lambda a: a.transpose(1, 0, 2),
    6: lambda a: np.rot90(a, 1),
    7: lambda a: a.transpose(1, 0, 2)[::-1, ::-1],
    8: lambda a: np.rot90(a, -1),
}
ORIENTED_FORMATS = {"PNG": {}, "TIFF": {}, "WEBP": {"lossless": True},
                    "JPEG": {"quality": 95, "subsampling": 0}}


@pytest.mark.parametrize("fmt", list(ORIENTED_FORMATS))
@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_gives_the_upright_image(tmp_path, fmt, orientation):
    upright = _asymmetric()
    exif = Image.Exif()
    exif[0x0112] = orientation
    path = _save(tmp_path / f"o{orientation}.{fmt.lower()}", STORED[orientation](upright), fmt,
                 exif=exif, **ORIENTED_FORMATS[fmt])
    photo = load_photo(path)
    assert photo.orientation_applied == orientation
    _assert_close_to(photo.pixels, upright, exact=fmt != "JPEG")
    # The same result as Pillow's reference, PIL.ImageOps.exif_transpose.
    with Image.open(path) as image:
        reference = np.asarray(ImageOps.exif_transpose(image).convert("RGB"))
    assert np.array_equal(photo.pixels, reference)


@pytest.mark.parametrize("value", [0, 9, 1000])
def test_an_invalid_orientation_value_leaves_the_pixels_as_stored(tmp_path, value):
    exif = Image.Exif()
    exif[0x0112] = value
    path = _save(tmp_path / "odd.png", _asymmetric(), exif=exif)
    photo = load_photo(path)
    assert photo.orientation_applied == 1
    assert np.array_equal(photo.pixels, _asymmetric())


def test_a_malformed_exif_block_is_ignored_like_viewers_do(tmp_path):
    path = _save(tmp_path / "bad_exif.jpg", _asymmetric(), "JPEG", quality=95, subsampling=0,
                 exif=b"Exif\x00\x00" + b"not a TIFF structure at all" * 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no Pillow warning may escape either
        photo = load_photo(path)
    assert photo.orientation_applied == 1
    _assert_close_to(photo.pixels, _asymmetric(), exact=False)


# ---------------------------------------------------------------- colour modes

def test_16_bit_grey_png_is_scaled_not_clipped(tmp_path):
    values = np.array([[0, 128, 129, 257 * 100, 32896, 65535]], dtype=np.uint16)
    photo = load_photo(_save(tmp_path / "g16.png", values))
    assert photo.original_mode == "I;16"
    assert photo.pixels[0, :, 0].tolist() == [0, 0, 1, 100, 128, 255]
    assert np.array_equal(photo.pixels[..., 0], photo.pixels[..., 2])  # grey stays grey


def test_16_bit_big_endian_tiff(tmp_path):
    values = np.array([[0, 257 * 100, 65535]], dtype=">u2")
    photo = load_photo(_save(tmp_path / "g16b.tif", values, "TIFF"))
    assert photo.original_mode == "I;16B"
    assert photo.pixels[0, :, 1].tolist() == [0, 100, 255]


def test_32_bit_integer_grey_is_read_as_16_bit_range(tmp_path):
    values = np.array([[0, 257 * 100, 65535, -5, 70000]], dtype=np.int32)
    photo = load_photo(_save(tmp_path / "i32.tif", values, "TIFF"))
    assert photo.original_mode == "I"
    assert photo.pixels[0, :, 0].tolist() == [0, 100, 255, 0, 255]


def test_float_grey(tmp_path):
    values = np.array([[0.0, 100.4, 300.0, -5.0]], dtype=np.float32)
    photo = load_photo(_save(tmp_path / "f.tif", values, "TIFF"))
    assert photo.original_mode == "F"
    assert photo.pixels[0, :, 0].tolist() == [0, 100, 255, 0]


def test_16_bit_rgb_png(tmp_path):
    samples = [65535, 0, 32896, 257 * 10, 257 * 20, 257 * 30]
    path = tmp_path / "rgb16.png"
    path.write_bytes(_png(2, 1, depth=16, colour=2, rows=b"\0" + struct.pack(">6H", *samples)))
    photo = load_photo(path)
    expected = np.rint(np.array(samples) / 257).reshape(1, 2, 3)
    assert np.abs(photo.pixels.astype(int) - expected).max() <= 1


def test_grey_l(tmp_path):
    photo = load_photo(_save(tmp_path / "l.png", np.array([[10, 200]], dtype=np.uint8)))
    assert photo.original_mode == "L"
    assert photo.pixels[0].tolist() == [[10] * 3, [200] * 3]


def test_grey_with_alpha_la_goes_over_white(tmp_path):
    la = Image.fromarray(np.array([[[50, 0], [50, 255], [0, 128]]], dtype=np.uint8), mode="LA")
    photo = load_photo(_save(tmp_path / "la.png", la))
    assert photo.original_mode == "LA"
    px = photo.pixels[0, :, 0].tolist()
    assert px[0] == 255
    assert px[1] == 50
    assert abs(px[2] - 127) <= 1


def test_grey_colour_key_transparency_goes_white(tmp_path):
    path = tmp_path / "lkey.png"
    path.write_bytes(_png(2, 1, depth=8, colour=0, rows=bytes([0, 10, 200]),
                          extra=_chunk(b"tRNS", struct.pack(">H", 10))))
    assert load_photo(path).pixels[0].tolist() == [[255] * 3, [200] * 3]


def test_palette_without_and_with_transparency(tmp_path):
    pal = Image.new("P", (2, 1))
    pal.putpalette([0, 0, 0, 10, 20, 30] + [0] * 762)
    pal.putpixel((1, 0), 1)
    plain = load_photo(_save(tmp_path / "p.png", pal))
    assert plain.original_mode == "P"
    assert plain.pixels[0].tolist() == [[0, 0, 0], [10, 20, 30]]
    clear = load_photo(_save(tmp_path / "pt.png", pal, transparency=0))
    assert clear.pixels[0].tolist() == [[255, 255, 255], [10, 20, 30]]


def test_rgba_is_composited_over_white(tmp_path):
    rgba = np.array([[[255, 0, 0, 255], [255, 0, 0, 0], [0, 0, 255, 128]]], dtype=np.uint8)
    photo = load_photo(_save(tmp_path / "a.png", Image.fromarray(rgba, mode="RGBA")))
    assert photo.original_mode == "RGBA"
    px = photo.pixels[0]
    assert px[0].tolist() == [255, 0, 0]
    assert px[1].tolist() == [255, 255, 255]
    assert abs(int(px[2, 0]) - 127) <= 1
    assert abs(int(px[2, 1]) - 127) <= 1
    assert px[2, 2] == 255


def test_rgba_webp_is_composited_over_white(tmp_path):
    rgba = np.zeros((4, 4, 4), dtype=np.uint8)
    rgba[:2] = (0, 200, 0, 255)
    photo = load_photo(_save(tmp_path / "a.webp", Image.fromarray(rgba, mode="RGBA"), "WEBP",
                             lossless=True))
    assert photo.pixels[0, 0].tolist() == [0, 200, 0]
    assert photo.pixels[3, 3].tolist() == [255, 255, 255]


def test_cmyk_tiff_and_jpeg(tmp_path):
    cmyk = Image.new("CMYK", (2, 2), (0, 255, 255, 0))  # pure red ink
    tiff = load_photo(_save(tmp_path / "c.tif", cmyk, "TIFF"))
    assert tiff.original_mode == "CMYK"
    assert tiff.pixels[0, 0].tolist() == [255, 0, 0]
    jpeg = load_photo(_save(tmp_path / "c.jpg", cmyk, "JPEG", quality=95))
    assert jpeg.original_mode == "CMYK"
    r, g, b = jpeg.pixels[0, 0].tolist()
    assert r > 240
    assert g < 15
    assert b < 15


def test_bilevel(tmp_path):
    bilevel = Image.new("1", (3, 1), 0)
    bilevel.putpixel((1, 0), 1)
    photo = load_photo(_save(tmp_path / "b.png", bilevel))
    assert photo.original_mode == "1"
    assert photo.pixels[0, :, 0].tolist() == [0, 255, 0]


# ---------------------------------------------------------------- metadata

def test_metadata_is_stripped(tmp_path):
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    exif[0x0112] = 1
    exif.get_ifd(0x8825)[2] = (51.0, 30.0, 0.0)  # GPS latitude
    with Image.open(shared_dir() / "data" / "photos" / "astronaut.png") as with_profile:
        icc = with_profile.info["icc_profile"]
    path = _save(tmp_path / "m.jpg", _asymmetric(), "JPEG", exif=exif, icc_profile=icc,
                 comment=b"patient 1234")
    with Image.open(path) as original:  # the file really carries it all
        assert {"exif", "icc_profile", "comment"} <= set(original.info)
    photo = load_photo(path)
    assert set(vars(photo)) == {"pixels", "name", "source_format", "original_mode",
                                "orientation_applied"}
    assert _no_pillow_object_reachable(photo.pixels)
    assert b"CameraMaker" not in pickle.dumps(photo)
    assert b"patient 1234" not in pickle.dumps(photo)


# ---------------------------------------------------------------- multi-frame files

def test_first_page_of_a_multipage_tiff(tmp_path):
    a, b = _asymmetric(), 255 - _asymmetric()
    path = _save(tmp_path / "pages.tif", a, "TIFF", save_all=True,
                 append_images=[Image.fromarray(b)])
    assert np.array_equal(load_photo(path).pixels, a)


def test_first_frame_of_an_animated_webp(tmp_path):
    frames = [Image.new("RGB", (10, 8), colour) for colour in ("red", "blue", "green")]
    path = _save(tmp_path / "anim.webp", frames[0], "WEBP", save_all=True,
                 append_images=frames[1:], lossless=True)
    photo = load_photo(path)
    assert photo.source_format == "WEBP"
    assert (photo.pixels == [255, 0, 0]).all()


def test_multi_picture_jpeg_is_a_jpeg_and_gives_its_first_picture(tmp_path):
    # Pillow calls JPEGs with a multi-picture extension (many cameras and phones) "MPO".
    first, second = Image.new("RGB", (16, 8), (250, 0, 0)), Image.new("RGB", (16, 8), "blue")
    path = _save(tmp_path / "camera.jpg", first, "MPO", save_all=True, append_images=[second])
    photo = load_photo(path)
    assert photo.source_format == "JPEG"
    assert np.abs(photo.pixels.astype(int) - [250, 0, 0]).max() <= 8


# ---------------------------------------------------------------- size limits

@pytest.mark.parametrize("size", [(30000, 100), (100, 30000), (20001, 1), (11000, 10000),
                                  (10001, 10000), (20000, 20000), (65535, 65535)])
def test_oversized_images_are_refused_from_the_header(tmp_path, size):
    path = tmp_path / "huge.png"
    path.write_bytes(_png(*size))
    start = time.perf_counter()
    with pytest.raises(PhotoError, match="too large") as err:
        load_photo(path)
    assert time.perf_counter() - start < 1.0  # refused from the header, nothing decoded
    assert "huge.png" in str(err.value)


def test_a_side_of_exactly_the_limit_is_accepted(tmp_path):
    path = tmp_path / "wide.png"
    path.write_bytes(_png(20000, 1, depth=8, colour=0, rows=b"\0" + bytes(20000)))
    photo = load_photo(path)
    assert (photo.width, photo.height) == (20000, 1)


def test_pillow_decompression_bomb_warning_never_escapes(tmp_path):
    # 9,500 x 9,500 is over Pillow's own warning threshold (~89.5 MP), under our 100 MP limit; the
    # declared image data is missing, so it fails as damaged, after Pillow warned on opening it.
    path = tmp_path / "big_but_allowed.png"
    path.write_bytes(_png(9500, 9500, depth=1, colour=0))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an escaping warning would raise here instead
        with pytest.raises(PhotoError, match="damaged or incomplete"):
            load_photo(path)


def test_global_pillow_and_warning_state_is_left_alone(tmp_path):
    path = _save(tmp_path / "x.png", _asymmetric())
    max_pixels, filters = Image.MAX_IMAGE_PIXELS, list(warnings.filters)
    load_photo(path)
    with pytest.raises(PhotoError):
        decode_photo(_png(30000, 100), "huge.png")
    assert max_pixels == Image.MAX_IMAGE_PIXELS
    assert warnings.filters == filters
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_refuses_to_run_if_truncated_loading_was_switched_on(tmp_path, monkeypatch):
    path = _save(tmp_path / "x.png", _asymmetric())
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # as careless code might
    with pytest.raises(RuntimeError, match="LOAD_TRUNCATED_IMAGES"):
        load_photo(path)


# ---------------------------------------------------------------- bad files

def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """name -> (path, a phrase its reason must contain)."""
    jpeg = _save(tmp_path / "source.jpg", _asymmetric(200, 150), "JPEG").read_bytes()
    png = _save(tmp_path / "source.png", _asymmetric(200, 150)).read_bytes()
    corrupt = bytearray(png)
    start = corrupt.index(b"IDAT") + 10
    corrupt[start:start + 20] = bytes(b ^ 0x5A for b in corrupt[start:start + 20])
    contents = {
        "empty.jpg": (b"", "empty"),
        "truncated.jpg": (jpeg[: len(jpeg) // 2], "damaged or incomplete"),
        "truncated.png": (png[: len(png) // 2], "damaged or incomplete"),
        "corrupt.png": (bytes(corrupt), "damaged or incomplete"),
        "noise.png": (np.random.default_rng(0).bytes(5000), "supported format"),
        "notes.jpg": (b"Patient notes, definitely not an image\n" * 10, "supported format"),
        "header_only.jpg": (jpeg[:2], "supported format"),
    }
    files = {}
    for name, (data, reason) in contents.items():
        (tmp_path / name).write_bytes(data)
        files[name] = (tmp_path / name, reason)
    files["anim.gif"] = (_save(tmp_path / "anim.gif", _asymmetric()), "supported format")
    files["photo.pdf"] = (_save(tmp_path / "photo.pdf", _asymmetric(), "PDF"), "supported format")
    files["missing.jpg"] = (tmp_path / "missing.jpg", "does not exist")
    (tmp_path / "folder.jpg").mkdir()
    files["folder.jpg"] = (tmp_path / "folder.jpg", "folder")
    return files


BAD_NAMES = ["empty.jpg", "truncated.jpg", "truncated.png", "corrupt.png", "noise.png",
             "notes.jpg", "header_only.jpg", "anim.gif", "photo.pdf", "missing.jpg", "folder.jpg"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_bad_files_raise_one_typed_error_naming_the_file(tmp_path, name):
    path, phrase = _bad_files(tmp_path)[name]
    with pytest.raises(PhotoError) as err:
        load_photo(path)
    assert str(err.value).startswith(f"Cannot open photo '{name}': ")
    assert phrase in err.value.reason
    assert err.value.path == str(path)


@pytest.mark.parametrize("name", [n for n in BAD_NAMES if n not in ("missing.jpg", "folder.jpg")])
def test_bad_bytes_fail_the_same_way_from_memory(tmp_path, name):
    path, phrase = _bad_files(tmp_path)[name]
    with pytest.raises(PhotoError) as err:
        decode_photo(path.read_bytes(), name)
    assert f"'{name}'" in str(err.value)
    assert phrase in err.value.reason


def test_gif_reason_lists_the_supported_formats(tmp_path):
    with pytest.raises(PhotoError) as err:
        load_photo(_save(tmp_path / "x.gif", _asymmetric()))
    assert "not an image in a supported format (JPEG, PNG, TIFF, BMP, WebP)" in err.value.reason


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="needs POSIX permissions and a non-root user")
def test_unreadable_file(tmp_path):
    path = _save(tmp_path / "locked.png", _asymmetric())
    path.chmod(0)
    try:
        with pytest.raises(PhotoError, match="permission") as err:
            load_photo(path)
        assert "locked.png" in str(err.value)
    finally:
        path.chmod(0o600)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.jpg"
    os.mkfifo(fifo)
    with pytest.raises(PhotoError, match="not a regular file"):
        load_photo(fifo)


TRUNCATABLE = {
    "png": ("PNG", {}),
    "png-uncompressed": ("PNG", {"compress_level": 0}),
    "jpeg": ("JPEG", {"quality": 90}),
    "jpeg-progressive": ("JPEG", {"progressive": True}),
    "tiff": ("TIFF", {}),
    "tiff-lzw": ("TIFF", {"compression": "tiff_lzw"}),
    "tiff-deflate": ("TIFF", {"compression": "tiff_adobe_deflate"}),
    "bmp": ("BMP", {}),
    "webp": ("WEBP", {"quality": 90}),
    "webp-lossless": ("WEBP", {"lossless": True}),
}


@pytest.mark.parametrize("kind", list(TRUNCATABLE))
def test_a_cut_file_is_never_returned_as_a_partial_image(kind):
    fmt, options = TRUNCATABLE[kind]
    src = np.random.default_rng(1).integers(0, 256, (37, 53, 3), dtype=np.uint8)
    src[:18] = 200  # a flat top half: a decoder could "succeed" on it alone
    buffer = io.BytesIO()
    Image.fromarray(src).save(buffer, format=fmt, **options)
    data = buffer.getvalue()
    whole = decode_photo(data, "whole").pixels
    cuts = sorted(set(range(1, len(data), 7)) | set(range(max(1, len(data) - 40), len(data))))
    for cut in cuts:
        try:
            photo = decode_photo(data[:cut], f"cut{cut}")
        except PhotoError:
            continue
        # Accepted only when nothing that matters was cut (e.g. a trailing end marker).
        assert np.array_equal(photo.pixels, whole), f"partial image accepted at byte {cut}"


# ---------------------------------------------------------------- decode_photo, read_photo_file

def test_decode_from_bytes_equals_load(tmp_path):
    path = _save(tmp_path / "x.png", _asymmetric())
    from_bytes = decode_photo(path.read_bytes(), "x.png")
    from_file = load_photo(path)
    assert np.array_equal(from_bytes.pixels, from_file.pixels)
    assert (from_bytes.name, from_bytes.source_format, from_bytes.original_mode) == \
        (from_file.name, from_file.source_format, from_file.original_mode)
    with pytest.raises(PhotoError, match=r"'y\.png'"):
        decode_photo(b"", "y.png")


@pytest.mark.parametrize("given", ["/cases/2024/arm.png", "C:\\cases\\arm.png", "arm.png"])
def test_photo_name_is_the_file_name_only(tmp_path, given):
    data = _save(tmp_path / "arm.png", _asymmetric()).read_bytes()
    assert decode_photo(data, given).name == "arm.png"
    with pytest.raises(PhotoError) as err:
        decode_photo(b"junk", given)
    assert str(err.value).startswith("Cannot open photo 'arm.png': ")


def test_read_photo_file_returns_the_original_bytes(tmp_path):
    path = _save(tmp_path / "x.jpg", _asymmetric(), "JPEG")
    photo, data = read_photo_file(path)
    assert data == path.read_bytes()
    assert np.array_equal(photo.pixels, load_photo(path).pixels)
    with pytest.raises(PhotoError, match="does not exist"):
        read_photo_file(tmp_path / "gone.jpg")


# ---------------------------------------------------------------- PhotoError and Photo

def test_photo_error_message_attributes_and_pickling():
    err = PhotoError("/some/folder/name.jpg", "the file is empty.")
    assert str(err) == "Cannot open photo 'name.jpg': the file is empty."
    assert err.path == "/some/folder/name.jpg"
    assert err.reason == "the file is empty."
    again = pickle.loads(pickle.dumps(err))
    assert (str(again), again.path, again.reason) == (str(err), err.path, err.reason)
    anonymous = PhotoError(None, "it is not an image.")
    assert anonymous.path is None
    assert str(anonymous) == "Cannot open the photo: it is not an image."
    assert PhotoError(Path("a/b.png"), "x").path == str(Path("a/b.png"))


def test_photo_pixels_are_read_only_and_checked():
    array = np.zeros((2, 3, 3), dtype=np.uint8)
    photo = Photo(array, "made.png", "PNG", "RGB")
    assert (photo.width, photo.height, photo.orientation_applied) == (3, 2, 1)
    with pytest.raises(ValueError, match="read-only"):
        photo.pixels[0, 0, 0] = 1
    assert array.flags.writeable  # the caller's own array is not changed
    assert photo != Photo(array, "made.png", "PNG", "RGB")  # photos compare by identity
    with pytest.raises(ValueError, match="must be H x W x 3 uint8"):
        Photo(np.zeros((2, 3), dtype=np.uint8), "grey.png", "PNG", "L")
    with pytest.raises(ValueError, match="must be H x W x 3 uint8"):
        Photo(np.zeros((2, 3, 3), dtype=np.float32), "float.png", "PNG", "RGB")


def test_loads_from_several_threads_at_once(tmp_path):
    paths = [_save(tmp_path / f"t{i}.png", np.roll(_asymmetric(), i, axis=1)) for i in range(8)]
    filters = list(warnings.filters)
    barrier = threading.Barrier(8)

    def load(path):
        barrier.wait()
        return load_photo(path).pixels

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(load, paths))
    for i, pixels in enumerate(results):
        assert np.array_equal(pixels, np.roll(_asymmetric(), i, axis=1))
    assert warnings.filters == filters


# ---------------------------------------------------------------- real photographs

REAL = {"astronaut.png": (512, 512, "PNG"), "grace_hopper.jpg": (512, 600, "JPEG"),
        "two_people.jpg": (1280, 720, "JPEG")}


@pytest.mark.parametrize("name", list(REAL))
def test_real_photographs(name):
    path = shared_dir() / "data" / "photos" / name
    if not path.is_file():
        pytest.fail(f"{path} is missing; set BURNMAP_SHARED to the shared folder")
    width, height, fmt = REAL[name]
    photo = load_photo(path)
    assert (photo.width, photo.height, photo.source_format) == (width, height, fmt)
    assert photo.name == name
    assert photo.pixels.std() > 10
    with Image.open(path) as image:  # the same pixels Pillow itself decodes
        assert np.array_equal(photo.pixels, np.asarray(image.convert("RGB")))
    assert np.array_equal(decode_photo(path.read_bytes(), name).pixels, photo.pixels)


@pytest.mark.parametrize("read", [load_photo, read_photo_file], ids=["load", "read"])
def test_every_way_of_reading_a_photo_refuses_the_same_file_size(tmp_path, read):
    """A sparse file just over the limit (no disk used): refused before anything is decoded,
    whichever function the command uses."""
    big = tmp_path / "huge.png"
    _save(big, np.zeros((8, 8, 3), np.uint8))
    with open(big, "r+b") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(PhotoError, match="larger than 1 GB"):
        read(big)
