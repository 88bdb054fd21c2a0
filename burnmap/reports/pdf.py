"""The clinical report as a PDF (reportlab platypus; no Qt).

Every page carries two patient identifiers, the assessment's date and time with its time zone, and
"page x of y". The same inputs give a byte-identical file (reportlab's invariant mode), so golden
tests are possible. All user text goes through `literal()`: printed as typed, never as markup.
Every glyph is in an embedded font (burnmap.reports.fonts), Chinese lines break by the Chinese rules
(burnmap.reports.linebreak), and no heading is left alone at the foot of a page
(burnmap.reports.page.section).
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from PIL import Image
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Image as RLImage
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer

from burnmap.body.burn import BURN_ALPHA, DEPTH_NAMES, DEPTH_RGB, DEPTHS
from burnmap.chart.body_chart import shades_from_assessment
from burnmap.chart.burns import chart_marks
from burnmap.chart.entry import entry_outlines
from burnmap.clinical.assessment import COUNTED_DEPTHS, Assessment, parts_add_up
from burnmap.clinical.referral import shown_referral
from burnmap.model.patient import Patient, printable
from burnmap.model.workspace import PhotoState
from burnmap.photo.overlay import blend, load_colour_table, tint
from burnmap.reports.chart import chart_drawing
from burnmap.reports.fonts import LATIN, LATIN_BOLD, register_fonts
from burnmap.reports.i18n import translator
from burnmap.reports.page import PageDecorator, numbered_canvas, section, table
from burnmap.reports.page import para as _p
from burnmap.reports.page import when as _when
from burnmap.system.version import __version__
from burnmap.text import vocabulary as vocab
from burnmap.text.messages import region_surface, say

PHOTO_SIDE = 900      # pixels: enough for print at the size shown, small enough to be fast


@dataclass(frozen=True)
class Preview:
    """A parsed photo at report resolution (PHOTO_SIDE): made once for the PDF and DICOM."""
    name: str
    view: str
    class_names: tuple[str, ...]
    pixels: np.ndarray
    labels: np.ndarray
    burn: np.ndarray


@dataclass
class ReportInput:
    patient: Patient
    assessment: Assessment
    previews: list[Preview]
    assessed_at: datetime            # timezone-aware
    assessor: str
    language: str = "en"
    models: list[str] = field(default_factory=list)  # "parser, SHA-256 …" per distinct model


def build_pdf(data: ReportInput) -> bytes:
    """The report's bytes."""
    if data.assessed_at.tzinfo is None:
        raise ValueError("the assessment time needs a time zone")
    register_fonts()
    t = translator(data.language)
    styles = _styles()
    story = _header_block(data, t, styles) + _summary(data, t, styles) + \
        _region_table(data, t, styles) + _provenance(data, t, styles) + \
        _photos(data, t, styles) + _sign_off(data, t, styles)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, invariant=1, leftMargin=15 * mm,
                            rightMargin=15 * mm, topMargin=22 * mm, bottomMargin=18 * mm,
                            title=t("Burn assessment report"), author="BurnMap",
                            creator=f"BurnMap {__version__}")
    page = PageDecorator(data.patient, data.assessed_at, t)
    doc.build(story, onFirstPage=page, onLaterPages=page, canvasmaker=numbered_canvas(page))
    return buffer.getvalue()


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=LATIN, fontSize=9, leading=12)
    return {"base": base,
            "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
            "h1": ParagraphStyle("h1", parent=base, fontName=LATIN_BOLD, fontSize=15, leading=19,
                                 spaceAfter=4),
            "h2": ParagraphStyle("h2", parent=base, fontName=LATIN_BOLD, fontSize=11.5,
                                 leading=15, spaceBefore=8, spaceAfter=3),
            "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10)}


def _cell(value: str | list[str], style):
    """A text, or a list as one bulleted paragraph per item (warnings read one by one)."""
    if isinstance(value, str):
        return _p(value, style)
    return [_p("• " + item, style) for item in value]


def _header_block(data, t, s) -> list:
    p, lang = data.patient, data.language
    age = p.age(data.assessed_at.date())
    rows = [
        (t("Patient"), printable(p.name) or t("unknown")),
        (t("Record number"), printable(p.record_number) or "—"),
        (t("Date of birth"), p.date_of_birth.isoformat() if p.date_of_birth else "—"),
        (t("Age"), f"{age:.1f} {t('years')}" if age is not None else t("unknown")),
        (t("Sex"), vocab.sex_name(p.sex, lang) if p.sex else "—"),
        (t("Weight"), f"{p.weight_kg:g} kg" if p.weight_kg else "—"),
        (t("Time of injury"), _when(p.injury_time) if p.injury_time else t("unknown")),
        (t("Assessment"), _when(data.assessed_at)),
    ]
    grid = table([[_p(k, s["cell"]), _p(v, s["cell"])] for k, v in rows], _grid(),
                 colWidths=[40 * mm, 130 * mm])
    return [_p(t("Burn assessment report"), s["h1"]), grid]


def _grid() -> list[tuple]:
    return [("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke)]


def _summary(data, t, s) -> list:
    a, lang = data.assessment, data.language
    depth_text = t.join([t("{0}: {1}").format(vocab.depth_name(d, lang),
                                              f"{a.tbsa_by_depth[DEPTH_NAMES[d]]:.2f} % TBSA")
                         for d in DEPTHS], "; ")
    counted = [a.tbsa_by_depth[DEPTH_NAMES[d]] for d in COUNTED_DEPTHS]
    if not parts_add_up(counted, a.tbsa_total_percent, 2):
        depth_text += " " + t("(each rounded; partial + full thickness together {0:.2f})").format(
            a.tbsa_total_percent)
    not_assessed = t.join([region_surface(r, sd) for r, sd in a.not_assessed]) or t("none")
    total = t("{0:.2f} % TBSA of {1:.1f} % of the body surface assessed").format(
        a.tbsa_total_percent, a.assessed_share_percent)
    assessed = f"{a.assessed_share_percent:.2f} % TBSA"
    if a.drawn_share_percent:     # examined but not photographed: said with every share
        split = t("{0:.1f} % from photos; {1:.1f} % drawn on the chart, not measured from "
                  "a photo").format(a.assessed_share_percent - a.drawn_share_percent,
                                                   a.drawn_share_percent)
        total, assessed = (t("{0} ({1})").format(x, split) for x in (total, assessed))
    for caveat in a.caveats:   # said with every total
        total = t("{0} ({1})").format(total, say(caveat, lang))
    key = [(t("Total burn (partial + full thickness)"), total),
           (t("Superficial (not counted in the total)"),
            f"{a.superficial_tbsa_percent:.2f} % TBSA"),
           (t("By depth"), depth_text),
           (t("Lund-Browder age band"), vocab.age_band_range(a.age_band, lang)),
           (t("Surface assessed"), assessed)]
    more = [(t("Rule of Nines cross-check"), [say(n, lang) for n in a.notes] or "—"),
            (t("Not assessed (no photo shows them, nothing entered on the chart; not counted "
               "as 0)"), not_assessed)]
    # the body chart beside the key numbers on page 1; the long lists below it, the warnings
    # as paragraphs that may run onto the next page (a table row cannot)
    figures = table([[_p(k, s["cell"]), _p(v, s["cell"])] for k, v in key], _grid(),
                    colWidths=[35 * mm, 60 * mm])
    entries = None if a.drawn_values is None else entry_outlines(a.drawn_values)
    chart = chart_drawing(shades_from_assessment(a), lang, width=72 * mm, marks=chart_marks(a),
                          entries=entries)
    beside = table([[chart, figures]], [("VALIGN", (0, 0), (-1, -1), "TOP")],
                   colWidths=[75 * mm, 95 * mm])
    lists = table([[_p(k, s["cell"]), _cell(v, s["cell"])] for k, v in more], _grid(),
                  colWidths=[55 * mm, 115 * mm])
    warnings = [_p("• " + say(w, lang), s["small"]) for w in a.warnings] or \
        [_p(t("none"), s["small"])]
    return [_p(t("Summary"), s["h2"]), beside, Spacer(1, 3 * mm), lists,
            *section(_p(t("Warnings"), s["h2"]), *warnings), *_referral(a, t, s),
            *_fluids(a, t, s)]


def _referral(a: Assessment, t, s) -> list:
    """Every criterion of the chosen guideline with its status: met, not met or to check."""
    if not a.referral:
        return []
    rows = [[_p(t("Criterion"), s["small"]), _p(t("Status"), s["small"]),
             _p(t("Why"), s["small"])]]
    rows += [[_p(say(i.criterion, t.language), s["cell"]), _p(t(i.status), s["cell"]),
              _p(say(i.reason, t.language), s["cell"])] for i in shown_referral(a.referral)]
    criteria = table(rows, _grid(), colWidths=[62 * mm, 20 * mm, 88 * mm], repeatRows=1)
    source = vocab.guideline_source(a.referral[0].source, t.language)
    return section(_p(t("Referral criteria: {0}").format(source), s["h2"]), criteria)


def _fluids(a: Assessment, t, s) -> list:
    heading = _p(t("Fluid resuscitation estimate (decision support)"), s["h2"])
    f, lang = a.fluids, t.language
    if f is None:
        return section(heading, _p(t("No weight entered: no fluid estimate."), s["base"]))
    hours = f"+{f.hours_since_injury:.1f} h" if f.hours_since_injury is not None else t("unknown")
    given = t("unknown") if f.fluid_given_ml is None else f"{f.fluid_given_ml:g} mL"
    out = [_p(t("Inputs: {0:g} kg, {1:.2f} % TBSA, time of injury {2}, fluid given {3}").format(
        f.weight_kg, f.tbsa_percent, hours, given), s["base"])]
    if f.threshold_text:   # below the resuscitation threshold: one line, volumes on request
        return section(heading, *out, _p(say(f.threshold_text, lang), s["base"]))
    out.append(_p(say(f.policy_text, lang), s["base"]))
    for v in f.formulas:
        extra = "" if v.remaining_first_8h_ml is None else \
            t("; first 8 h remaining {0:,.0f} mL").format(v.remaining_first_8h_ml)
        rate = "" if v.rate_now_ml_per_h is None else \
            t("; starting rate now {0:,.0f} mL/h ({1})").format(v.rate_now_ml_per_h,
                                                              say(v.rate_basis, lang))
        other = t("; {0}").format(say(v.other_basis, lang)) if v.other_basis else ""
        out.append(_p(t("{0}: {1}").format(_formula_name(v, t),
                                           say(v.formula, lang) + extra + rate + other), s["base"]))
    if f.maintenance_text:
        out.append(_p(say(f.maintenance_text, lang), s["base"]))
    out.append(_p(t("Formal resuscitation indicated from {0:g} % TBSA ({1}): {2}; {3}").format(
        f.resuscitation_threshold_percent, say(f.child_definition, lang),
        t("yes") if f.resuscitation_indicated else t("no"), say(f.urine_text, lang)), s["base"]))
    out += [_p(say(n, lang), s["small"]) for n in f.notes]
    return section(heading, *out)


def _formula_name(v, t) -> str:
    """The formula's name and, for the consensus, which of its 2-4 mL/kg/% and why."""
    name = vocab.fluid_formula(v.name, t.language)
    return t("{0} ({1})").format(name, say(v.ml_basis, t.language)) if v.ml_basis else name


def _region_table(data, t, s) -> list:
    lang = data.language
    head = [t("Region"), t("Surface")] + [t("{0} ({1})").format(vocab.depth_name(d, lang),
                                                               t("% of region"))
                                          for d in DEPTHS] + \
        [t("Lund-Browder share (% TBSA)"), t("Contribution (% TBSA)")]
    rows = [[_p(h, s["small"]) for h in head]]
    for r in data.assessment.rows:
        rows.append([_region_cell(r, t, lang, s),
                     _p(vocab.surface_name(r.surface, lang), s["cell"])]
                    + [_p(f"{r.percent_of_region[DEPTH_NAMES[d]]:.1f}", s["cell"]) for d in DEPTHS]
                    + [_p(f"{r.share_percent:.2f}", s["cell"]),
                       _p(f"{r.tbsa_counted:.2f}", s["cell"])])
    widths = [30 * mm, 18 * mm] + [19 * mm] * 4 + [23 * mm, 23 * mm]
    regions = table(rows, [*_grid(), ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey)],
                    colWidths=widths, repeatRows=1)
    return section(_p(t("Regions"), s["h2"]), regions)


def _region_cell(r, t, lang, s):
    """The region's name, and where its numbers come from when not (only) from photos."""
    name = vocab.region_name(r.region, lang)
    if not r.drawn_percent:
        return _p(name, s["cell"])
    source = t("examined, no burn: entered on the chart, not photographed") if \
        r.drawn_unburned else t("drawn on the chart, not measured from a photo")
    if r.measured_by:
        source = t("{0:.0f} % {1}").format(r.drawn_percent, source)
    return [_p(name, s["cell"]), _p(source, s["small"])]


def _provenance(data, t, s) -> list:
    """Per region-surface, which photo measured which part of it: the share of its surface,
    the sectors around its axis and the stretch along it."""
    lang = data.language
    head = [t("Region"), t("Surface"), t("Photo (view)"), t("% of surface"),
            t("Sectors (degrees)"), t("Along the axis")]
    note = t("Each part of a region's surface is measured on the photo that sees it most "
             "squarely; sectors: 0 front, 90 the patient's left, 180 back, 270 right.")
    # the note as the table's first row, so the heading is kept with it and the first rows
    rows = [[_p(note, s["small"])] + [""] * (len(head) - 1), [_p(h, s["small"]) for h in head]]
    for r in data.assessment.rows:
        for m in r.measured_by:
            sectors = t.join([f"{a:.0f}-{b:.0f}" for a, b in m.angles]) or "—"
            rows.append([_p(vocab.region_name(r.region, lang), s["cell"]),
                         _p(vocab.surface_name(r.surface, lang), s["cell"]),
                         _p(t("{0} ({1})").format(printable(m.name),
                                                  vocab.view_name(m.view, lang)), s["cell"]),
                         _p(f"{m.area_percent:.0f}", s["cell"]), _p(sectors, s["cell"]),
                         _p(f"{100 * m.axis[0]:.0f}-{100 * m.axis[1]:.0f} %", s["cell"])])
        if r.drawn_percent:     # the rest: entered on the body chart
            rows.append([_p(vocab.region_name(r.region, lang), s["cell"]),
                         _p(vocab.surface_name(r.surface, lang), s["cell"]),
                         _p(t("body chart (drawn, not measured from a photo)"), s["cell"]),
                         _p(f"{r.drawn_percent:.0f}", s["cell"]), _p("—", s["cell"]),
                         _p("—", s["cell"])])
    if len(rows) == 2:
        return []
    style = [("GRID", (0, 1), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("SPAN", (0, 0), (-1, 0)), ("LEFTPADDING", (0, 0), (-1, 0), 0),
             ("BACKGROUND", (0, 2), (0, -1), colors.whitesmoke),
             ("BACKGROUND", (0, 1), (-1, 1), colors.lightgrey)]
    measured = table(rows, style, repeatRows=2,
                     colWidths=[30 * mm, 18 * mm, 44 * mm, 18 * mm, 38 * mm, 22 * mm])
    return section(_p(t("Which photo measured what"), s["h2"]), measured)


def _photos(data, t, s) -> list:
    out = []
    heading = _p(t("Photos"), s["h2"])
    colours = load_colour_table()
    for p in data.previews:
        seg = blend(p.pixels, p.labels, colours.for_classes(p.class_names), 0.6)
        width = 56 * mm
        images = [_image(x, width) for x in (p.pixels, seg, tint(p.pixels, p.burn, DEPTH_RGB, BURN_ALPHA))]
        view = vocab.view_name(p.view, data.language)
        caption = [_p(t("{0} — {1} (view: {2})").format(t(k), printable(p.name), view),
                      s["small"]) for k in ("Original", "Segmentation", "Burn")]
        grid = table([images, caption], [("VALIGN", (0, 0), (-1, -1), "TOP")],
                     colWidths=[width + 2 * mm] * 3)
        # The heading stays with the first photo rather than alone at a page's foot.
        out.append(KeepTogether(([heading] if not out else []) + [grid, Spacer(1, 3 * mm)]))
    return out


def preview(state: PhotoState) -> Preview:
    """A parsed photo's pixels, part labels and burn mask at report resolution."""
    h, w = state.photo.pixels.shape[:2]
    scale = min(1.0, PHOTO_SIDE / max(h, w))
    size = (max(1, round(w * scale)), max(1, round(h * scale)))

    def resize(array, resample):
        return np.asarray(Image.fromarray(array).resize(size, resample))
    return Preview(state.photo.name, state.view, tuple(state.parsing.class_names),
                   resize(state.photo.pixels, Image.BILINEAR),
                   resize(state.parsing.labels, Image.NEAREST),
                   resize(state.burn.values, Image.NEAREST))


def _image(array: np.ndarray, width: float) -> RLImage:
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="JPEG", quality=88)
    buffer.seek(0)
    h, w = array.shape[:2]
    return RLImage(buffer, width=width, height=width * h / w)


def _sign_off(data, t, s) -> list:
    # An assessor nobody gave is said to be missing, never guessed (e.g. the computer's account).
    lines = [(t("Assessor"), printable(data.assessor) or t("not given")),
             (t("Signature"), "_" * 40),
             (t("Date and time"), "_" * 40),
             (t("Software"), f"BurnMap {__version__}"),
             (t("Segmentation model"), t.join(data.models, "; ") or "—"),
             (t("Intended use"), vocab.intended_use(data.language))]
    grid = table([[_p(k, s["cell"]), _p(v, s["cell"])] for k, v in lines], _grid(),
                 colWidths=[40 * mm, 130 * mm])
    return [KeepTogether([_p(t("Sign-off"), s["h2"]), grid])]
