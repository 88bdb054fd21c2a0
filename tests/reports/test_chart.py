"""The report's body chart: it renders to PDF, the same input gives the same bytes, the colour at
each region's anchor on the rendered page is the region's shade, and the words are there in
English and Chinese."""
from __future__ import annotations

import io
import subprocess
from collections import Counter

import numpy as np
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from burnmap.body.burn import DEPTH_RGB, FULL_THICKNESS
from burnmap.chart.body_chart import HATCH_RGB, NOT_ASSESSED, NOT_ASSESSED_RGB, fill_rgb, load_body_chart
from burnmap.reports.chart import chart_drawing, drawing_pdf
from tests.chart_shades import sample_shades

DPI = 60


def _pixels(pdf: bytes, tmp_path) -> np.ndarray:
    path = tmp_path / "chart.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-singlefile", str(path),
                    str(tmp_path / "page")], check=True)
    return np.asarray(Image.open(tmp_path / "page.png").convert("RGB"))


def _mode_colour(pixels, x, y, radius) -> tuple[int, int, int]:
    """The commonest colour in a disc: the fill, not the number's glyphs or the edges."""
    r = max(1, int(radius))
    patch = [tuple(pixels[j, i]) for j in range(int(y) - r, int(y) + r + 1)
             for i in range(int(x) - r, int(x) + r + 1) if (i - x) ** 2 + (j - y) ** 2 <= r * r]
    return Counter(patch).most_common(1)[0][0]


def test_the_same_input_gives_the_same_pdf_bytes():
    for language in ("en", "zh"):
        first = drawing_pdf(chart_drawing(sample_shades(), language, 260, 12.34, 56.78))
        again = drawing_pdf(chart_drawing(sample_shades(), language, 260, 12.34, 56.78))
        assert first.startswith(b"%PDF")
        assert first == again


def test_colour_at_each_regions_anchor_on_the_rendered_page_is_its_shade(tmp_path):
    chart, shades = load_body_chart(), sample_shades()
    drawing = chart_drawing(shades, "en", 420, 12.34, 56.78)
    pixels = _pixels(drawing_pdf(drawing), tmp_path)
    px_per_pt = DPI / 72
    assert abs(pixels.shape[1] - drawing.width * px_per_pt) <= 1
    for shape in chart.shapes:
        x, y = drawing.layout.to_drawing(*shape.anchor)
        colour = _mode_colour(pixels, x * px_per_pt, (drawing.height - y) * px_per_pt,
                              0.6 * shape.pole[2] * drawing.layout.scale * px_per_pt)
        expected = fill_rgb(shades[shape.key])
        if shades[shape.key] == NOT_ASSESSED:    # grey, its hatching blended in at 60 dpi
            assert max(colour) - min(colour) <= 3, (shape.key, colour)
            assert HATCH_RGB[0] <= colour[0] <= NOT_ASSESSED_RGB[0], (shape.key, colour)
        else:
            assert np.abs(np.subtract(colour, expected)).max() <= 3, (shape.key, colour, expected)
    assert fill_rgb(shades[("forearm_left", "anterior")]) == DEPTH_RGB[FULL_THICKNESS]
    assert fill_rgb(shades[("hand_right", "posterior")]) == DEPTH_RGB[FULL_THICKNESS]  # a tie


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "words.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_numbers_and_words_in_english(tmp_path):
    text = _text(drawing_pdf(chart_drawing(sample_shades(), "en", 300, 12.34, 56.78)), tmp_path)
    flat = " ".join(text.split())
    for words in ("Total burn: 12.34 % TBSA", "Assessed: 56.78 % of the body surface",
                  "Anterior", "Posterior", "not assessed: no photo shows it",
                  "superficial (not counted)", "mostly covered by clothing", "(30)", "100",
                  "40"):
        assert words in flat, words


def test_numbers_and_words_in_chinese(tmp_path):
    text = _text(drawing_pdf(chart_drawing(sample_shades(), "zh", 300, 12.34, 56.78)), tmp_path)
    flat = "".join(text.split())
    for words in ("烧伤总面积", "12.34%TBSA", "已评估", "前面", "后面", "未评估", "浅表（不计入）",
                  "大部分被衣物遮盖", "右", "左"):
        assert words in flat, words


def test_the_chart_is_a_flowable_of_the_report():
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, invariant=1)
    doc.build([chart_drawing(sample_shades(), "en", 240, 1.0, 2.0)])
    assert buffer.getvalue().startswith(b"%PDF")


@pytest.mark.parametrize("width", [180, 500])
def test_layout_scales_with_the_width(width):
    drawing = chart_drawing(sample_shades(), "en", width)
    chart = load_body_chart()
    assert drawing.width == width
    assert drawing.layout.scale == pytest.approx(width / chart.size[0])
    assert drawing.height > chart.size[1] * drawing.layout.scale


def test_a_small_burn_is_drawn_in_place_not_as_a_solid_region(tmp_path):
    """Issue 20: a trunk with a few % burned was filled solid; now the burn is drawn where it
    is, at its size (burnmap.chart.burns)."""
    from burnmap.body.regions import Joints, to_clinical_regions
    from burnmap.chart.body_chart import shades_from_assessment
    from burnmap.chart.burns import chart_marks
    from burnmap.clinical.assessment import PhotoCounts, assess
    from tests.helpers import mannequin as mq
    solids = mq.adult()
    photo = mq.render(solids, "anterior", scale=4.0)
    regions = to_clinical_regions(photo.labels, mq.CLASSES, "anterior",
                                  Joints(photo.joints, "pose"))
    burn = mq.burn_mask(photo, solids, [("trunk", 0.3, 0.45, 330, 30)])
    result = assess([PhotoCounts.of(regions, burn, "front.png")], 30)
    shades = shades_from_assessment(result)
    full = np.array(DEPTH_RGB[FULL_THICKNESS])

    def burned_pixels(marks):
        pixels = _pixels(drawing_pdf(chart_drawing(shades, "en", 400, marks=marks)), tmp_path)
        return int((np.abs(pixels.astype(int) - full).sum(axis=2) < 30).sum())
    in_place, solid = burned_pixels(chart_marks(result)), burned_pixels(None)
    assert 0 < in_place < 0.15 * solid
