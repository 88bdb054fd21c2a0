"""The PDF report and DICOM export: numbers equal the assessment's, identifiers on every page,
user text printed literally, byte-identical output, Chinese, DICOM round trip, the CLI."""
from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pydicom
import pytest
from PIL import Image

from burnmap.casefile.case import CaseFile
from burnmap.cli.report import main as report_main
from burnmap.reports.build import export, report_input
from burnmap.reports.pdf import build_pdf
from burnmap.text import vocabulary as vocab
from tests.helpers.sample_case import make_workspace

WHEN = datetime(2026, 11, 23, 10, 30, tzinfo=timezone(timedelta(hours=1)))
NAME = "Zoë O'Brien <b>&amp; \"quoted\" 李小龙"


@pytest.fixture(scope="module")
def workspace():
    ws = make_workspace()
    ws.patient.name = NAME
    return ws


@pytest.fixture(scope="module")
def pdf_en(workspace, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.pdf"
    export(workspace, path, WHEN, "Dr A & B <x>", "en")
    return path


def _text(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", "-layout", *pages, str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def _pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    return int(next(l for l in info.stdout.splitlines() if l.startswith("Pages:")).split()[1])


def test_every_number_equals_the_assessment(workspace, pdf_en):
    result = workspace.assessment(now=WHEN)
    text = _text(pdf_en)
    flat = " ".join(text.split())
    assert f"{result.tbsa_total_percent:.2f} % TBSA" in flat
    for name, value in result.tbsa_by_depth.items():
        assert f"{name}: {value:.2f} % TBSA" in flat
    rows = [line.split() for line in text.splitlines()]
    for row in result.rows:
        label = row.region.split("_")
        words = (["left"] if label[-1] == "left" else ["right"] if label[-1] == "right" else []) \
            + [w for w in label if w not in ("left", "right")]
        expected = words + [row.surface] + [f"{row.percent_of_region[d]:.1f}" for d in
                                            ("superficial", "superficial partial thickness",
                                             "deep partial thickness", "full thickness")] + \
            [f"{row.share_percent:.2f}", f"{row.tbsa_counted:.2f}"]
        assert expected in rows, expected
    for region, surface in result.not_assessed:
        assert f"{vocab.region_name(region, 'en')} ({surface})" in flat
    # below the resuscitation threshold the fluids are one line (volumes on request)
    assert not result.fluids.resuscitation_indicated
    assert " ".join(result.fluids.threshold_text.split()) in flat
    assert "Parkland" not in flat


def test_fluids_say_the_policy_both_rates_and_the_urine_target(tmp_path):
    from burnmap.body.burn import DEEP_PARTIAL
    from burnmap.body.regions import REGION_ID
    ws = make_workspace()
    for state in ws.photos:                     # trunk, both surfaces: 26 % TBSA
        state.load_burn(np.where(state.regions.ids == REGION_ID["trunk"], DEEP_PARTIAL, 0)
                        .astype(np.uint8))
    path = tmp_path / "fluids.pdf"
    export(ws, path, WHEN, "Dr A", "en")      # 10:30 +01:00 = 09:30 UTC: 3 h after 06:30 UTC
    flat = " ".join(_text(path).split())
    f = ws.assessment(now=WHEN).fluids
    parkland, _consensus = f.formulas
    assert f"= {parkland.total_24h_ml:,.0f} mL in 24 h" in flat
    assert "late start: no catch-up (ABA/ABLS) (setting late_start_policy)" in flat
    assert f"starting rate now {parkland.rate_now_ml_per_h:,.0f} mL/h" in flat
    # 72.5 kg x 26 % x 4 = 7,540 mL, 3,770 in 8 h: 471 mL/h on time; catch-up 3,770 / 5 = 754
    assert parkland.rate_now_ml_per_h == pytest.approx(3770 / 8)
    assert "catch-up (classical Parkland): 754 mL/h (the 3,770 mL still due by 8 h over the " \
           "5.0 h left)" in flat
    assert "Consensus (ABLS/ABA) (2 mL of the consensus 2-4 mL: adult or older child" in flat
    assert "urine output target 0.5 mL/kg/h x 72.5 kg = 36.25 mL/h (adult, ABLS)" in flat
    shots = os.environ.get("BURNMAP_SHOTS")   # a folder to keep the rendered pages in, if set
    if shots and Path(shots).is_dir():
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(path),
                        str(Path(shots) / "issue23_report")], check=True)


def test_identifiers_time_and_page_numbers_on_every_page(pdf_en):
    pages = _pages(pdf_en)
    assert pages >= 2
    for page in range(1, pages + 1):
        text = _text(pdf_en, page)
        assert "Record number: MRN-1" in text
        assert "Assessment: 2026-11-23 10:30 UTC+01:00" in text
        assert f"Page {page} of {pages}" in text


def test_user_text_is_printed_literally(pdf_en):
    flat = " ".join(_text(pdf_en).split())
    assert NAME in flat
    assert "Dr A & B <x>" in flat


def test_sign_off_software_model_and_intended_use(pdf_en):
    flat = " ".join(_text(pdf_en).split())
    assert "Signature" in flat
    assert "BurnMap 0.1.0" in flat
    assert "M2FP, SHA-256 " + "ab" * 32 in flat.replace(" ", " ")
    assert "does not diagnose" in flat


def test_same_case_gives_a_byte_identical_pdf(workspace):
    a = build_pdf(report_input(workspace, WHEN, "Dr A", "en"))
    b = build_pdf(report_input(workspace, WHEN, "Dr A", "en"))
    assert a == b


def test_chinese_report(workspace, tmp_path):
    path = tmp_path / "zh.pdf"
    export(workspace, path, WHEN, "医生", "zh")
    text = _text(path)
    assert "烧伤评估报告" in text
    assert "第 1 页" in text
    assert "病历号：MRN-1" in text
    assert "医生" in text


def test_pages_render(pdf_en, tmp_path):
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf_en), str(tmp_path / "p")], check=True)
    from PIL import Image
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == _pages(pdf_en)
    for png in pngs:
        assert np.asarray(Image.open(png).convert("L")).std() > 5  # not blank


def test_dicom_round_trip(workspace, tmp_path):
    pdf = export(workspace, tmp_path / "r.pdf", WHEN, "Dr A", "en", tmp_path / "dicom")
    report = pydicom.dcmread(tmp_path / "dicom" / "report.dcm")
    assert report.SOPClassUID == "1.2.840.10008.5.1.4.1.1.104.1"
    assert report.MIMETypeOfEncapsulatedDocument == "application/pdf"
    assert bytes(report.EncapsulatedDocument).rstrip(b"\0") == pdf.rstrip(b"\0")
    assert report.PatientID == "MRN-1"
    assert report.PatientBirthDate == "19800229"
    assert "O'Brien" in str(report.PatientName)
    assert report.StudyDate == "20261123"
    assert report.TimezoneOffsetFromUTC == "+0100"
    overlays = sorted((tmp_path / "dicom").glob("overlay_*.dcm"))
    assert len(overlays) == 2
    sc = pydicom.dcmread(overlays[0])
    assert sc.SOPClassUID == "1.2.840.10008.5.1.4.1.1.7"
    assert sc.StudyInstanceUID == report.StudyInstanceUID
    assert sc.pixel_array.shape == (sc.Rows, sc.Columns, 3)


def test_report_command_from_a_case(workspace, tmp_path):
    case_path = tmp_path / "case.burncase"
    case = CaseFile.create(case_path, "dr.case")
    case.save(workspace, "dr.case")
    case.close()
    out1, out2 = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert report_main([str(case_path), "--pdf", str(out1), "--dicom", str(tmp_path / "d")]) == 0
    assert report_main([str(case_path), "--pdf", str(out2)]) == 0
    assert out1.read_bytes() == out2.read_bytes()
    # who saved the case is not who assessed the burn: without a name the report says so
    flat = " ".join(_text(out1).split())
    assert "Assessor not given" in flat
    assert "dr.case" not in flat
    assert report_main([str(case_path), "--pdf", str(out2), "--assessor", "Dr Wu"]) == 0
    assert "Assessor Dr Wu" in " ".join(_text(out2).split())
    for empty in ("", " \t"):
        with pytest.raises(SystemExit) as refused:
            report_main([str(case_path), "--pdf", str(tmp_path / "e.pdf"), "--assessor", empty])
        assert refused.value.code == 2
    assert not (tmp_path / "e.pdf").exists()
    bad = tmp_path / "bad.burncase"
    bad.write_bytes(b"nonsense" * 50)
    assert report_main([str(bad), "--pdf", str(tmp_path / "c.pdf")]) == 2
    assert not (tmp_path / "c.pdf").exists()


def _header_time(path: Path) -> str:
    return next(line for line in _text(path, 1).splitlines() if line.startswith("Assessment: "))


