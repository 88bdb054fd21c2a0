"""Embedded fonts for reports and literal, fallback-aware text for reportlab paragraphs.

Reports embed the TTF fonts shipped in burnmap/resources/fonts, so a report prints the same on any
machine. reportlab has no glyph fallback, so text is split into runs: characters DejaVu Sans has
stay in it, the others (Chinese) go to Droid Sans Fallback. User text is escaped first, so `<`,
`&` or quotes are printed as typed and never read as markup.
"""
from __future__ import annotations

import re
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from burnmap.system.paths import resources_dir

LATIN, LATIN_BOLD, CJK = "BurnMapSans", "BurnMapSans-Bold", "BurnMapCJK"
# Hebrew, Arabic (and their presentation forms): scripts written right to left.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


@lru_cache(maxsize=1)
def register_fonts() -> None:
    fonts = resources_dir() / "fonts"
    for name, file in ((LATIN, "DejaVuSans.ttf"), (LATIN_BOLD, "DejaVuSans-Bold.ttf"),
                       (CJK, "DroidSansFallbackFull.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(fonts / file)))
    pdfmetrics.registerFontFamily(LATIN, normal=LATIN, bold=LATIN_BOLD, italic=LATIN,
                                  boldItalic=LATIN_BOLD)


@lru_cache(maxsize=4096)
def _has_latin_glyph(char: str) -> bool:
    face = pdfmetrics.getFont(LATIN).face
    return ord(char) in face.charToGlyph


def _has_cjk_glyph(char: str) -> bool:
    return ord(char) in pdfmetrics.getFont(CJK).face.charToGlyph


def visual(text: str) -> str:
    """Text in the order it is drawn: reportlab lays characters out left to right, so right-to-
    left runs (a Hebrew or Arabic name) are reordered by the Unicode bidi algorithm and Arabic
    letters take their joined forms; the line itself stays left to right."""
    if not _RTL.search(text):
        return text
    import arabic_reshaper
    from bidi import get_display
    return get_display(arabic_reshaper.reshape(text), base_dir="L")


def literal(text: str) -> str:
    """Paragraph markup that prints `text` exactly, each character in a font that has it."""
    register_fonts()
    runs, current, in_cjk = [], [], False
    for char in visual(str(text)):
        use_cjk = not _has_latin_glyph(char) and _has_cjk_glyph(char)
        if use_cjk != in_cjk and current:
            runs.append((in_cjk, "".join(current)))
            current = []
        in_cjk = use_cjk
        current.append(char)
    if current:
        runs.append((in_cjk, "".join(current)))
    return "".join(f'<font name="{CJK}">{escape(t)}</font>' if cjk else escape(t)
                   for cjk, t in runs)


def font_runs(text: str, latin: str = LATIN) -> list[tuple[str, str]]:
    """`text` split into (font name, characters) runs, each in a font that has its glyphs: for
    drawing text outside paragraphs (reportlab.graphics strings), where there is no markup."""
    register_fonts()
    runs: list[tuple[str, str]] = []
    for char in str(text):
        font = CJK if not _has_latin_glyph(char) and _has_cjk_glyph(char) else latin
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + char)
        else:
            runs.append((font, char))
    return runs
