"""The clinical report as a PDF (reportlab platypus; no Qt).

Every page carries two patient identifiers, the assessment's date and time with its time zone, and
"page x of y". The same inputs give a byte-identical file (reportlab's invariant mode), so golden
tests are possible. All user text goes through `literal()`: printed as typed, never as markup.
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
from reportlab.platypus import (Image as RLImage, KeepTogether, Paragraph, SimpleDocTemplate,
                                Spacer, Table, TableStyle)

from core.assessment import Assessment
from core.body_chart import shades_from_assessment
from core.chart_burns import chart_marks
from core import vocabulary as vocab
from core.messages import say
from core.burn import BURN_ALPHA, DEPTH_NAMES, DEPTH_RGB, DEPTHS
from core.overlay import blend, load_colour_table, tint
from core.version import __version__
from core.patient import Patient, printable
from core.workspace import PhotoState

from .chart import chart_drawing
from .fonts import LATIN, LATIN_BOLD, literal, register_fonts
from .i18n import translator

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
    page = _PageDecorator(data, t)
    doc.build(story, onFirstPage=page, onLaterPages=page, canvasmaker=_numbered_canvas(page))
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


def _p(text: str, style) -> Paragraph:
    return Paragraph(literal(text), style)


def _cell(value: str | list[str], style) -> Paragraph | list[Paragraph]:
    """A text, or a list as one bulleted paragraph per item (warnings read one by one)."""
    if isinstance(value, str):
        return _p(value, style)
    return [_p("• " + item, style) for item in value]


def _identifiers(patient: Patient, t) -> str:
    """Two identifiers: the name plus the record number, or the date of birth without one."""
    second = (f"{t('Record number')}: {printable(patient.record_number)}"
              if printable(patient.record_number) else
              f"{t('Date of birth')}: {patient.date_of_birth.isoformat()}"
              if patient.date_of_birth else f"{t('Record number')}: {t('unknown')}")
    return f"{t('Patient')}: {printable(patient.name) or t('unknown')} · {second}"


def _when(moment: datetime) -> str:
    """e.g. 2026-11-23 09:30 UTC+01:00: the time as the clinician saw it, with its offset."""
    offset = moment.strftime("%z")
    return moment.strftime("%Y-%m-%d %H:%M") + f" UTC{offset[:3]}:{offset[3:]}"


def _header_block(data, t, s) -> list:
    p = data.patient
    age = p.age(data.assessed_at.date())
    rows = [
        (t("Patient"), printable(p.name) or t("unknown")),
        (t("Record number"), printable(p.record_number) or "—"),
        (t("Date of birth"), p.date_of_birth.isoformat() if p.date_of_birth else "—"),
        (t("Age"), f"{age:.1f} {t('years')}" if age is not None else t("unknown")),
        (t("Sex"), p.sex or "—"), (t("Weight"), f"{p.weight_kg:g} kg" if p.weight_kg else "—"),
        (t("Time of injury"), _when(p.injury_time) if p.injury_time else t("unknown")),
        (t("Assessment"), _when(data.assessed_at)),
    ]
    table = Table([[_p(k, s["cell"]), _p(v, s["cell"])] for k, v in rows],
                  colWidths=[40 * mm, 130 * mm])
    table.setStyle(_grid())
    return [_p(t("Burn assessment report"), s["h1"]), table]


def _grid() -> TableStyle:
    return TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                       ("VALIGN", (0, 0), (-1, -1), "TOP"),
                       ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke)])


def _summary(data, t, s) -> list:
    a = data.assessment
    depth_text = "; ".join(f"{vocab.depth_name(d, data.language)}: "
                           f"{a.tbsa_by_depth[DEPTH_NAMES[d]]:.2f} % TBSA" for d in DEPTHS)
    lang = data.language
    not_assessed = ", ".join(f"{vocab.region_name(r, lang)} ({vocab.surface_name(sd, lang)})"
                             for r, sd in a.not_assessed) or t("none")
    total = t("{0:.2f} % TBSA of {1:.1f} % of the body surface assessed").format(
        a.tbsa_total_percent, a.assessed_share_percent)
    total += "".join(f" ({say(c, lang)})" for c in a.caveats)   # said with every total
    key = [(t("Total burn (partial + full thickness)"), total),
           (t("Superficial (not counted in the total)"),
            f"{a.superficial_tbsa_percent:.2f} % TBSA"),
           (t("By depth"), depth_text),
           (t("Lund-Browder age band"), f"{vocab.age_band_range(a.age_band, data.language)} ({a.age_band})"),
           (t("Surface assessed"), f"{a.assessed_share_percent:.2f} % TBSA")]
    more = [(t("Rule of Nines cross-check"), [say(n, lang) for n in a.notes] or "—"),
            (t("Not assessed (no photo shows them; not counted as 0)"), not_assessed)]
    # the body chart beside the key numbers on page 1; the long lists below it, the warnings
    # as paragraphs that may run onto the next page (a table row cannot)
    figures = Table([[_p(k, s["cell"]), _p(v, s["cell"])] for k, v in key],
                    colWidths=[35 * mm, 60 * mm])
    figures.setStyle(_grid())
    chart = chart_drawing(shades_from_assessment(a), data.language, width=72 * mm,
                          marks=chart_marks(a))
    beside = Table([[chart, figures]], colWidths=[75 * mm, 95 * mm])
    beside.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    table = Table([[_p(k, s["cell"]), _cell(v, s["cell"])] for k, v in more],
                  colWidths=[55 * mm, 115 * mm])
    table.setStyle(_grid())
    warnings = [_p("• " + say(w, lang), s["small"]) for w in a.warnings] or [_p(t("none"), s["small"])]
    return [_p(t("Summary"), s["h2"]), beside, Spacer(1, 3 * mm), table,
            _p(t("Warnings"), s["h2"]), *warnings] + _referral(a, t, s) + _fluids(a, t, s)


def _referral(a: Assessment, t, s) -> list:
    """Every criterion of the chosen guideline with its status: met, not met or to check."""
    if not a.referral:
        return []
    rows = [[_p(t("Criterion"), s["small"]), _p(t("Status"), s["small"]),
             _p(t("Why"), s["small"])]]
    rows += [[_p(say(i.criterion, t.language), s["cell"]), _p(t(i.status), s["cell"]),
              _p(say(i.reason, t.language), s["cell"])] for i in a.referral]
    table = Table(rows, colWidths=[62 * mm, 20 * mm, 88 * mm], repeatRows=1)
    table.setStyle(_grid())
    source = a.referral[0].source
    return [_p(t("Referral criteria") + f" ({a.referral_guideline}: {source})", s["h2"]), table]


def _fluids(a: Assessment, t, s) -> list:
    out = [_p(t("Fluid resuscitation estimate (decision support)"), s["h2"])]
    f = a.fluids
    if f is None:
        return out + [_p(t("No weight entered: no fluid estimate."), s["base"])]
    hours = f"+{f.hours_since_injury:.1f} h" if f.hours_since_injury is not None else t("unknown")
    out.append(_p(f"{t('Inputs')}: {f.weight_kg:g} kg, {f.tbsa_percent:.2f} % TBSA, "
                  f"{t('Time of injury')} {hours}, {f.fluid_given_ml:g} mL", s["base"]))
    for v in f.formulas:
        extra = "" if v.remaining_first_8h_ml is None else \
            t("; first 8 h remaining {0:,.0f} mL").format(v.remaining_first_8h_ml)
        rate = "" if v.rate_now_ml_per_h is None else \
            t("; starting rate now {0:,.0f} mL/h ({1})").format(v.rate_now_ml_per_h,
                                                              say(v.rate_basis, t.language))
        out.append(_p(f"{v.name}: {say(v.formula, t.language)}{extra}{rate}", s["base"]))
    if f.maintenance_ml_per_h:
        out.append(_p(f"{t('Maintenance (Holliday-Segar)')}: {f.maintenance_ml_per_h:.0f} mL/h",
                      s["base"]))
    out.append(_p(t("Formal resuscitation indicated from {0:g} % TBSA").format(
        f.resuscitation_threshold_percent) + f" ({say(f.child_definition, t.language)}): "
        f"{t('yes') if f.resuscitation_indicated else t('no')}"
        f"; {t('Urine output target')}: {f.urine_target_ml_per_h:g} mL/h", s["base"]))
    out += [_p(say(n, t.language), s["small"]) for n in f.notes]
    return out


def _region_table(data, t, s) -> list:
    head = [t("Region"), t("Surface")] + [f"{vocab.depth_name(d, data.language)} ({t('% of region')})"
                                          for d in DEPTHS] + \
        [t("Lund-Browder share (% TBSA)"), t("Contribution (% TBSA)")]
    rows = [[_p(h, s["small"]) for h in head]]
    for r in data.assessment.rows:
        rows.append([_p(vocab.region_name(r.region, data.language), s["cell"]),
                     _p(vocab.surface_name(r.surface, data.language), s["cell"])]
                    + [_p(f"{r.percent_of_region[DEPTH_NAMES[d]]:.1f}", s["cell"]) for d in DEPTHS]
                    + [_p(f"{r.share_percent:.2f}", s["cell"]),
                       _p(f"{r.tbsa_counted:.2f}", s["cell"])])
    widths = [30 * mm, 18 * mm] + [19 * mm] * 4 + [23 * mm, 23 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = _grid()
    style.add("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey)
    table.setStyle(style)
    return [_p(t("Regions"), s["h2"]), table]


def _provenance(data, t, s) -> list:
    """Per region-surface, which photo measured which part of it: the share of its surface,
    the sectors around its axis and the stretch along it."""
    lang = data.language
    head = [t("Region"), t("Surface"), t("Photo (view)"), t("% of surface"),
            t("Sectors (degrees)"), t("Along the axis")]
    rows = [[_p(h, s["small"]) for h in head]]
    for r in data.assessment.rows:
        for m in r.measured_by:
            sectors = ", ".join(f"{a:.0f}-{b:.0f}" for a, b in m.angles) or "—"
            rows.append([_p(vocab.region_name(r.region, lang), s["cell"]),
                         _p(vocab.surface_name(r.surface, lang), s["cell"]),
                         _p(f"{printable(m.name)} ({vocab.view_name(m.view, lang)})", s["cell"]),
                         _p(f"{m.area_percent:.0f}", s["cell"]), _p(sectors, s["cell"]),
                         _p(f"{100 * m.axis[0]:.0f}-{100 * m.axis[1]:.0f} %", s["cell"])])
    if len(rows) == 1:
        return []
    table = Table(rows, colWidths=[30 * mm, 18 * mm, 44 * mm, 18 * mm, 38 * mm, 22 * mm],
                  repeatRows=1)
    style = _grid()
    style.add("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey)
    table.setStyle(style)
    note = t("Each part of a region's surface is measured on the photo that sees it most "
             "squarely; sectors: 0 front, 90 the patient's left, 180 back, 270 right.")
    return [_p(t("Which photo measured what"), s["h2"]), _p(note, s["small"]), table]


def _photos(data, t, s) -> list:
    out = []
    heading = _p(t("Photos"), s["h2"])
    table = load_colour_table()
    for p in data.previews:
        seg = blend(p.pixels, p.labels, table.for_classes(p.class_names), 0.6)
        width = 56 * mm
        images = [_image(x, width) for x in (p.pixels, seg, tint(p.pixels, p.burn, DEPTH_RGB, BURN_ALPHA))]
        view = vocab.view_name(p.view, data.language)
        caption = [_p(f"{t(k)} — {printable(p.name)} ({t('View')}: {view})", s["small"])
                   for k in ("Original", "Segmentation", "Burn")]
        grid = Table([images, caption], colWidths=[width + 2 * mm] * 3)
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
    lines = [(t("Assessor"), printable(data.assessor)), (t("Signature"), "_" * 40),
             (t("Date and time"), "_" * 40),
             (t("Software"), f"BurnMap {__version__}"),
             (t("Segmentation model"), "; ".join(data.models) or "—"),
             (t("Intended use"), vocab.intended_use(data.language))]
    table = Table([[_p(k, s["cell"]), _p(v, s["cell"])] for k, v in lines],
                  colWidths=[40 * mm, 130 * mm])
    table.setStyle(_grid())
    return [KeepTogether([_p(t("Sign-off"), s["h2"]), table])]


class _PageDecorator:
    """Header and footer of every page (identifiers, time; page x of y is drawn at save)."""

    def __init__(self, data: ReportInput, t):
        self.ident = literal(_identifiers(data.patient, t))
        self.when = literal(f"{t('Assessment')}: {_when(data.assessed_at)}")
        self.t = t
        self.style = ParagraphStyle("hdr", fontName=LATIN, fontSize=8, leading=10)

    def __call__(self, canvas, doc) -> None:
        canvas.saveState()
        width, height = A4
        for text, y in ((self.ident, height - 12 * mm), (self.when, height - 16 * mm)):
            para = self._one_line(text, width - 30 * mm)
            para.drawOn(canvas, 15 * mm, y)
        canvas.setStrokeColor(colors.grey)
        canvas.line(15 * mm, height - 18 * mm, width - 15 * mm, height - 18 * mm)
        canvas.restoreState()

    def _one_line(self, text: str, width: float) -> Paragraph:
        """The header line in the largest size that keeps it on one line: a long name must
        neither run into the next line nor be cut."""
        for size in (8, 7, 6, 5, 4):
            style = ParagraphStyle(f"hdr{size}", parent=self.style, fontSize=size,
                                   leading=size * 1.25)
            para = Paragraph(text, style)
            para.wrap(width, 10 * mm)
            if len(para.blPara.lines) <= 1:
                break
        return para

    def page_number(self, canvas, page: int, total: int) -> None:
        canvas.saveState()
        canvas.setFont(LATIN, 8)
        text = self.t("Page {0} of {1}").format(page, total)
        para = Paragraph(literal(text), self.style)
        para.wrapOn(canvas, 60 * mm, 10 * mm)
        para.drawOn(canvas, A4[0] - 15 * mm - para.minWidth(), 10 * mm)
        canvas.restoreState()


def _numbered_canvas(decorator: _PageDecorator):
    """A canvas that remembers its pages so 'page x of y' can be drawn once y is known."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                decorator.page_number(self, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas
