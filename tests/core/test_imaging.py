"""Photo loading: formats, orientation, colour modes, metadata, and every kind of bad file."""
from __future__ import annotations

import struct
import time
import zlib

import numpy as np
import pytest
from PIL import Image

from core.imaging import PhotoError, decode_photo, load_photo


def _asymmetric(w=40, h=24) -> np.ndarray:
    """An image whose every flip and rotation is distinguishable."""
    img = np.zeros((h, w, 3), dtype=np.uint8)
    img[:, :, 0] = np.linspace(0, 255, w, dtype=np.uint8)[None, :]
    img[:, :, 1] = np.linspace(0, 255, h, dtype=np.uint8)[:, None]
    img[2:8, 3:12, 2] = 255
    return img


@pytest.mark.parametrize("fmt, suffix, exact", [("PNG", ".png", True), ("TIFF", ".tif", True),
                                                ("BMP", ".bmp", True), ("WEBP", ".webp", False),
                                                ("JPEG", ".jpg", False)])
def test_allowed_formats_round_trip(tmp_path, fmt, suffix, exact):
    src = _asymmetric()
    path = tmp_path / f"p{suffix}"
    Image.fromarray(src).save(path, format=fmt, **({"lossless": True} if fmt == "WEBP" else {}))
    photo = load_photo(path)
    assert photo.pixels.shape == (24, 40, 3) and photo.pixels.dtype == np.uint8
    assert photo.name == path.name and photo.width == 40 and photo.height == 24
    if exact or fmt == "WEBP":
        assert np.array_equal(photo.pixels, src)
    else:
        assert np.abs(photo.pixels.astype(int) - src).mean() < 4
    assert not photo.pixels.flags.writeable


# EXIF orientation tag value -> how the stored pixels relate to the upright image.
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


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_gives_the_upright_image(tmp_path, orientation):
    upright = _asymmetric()
    stored = np.ascontiguousarray(STORED[orientation](upright))
    image = Image.fromarray(stored)
    exif = Image.Exif()
    exif[0x0112] = orientation
    path = tmp_path / "o.png"
    image.save(path, exif=exif)
    photo = load_photo(path)
    assert photo.orientation_applied == orientation
    assert np.array_equal(photo.pixels, upright)


def test_metadata_is_stripped(tmp_path):
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    exif[0x0112] = 1
    path = tmp_path / "m.jpg"
    Image.fromarray(_asymmetric()).save(path, exif=exif)
    photo = load_photo(path)
    assert set(vars(photo)) == {"pixels", "name", "source_format", "original_mode",
                                "orientation_applied"}
    assert b"CameraMaker" not in photo.pixels.tobytes()


def test_colour_modes_convert(tmp_path):
    gray16 = np.array([[0, 257 * 100, 65535]], dtype=np.uint16)
    Image.fromarray(gray16).save(tmp_path / "g16.png")
    assert load_photo(tmp_path / "g16.png").pixels[0, :, 0].tolist() == [0, 100, 255]

    Image.fromarray(np.array([[10, 200]], dtype=np.uint8), mode="L").save(tmp_path / "l.png")
    assert load_photo(tmp_path / "l.png").pixels[0].tolist() == [[10] * 3, [200] * 3]

    rgba = np.array([[[255, 0, 0, 255], [255, 0, 0, 0], [0, 0, 255, 128]]], dtype=np.uint8)
    Image.fromarray(rgba, mode="RGBA").save(tmp_path / "a.png")
    px = load_photo(tmp_path / "a.png").pixels[0]
    assert px[0].tolist() == [255, 0, 0] and px[1].tolist() == [255, 255, 255]
    assert abs(int(px[2, 0]) - 127) <= 1 and px[2, 2] == 255

    la = Image.fromarray(np.array([[[50, 0], [50, 255]]], dtype=np.uint8), mode="LA")
    la.save(tmp_path / "la.png")
    assert load_photo(tmp_path / "la.png").pixels[0].tolist() == [[255] * 3, [50] * 3]

    pal = Image.new("P", (2, 1))
    pal.putpalette([0, 0, 0, 10, 20, 30] + [0] * 762)
    pal.putpixel((1, 0), 1)
    pal.save(tmp_path / "p.png")
    assert load_photo(tmp_path / "p.png").pixels[0, 1].tolist() == [10, 20, 30]
    pal.save(tmp_path / "pt.png", transparency=0)
    assert load_photo(tmp_path / "pt.png").pixels[0, 0].tolist() == [255, 255, 255]

    Image.new("CMYK", (2, 2), (0, 255, 255, 0)).save(tmp_path / "c.jpg")
    c = load_photo(tmp_path / "c.jpg").pixels[0, 0]
    assert c[0] > 200 and c[1] < 60 and c[2] < 60

    Image.new("1", (3, 1), 1).save(tmp_path / "b.png")
    assert load_photo(tmp_path / "b.png").pixels.max() == 255


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG signature and IHDR claiming a size, with a tiny (invalid) data chunk."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0")) \
        + chunk(b"IEND", b"")


@pytest.mark.parametrize("size", [(30000, 100), (11000, 10000)])
def test_oversized_images_are_refused_before_decoding(tmp_path, size):
    path = tmp_path / "huge.png"
    path.write_bytes(_png_header_only(*size))
    start = time.perf_counter()
    with pytest.raises(PhotoError, match="too large") as err:
        load_photo(path)
    assert time.perf_counter() - start < 1.0  # refused from the header, nothing decoded
    assert "huge.png" in str(err.value)


def _bad_files(tmp_path):
    good = tmp_path / "good.jpg"
    Image.fromarray(_asymmetric(200, 150)).save(good)
    png = tmp_path / "good.png"
    Image.fromarray(_asymmetric(200, 150)).save(png)
    files = {
        "empty.jpg": b"",
        "truncated.jpg": good.read_bytes()[: len(good.read_bytes()) // 2],
        "truncated.png": png.read_bytes()[: len(png.read_bytes()) // 2],
        "noise.png": np.random.default_rng(0).bytes(5000),
        "notes.jpg": b"Patient notes, definitely not an image\n" * 10,
    }
    gif = tmp_path / "anim.gif"
    Image.fromarray(_asymmetric()).save(gif)
    out = {}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        out[name] = tmp_path / name
    out["anim.gif"] = gif
    out["missing.jpg"] = tmp_path / "missing.jpg"
    (tmp_path / "folder.jpg").mkdir()
    out["folder.jpg"] = tmp_path / "folder.jpg"
    return out


def test_bad_files_raise_one_typed_error_naming_the_file(tmp_path):
    for name, path in _bad_files(tmp_path).items():
        with pytest.raises(PhotoError) as err:
            load_photo(path)
        assert name in str(err.value), name
        assert err.value.reason


def test_gif_is_not_an_allowed_format(tmp_path):
    path = tmp_path / "x.gif"
    Image.fromarray(_asymmetric()).save(path)
    with pytest.raises(PhotoError, match="supported format"):
        load_photo(path)


def test_content_decides_the_format_not_the_extension(tmp_path):
    path = tmp_path / "really_a_jpeg.png"
    Image.fromarray(_asymmetric()).save(path, format="JPEG")
    assert load_photo(path).source_format == "JPEG"


def test_decode_from_bytes_equals_load(tmp_path):
    path = tmp_path / "x.png"
    Image.fromarray(_asymmetric()).save(path)
    assert np.array_equal(decode_photo(path.read_bytes(), "x.png").pixels, load_photo(path).pixels)
    with pytest.raises(PhotoError, match="'y.png'"):
        decode_photo(b"", "y.png")


def test_first_frame_of_multipage_tiff(tmp_path):
    a, b = _asymmetric(), 255 - _asymmetric()
    path = tmp_path / "pages.tif"
    Image.fromarray(a).save(path, save_all=True, append_images=[Image.fromarray(b)])
    assert np.array_equal(load_photo(path).pixels, a)


def test_real_photographs(photos_dir):
    sizes = {"astronaut.png": (512, 512), "grace_hopper.jpg": (512, 600),
             "two_people.jpg": (1280, 720)}
    for name, (w, h) in sizes.items():
        photo = load_photo(photos_dir / name)
        assert (photo.width, photo.height) == (w, h)
        assert photo.pixels.std() > 10  # a real picture, not a blank