def test_a_report_is_dated_by_its_assessment_not_by_its_export(tmp_path, capsys):
    """The last edit, or the assessment saved after it (with its assessor); never the moment
    the report is written, so exports of an unchanged case are byte-identical."""
    from burnmap.model.record import assessment_record
    edited = datetime(2026, 11, 23, 9, 15, tzinfo=UTC)
    ws = make_workspace()
    ws.edited_at = edited
    path = tmp_path / "case.burncase"
    case = CaseFile.create(path, "dr.case")
    case.save(ws, "dr.case")
    pdfs = [tmp_path / f"{n}.pdf" for n in range(4)]
    assert report_main([str(path), "--pdf", str(pdfs[0])]) == 0
    assert report_main([str(path), "--pdf", str(pdfs[1])]) == 0   # later, same case
    assert pdfs[0].read_bytes() == pdfs[1].read_bytes()
    local = edited.astimezone()
    assert _header_time(pdfs[0]).startswith(f"Assessment: {local:%Y-%m-%d %H:%M} UTC")
    assert "no assessor given" in capsys.readouterr().out
    # an assessment saved afterwards dates the report and names its assessor
    loaded = case.load()
    record = assessment_record(loaded, loaded.assessment(edited), edited)
    case.save_assessment(record, "Dr Saved")
    saved_at = datetime.fromisoformat(case.assessments()[-1]["assessed_at"]).astimezone()
    case.close()
    assert report_main([str(path), "--pdf", str(pdfs[2])]) == 0
    assert _header_time(pdfs[2]).startswith(f"Assessment: {saved_at:%Y-%m-%d %H:%M} UTC")
    assert "Assessor Dr Saved" in " ".join(_text(pdfs[2]).split())
    # an edit after that assessment: the edit's time again, and its assessor is not assumed
    later = datetime.now(UTC) + timedelta(minutes=5)
    case = CaseFile.open(path, "dr.case")
    loaded = case.load()
    loaded.edited_at = later
    loaded.patient.weight_kg = 70.0
    case.save(loaded, "dr.case")
    case.close()
    assert report_main([str(path), "--pdf", str(pdfs[3])]) == 0
    assert _header_time(pdfs[3]).startswith(f"Assessment: {later.astimezone():%Y-%m-%d %H:%M}")
    assert "Assessor not given" in " ".join(_text(pdfs[3]).split())


def test_every_font_is_embedded(workspace, pdf_en, tmp_path):
    """pdffonts lists no font that is not embedded (reportlab's defaults, Helvetica for table
    cells, drawings and the canvas, are not), in either language."""
    zh = tmp_path / "zh.pdf"
    export(workspace, zh, WHEN, "医生", "zh_CN")
    for path in (pdf_en, zh):
        listing = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                                 text=True).stdout.splitlines()[2:]
        assert len(listing) >= 2
        for row in listing:
            assert row.split()[-5] == "yes", row   # the "emb" column


def test_a_report_needs_two_identifiers(workspace):
    from dataclasses import replace

    from burnmap.model.workspace import Workspace
    from burnmap.reports.build import ReportError
    anonymous = Workspace(replace(workspace.patient, record_number="", date_of_birth=None),
                          workspace.photos)
    with pytest.raises(ReportError, match="two patient identifiers"):
        report_input(anonymous, WHEN, "Dr A")


def test_the_first_page_holds_the_body_chart_in_the_assessment_colours(workspace, pdf_en,
                                                                       tmp_path):
    from burnmap.chart.body_chart import fill_rgb, shades_from_assessment
    text = _text(pdf_en, 1)
    assert "Anterior" in text
    assert "Posterior" in text
    assert "not assessed" in text
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf_en),
                    str(tmp_path / "page")], check=True)
    pixels = np.asarray(Image.open(next(tmp_path.glob("page*.png"))).convert("RGB"))
    result = workspace.assessment(WHEN)
    fills = {fill_rgb(shade) for shade in shades_from_assessment(result).values()
             if shade.depth is not None}
    assert fills, "the figure has burned regions"
    for rgb in fills:   # every burned region's colour appears on page 1
        near = np.abs(pixels.astype(int) - np.array(rgb)).sum(axis=2) < 30
        assert near.sum() > 20, rgb


def test_the_report_says_which_photo_measured_which_part(workspace, pdf_en):
    result = workspace.assessment(now=WHEN)
    flat = " ".join(_text(pdf_en).split())
    assert "Which photo measured what" in flat
    trunk = next(r for r in result.rows if (r.region, r.surface) == ("trunk", "posterior"))
    (part,) = trunk.measured_by
    assert part.name == "posterior.jpg"
    assert part.area_percent == pytest.approx(100)
    sectors = ", ".join(f"{a:.0f}-{b:.0f}" for a, b in part.angles)
    assert f"trunk posterior posterior.jpg (posterior) 100 {sectors} 0-100 %" in flat
