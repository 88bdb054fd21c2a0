"""Colour table and overlays: exact pixel values, transparency, legend, bad input."""
from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
from PIL import Image

from core.overlay import (blend, colourise, legend, load_colour_table, save_overlay_png,
                          save_segmentation_png, segmentation_rgba)

CIHP = ("Background", "Hat", "Hair", "Gloves", "Sunglasses", "UpperClothes", "Dress", "Coat",
        "Socks", "Pants", "Torso-skin", "Scarf", "Skirt", "Face", "Left-arm", "Right-arm",
        "Left-leg", "Right-leg", "Left-shoe", "Right-shoe")


def _lab(rgb) -> np.ndarray:
    """CIE L*a*b* (D65) of an sRGB colour."""
    c = np.asarray(rgb, dtype=np.float64) / 255.0
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                  [0.0193, 0.1192, 0.9505]])
    xyz = m @ c / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.fixture(scope="module")
def table():
    return load_colour_table()


def test_table_has_the_cihp_classes(table):
    assert table.names == CIHP
    assert table.rgb.shape == (20, 3) and table.rgb.dtype == np.uint8


def test_colours_are_distinguishable(table):
    labs = {n: _lab(table.rgb[i]) for i, n in enumerate(table.names) if i}
    worst = min(np.linalg.norm(labs[a] - labs[b]) for a, b in itertools.combinations(labs, 2))
    assert worst >= 15
    for side in ("arm", "leg", "shoe"):
        assert np.linalg.norm(labs[f"Left-{side}"] - labs[f"Right-{side}"]) >= 40


def _scene():
    photo = np.full((2, 3, 3), 100, dtype=np.uint8)
    photo[1, 2] = (0, 50, 250)
    labels = np.array([[0, 13, 13], [10, 0, 14]], dtype=np.uint8)
    return photo, labels


def test_colourise_and_blend_values(table):
    photo, labels = _scene()
    assert colourise(labels, table)[0, 1].tolist() == table.rgb[13].tolist()
    assert np.array_equal(blend(photo, labels, table, 0.0), photo)
    full = blend(photo, labels, table, 1.0)
    assert full[0, 1].tolist() == table.rgb[13].tolist()
    assert full[0, 0].tolist() == [100, 100, 100]  # background untouched at any alpha
    half = blend(photo, labels, table, 0.5)
    expected = np.rint((photo[1, 2] * 0.5 + table.rgb[14] * 0.5)).astype(int)
    assert half[1, 2].tolist() == expected.tolist()
    assert half[1, 1].tolist() == photo[1, 1].tolist()


def test_blend_reuses_the_output_buffer(table):
    photo, labels = _scene()
    out = np.zeros_like(photo)
    result = blend(photo, labels, table, 0.25, out=out)
    assert result is out and np.array_equal(out, blend(photo, labels, table, 0.25))


def test_legend_lists_present_parts_with_counts(table):
    _, labels = _scene()
    entries = legend(labels, table)
    assert [(e.class_id, e.name, e.pixel_count) for e in entries] == [
        (10, "Torso-skin", 1), (13, "Face", 2), (14, "Left-arm", 1)]
    assert entries[1].rgb == tuple(int(v) for v in table.rgb[13])


def test_segmentation_png_is_transparent_on_background(tmp_path, table):
    _, labels = _scene()
    rgba = segmentation_rgba(labels, table)
    assert rgba[0, 0, 3] == 0 and rgba[0, 1, 3] == 255
    save_segmentation_png(labels, table, tmp_path / "seg.png")
    back = np.asarray(Image.open(tmp_path / "seg.png"))
    assert back.shape == (2, 3, 4) and np.array_equal(back, rgba)
    photo, _ = _scene()
    save_overlay_png(photo, labels, table, 0.5, tmp_path / "ov.png")
    assert np.array_equal(np.asarray(Image.open(tmp_path / "ov.png")),
                          blend(photo, labels, table, 0.5))


def test_bad_input_is_refused(table):
    photo, labels = _scene()
    with pytest.raises(ValueError):
        blend(photo, labels, table, 1.5)
    with pytest.raises(ValueError):
        blend(photo[:1], labels, table, 0.5)
    with pytest.raises(ValueError, match="no colour"):
        colourise(np.array([[25]], dtype=np.uint8), table)


def test_for_classes_reorders_by_name(table):
    sub = table.for_classes(["Face", "Background"])
    assert sub.names == ("Face", "Background")
    assert sub.rgb[0].tolist() == table.rgb[13].tolist()
    with pytest.raises(ValueError, match="Tail"):
        table.for_classes(["Face", "Tail"])


@pytest.mark.parametrize("content", ["{", '{"classes": [{"id": 1, "name": "x", "rgb": [1,2,3]}]}',
                                     '{"classes": [{"id": 0, "name": "x", "rgb": [1,2,300]}]}'])
def test_broken_colour_table_is_reported(tmp_path, content):
    path = tmp_path / "colours.json"
    path.write_text(content)
    with pytest.raises(ValueError, match="colours.json"):
        load_colour_table(path)


def test_table_file_documents_its_source():
    from core.paths import resources_dir
    data = json.loads((resources_dir() / "part_colours.json").read_text())
    assert "Okabe" in data["source"]
