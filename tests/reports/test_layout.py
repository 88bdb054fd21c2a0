"""How the report's text is laid out: Chinese lines break by the Chinese rules (no line starts
with closing punctuation or ends with opening punctuation, Latin words stay whole), and no
heading is left alone at the foot of a page."""
from __future__ import annotations

import random
import subprocess
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from burnmap.reports.build import export, report_input
from burnmap.reports.fonts import CJK, LATIN, literal, register_fonts
from burnmap.reports.i18n import translator
from burnmap.reports.linebreak import CANNOT_END, CANNOT_START, Para, line_ranges, wrap_text
from burnmap.reports.pdf import build_pdf
from tests.helpers.sample_case import make_workspace

WHEN = datetime(2026, 11, 23, 10, 30, tzinfo=timezone(timedelta(hours=1)))
SAMPLES = [
    "浅二度（浅部分厚度）（占区域 %）",
    "数字：该区域烧伤面积百分比（部分厚度 + 全层）；(n)：仅浅表烧伤，不计入。",
    "九分法：8.9 % TBSA，Lund-Browder 为 7.7 % TBSA（仅供参考：以 Lund-Browder 为准）",
    "左足（前面）、左足（后面）、右足（前面）、右足（后面）",
    "Parkland 公式：4 mL × 72.5 kg × 7.7 % TBSA = 伤后 24 小时 2,236 mL；一半（1,118 mL）",
    "“anterior.jpg”（前面视图）：442 个烧伤像素位于患者身体区域之外（背景或他人）：不计入",
]


def _width(char: str) -> float:
    register_fonts()
    return stringWidth(char, CJK if ord(char) > 0x2E7F else LATIN, 8)


def _check_lines(lines: list[str], text: str, width: float) -> None:
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")   # nothing lost
    for line in lines:
        assert line, lines
        assert line[0] not in CANNOT_START, lines
        assert line[-1] not in CANNOT_END, lines
    joined = "\n".join(lines)
    for word in ("Lund-", "Browder", "“anterior.jpg”", "2,236", "72.5", "TBSA"):
        # a Latin word, a file name or a number is cut only when it is wider than the line
        if word in text and sum(map(_width, word)) + 16 <= width:
            assert word in joined, lines


@pytest.mark.parametrize("text", SAMPLES)
def test_lines_break_by_the_chinese_rules_at_every_width(text):
    for width in range(30, 400, 7):
        _check_lines(wrap_text(text, _width, width), text, width)


def test_random_text_obeys_the_rules():
    rng = random.Random(7)
    alphabet = "烧伤面积部分厚度全层（）《》“”，。、：；！？%) (ab12 -"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))).strip()
        if not text:
            continue
        widths = [_width(c) for c in text]
        for a, b, _ in line_ranges(text, widths, lambda n: rng.uniform(10, 120)):
            line = text[a:b]
            if a > 0 and line:
                # a closing mark may start a line only when nothing could carry it
                assert line[0] not in CANNOT_START or all(
                    c in CANNOT_START or c.isspace() for c in text[:a]), (text, line)


def test_paragraphs_use_the_same_rules():
    register_fonts()
    style = ParagraphStyle("x", fontName=LATIN, fontSize=8, leading=10, wordWrap="CJK")
    for text in SAMPLES:
        for width in (40, 70, 130):
            para = Para(literal(text), style)
            para.wrap(width, 1000)
            lines = ["".join(f.text for f in line.words) for line in para.blPara.lines]
            _check_lines(lines, text, width)


@pytest.fixture(scope="module")
def chinese_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("zh") / "zh.pdf"
    export(make_workspace(), path, WHEN, "医生", "zh_CN")
    return path


def test_no_line_of_the_chinese_report_breaks_the_rules(chinese_pdf):
    """Table headers, cells, the chart's legend and the paragraphs, as pdftotext reads them."""
    text = subprocess.run(["pdftotext", str(chinese_pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert len(lines) > 100
    # "(n)" is the chart's notation for superficial-only numbers, printed as in the chart
    bad = [line for line in lines if (line[0] in CANNOT_START and not line.startswith("(n)"))
           or line[-1] in CANNOT_END]
    assert not bad, bad


HEADINGS = ("Warnings", "Referral criteria", "Fluid resuscitation estimate", "Regions", "Photos",
            "Sign-off")


def _pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


def _alone_at_foot(page: str) -> list[str]:
    """Headings with nothing under them on the page but its footer."""
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    body = [line for line in lines if not line.startswith("Page ")]
    return [h for h in HEADINGS if body and body[-1].startswith(h)]


def test_no_heading_is_left_alone_at_the_foot_of_a_page(tmp_path):
    """The report with more and more warnings pushes every later heading down the page, past
    its foot: each heading always has the start of its content under it."""
    data = report_input(make_workspace(), WHEN, "Dr A", "en")
    data = replace(data, previews=[])
    base = list(data.assessment.warnings)
    seen = set()
    for extra in range(0, 48, 6):
        assessment = replace(data.assessment, warnings=base + ["an extra warning"] * extra)
        path = tmp_path / f"r{extra}.pdf"
        path.write_bytes(build_pdf(replace(data, assessment=assessment)))
        pages = _pages(path)
        for number, page in enumerate(pages, start=1):
            assert not _alone_at_foot(page), (extra, number, page[-600:])
        seen.add(len(pages))
    assert len(seen) > 1   # the sweep did move content across page breaks


def test_composed_lines_take_full_width_punctuation_in_chinese():
    t = translator("zh_CN")
    assert t("{0}: {1}").format(t("Patient"), "X") == "患者：X"
    assert t.join(["a", "b"]) == "a、b"
    assert t.join(["a", "b"], "; ") == "a；b"
