"""What every page of the report carries: the two patient identifiers, the assessment's time and
"page x of y", all in the embedded fonts; and the paragraph and heading helpers the report uses.
"""
from __future__ import annotations

from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Table, TableStyle

from burnmap.model.patient import Patient, printable
from burnmap.reports.fonts import LATIN, literal
from burnmap.reports.linebreak import Para, is_wide

# A heading is never the last thing on a page: it moves to the next one unless it fits together
# with this many lines (rows) of what it heads.
LINES_WITH_HEADING = 3


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """`text` printed literally; Chinese (or mixed) text broken by the Chinese rules."""
    if any(is_wide(c) for c in str(text)):
        return Para(literal(text), ParagraphStyle(f"{style.name}-cjk", parent=style,
                                                  wordWrap="CJK"))
    return Paragraph(literal(text), style)


def table(rows, style=(), **kwargs) -> Table:
    """A table whose cells use the embedded font even where nothing is written with it
    (reportlab's default cell font, Helvetica, is never embedded, yet would be listed)."""
    result = Table(rows, **kwargs)
    result.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), LATIN), *style]))
    return result


class RoomFor(CondPageBreak):
    """A page break unless the heading and the first lines (or table rows) of what follows fit
    in what is left of the page: keep-with-next that still lets a long table run on."""

    def __init__(self, heading: Paragraph, following):
        super().__init__(0)
        self.heading, self.following = heading, following

    def wrap(self, availWidth, availHeight):
        _, heading = self.heading.wrap(availWidth, availHeight)
        self.height = heading + self.heading.getSpaceBefore() + self.heading.getSpaceAfter() + \
            _start_height(self.following, availWidth)
        return super().wrap(availWidth, availHeight)


def _start_height(flowable, width: float) -> float:
    if isinstance(flowable, Table):
        flowable.wrap(width, 10_000)
        shown = getattr(flowable, "repeatRows", 0) or 0
        return sum(flowable._rowHeights[:shown + LINES_WITH_HEADING])
    _, height = flowable.wrap(width, 10_000)
    leading = getattr(getattr(flowable, "style", None), "leading", height)
    return min(height, LINES_WITH_HEADING * leading)


def section(heading: Paragraph, first, *rest) -> list:
    """A heading kept with the start of its content."""
    return [RoomFor(heading, first), heading, first, *rest]


def when(moment: datetime) -> str:
    """e.g. 2026-11-23 09:30 UTC+01:00: the time as the clinician saw it, with its offset."""
    offset = moment.strftime("%z")
    return moment.strftime("%Y-%m-%d %H:%M") + f" UTC{offset[:3]}:{offset[3:]}"


def identifiers(patient: Patient, t) -> str:
    """Two identifiers: the name plus the record number, or the date of birth without one."""
    second = (t("{0}: {1}").format(t("Record number"), printable(patient.record_number))
              if printable(patient.record_number) else
              t("{0}: {1}").format(t("Date of birth"), patient.date_of_birth.isoformat())
              if patient.date_of_birth else
              t("{0}: {1}").format(t("Record number"), t("unknown")))
    name = t("{0}: {1}").format(t("Patient"), printable(patient.name) or t("unknown"))
    return t("{0} · {1}").format(name, second)


class PageDecorator:
    """Header and footer of every page (identifiers, time; page x of y is drawn at save)."""

    def __init__(self, patient: Patient, assessed_at: datetime, t):
        self.ident = identifiers(patient, t)
        self.when = t("{0}: {1}").format(t("Assessment"), when(assessed_at))
        self.t = t
        self.style = ParagraphStyle("hdr", fontName=LATIN, fontSize=8, leading=10)

    def __call__(self, canvas, doc) -> None:
        canvas.saveState()
        width, height = A4
        for text, y in ((self.ident, height - 12 * mm), (self.when, height - 16 * mm)):
            self._one_line(text, width - 30 * mm).drawOn(canvas, 15 * mm, y)
        canvas.setStrokeColor(colors.grey)
        canvas.line(15 * mm, height - 18 * mm, width - 15 * mm, height - 18 * mm)
        canvas.restoreState()

    def _one_line(self, text: str, width: float) -> Paragraph:
        """The header line in the largest size that keeps it on one line: a long name must
        neither run into the next line nor be cut."""
        for size in (8, 7, 6, 5, 4):
            style = ParagraphStyle(f"hdr{size}", parent=self.style, fontSize=size,
                                   leading=size * 1.25)
            line = para(text, style)
            line.wrap(width, 10 * mm)
            if len(line.blPara.lines) <= 1:
                break
        return line

    def page_number(self, canvas, page: int, total: int) -> None:
        canvas.saveState()
        line = para(self.t("Page {0} of {1}").format(page, total), self.style)
        line.wrapOn(canvas, 60 * mm, 10 * mm)
        line.drawOn(canvas, A4[0] - 15 * mm - line.minWidth(), 10 * mm)
        canvas.restoreState()


def numbered_canvas(decorator: PageDecorator):
    """A canvas that remembers its pages so 'page x of y' can be drawn once y is known; its
    initial font is the embedded one (reportlab's default, Helvetica, is never embedded)."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            kwargs["initialFontName"] = LATIN
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
