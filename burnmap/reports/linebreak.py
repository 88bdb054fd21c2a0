"""Line breaking for Chinese (and mixed) text in the report: where a line may end.

reportlab breaks lines at spaces, and cuts a word too long for its line anywhere; Chinese has no
spaces, so a table header or a legend line could start with "）" or "，", or end with "（". Its
`wordWrap='CJK'` mode only hangs one closing mark of a short list in the margin (no "，", "：",
"；", nothing about opening marks) and cuts Latin words. Here the usual Chinese rules (kinsoku):
no line starts with closing punctuation, none ends with opening punctuation, a break may fall
between two Chinese characters or at a space, never inside a Latin word or number. The same rule
serves paragraphs (`Para`) and the chart's own text lines (`wrap_text`).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine

# Closing marks, stops and continuation signs: never at the start of a line.
CANNOT_START = frozenset("）)]］｝}〕〉》」』】〗、。，．,.：:；;！!？?％%‰℃°’”…·・ー～")
# Opening marks: never at the end of a line.
CANNOT_END = frozenset("（([［｛{〔〈《「『【〖‘“")
FUZZ = 1e-6


def is_wide(char: str) -> bool:
    """A character of Chinese text (ideographs, kana, CJK and full-width punctuation): lines may
    break on either side of it, subject to the punctuation rules."""
    code = ord(char)
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFE30 <= code <= 0xFE4F \
        or 0xFF00 <= code <= 0xFFEF or 0x20000 <= code <= 0x3FFFF


def break_allowed(before: str, after: str) -> bool:
    """May a line end between `before` and `after`?"""
    if after in CANNOT_START or before in CANNOT_END or after.isspace():
        return False
    if before.isspace() or is_wide(before) or is_wide(after):
        return True
    # "Lund-Browder" may break after its hyphen; a number or a file name never.
    return before == "-" and after.isalpha()


def line_ranges(text: str, widths: Sequence[float], max_width: Callable[[int], float],
                forced: Callable[[int], bool] = lambda i: False) -> list[tuple[int, int, float]]:
    """Greedy lines over `text` (one width per character): (start, end, width) per line, spaces
    at a line's ends left out. `max_width(n)` is the width of line n; `forced(i)` ends a line
    after character i (an explicit line break)."""
    lines: list[tuple[int, int, float]] = []
    start, n = _skip_spaces(text, 0), len(text)
    i, used = start, 0.0
    while i < n:
        used += widths[i]
        if forced(i):
            lines.append(_trimmed(text, widths, start, i + 1))
            start = i = _skip_spaces(text, i + 1)
            used = 0.0
            continue
        if used > max_width(len(lines)) + FUZZ and i > start:
            end = _break_before(text, start, i)
            lines.append(_trimmed(text, widths, start, end))
            start = _skip_spaces(text, end)
            i, used = start, 0.0
            continue
        i += 1
    if start < n:
        lines.append(_trimmed(text, widths, start, n))
    return [line for line in lines if line[1] > line[0]] or [(0, 0, 0.0)]


def _break_before(text: str, start: int, over: int) -> int:
    """Where the line from `start` ends when character `over` no longer fits: the last allowed
    break at or before it; without one (a word longer than the line), at `over` itself, never
    leaving a closing mark to start the next line (it stays, slightly over the width)."""
    for k in range(over, start, -1):
        if break_allowed(text[k - 1], text[k]):
            return k
    end = over
    while end < len(text) and (text[end] in CANNOT_START or text[end].isspace()):
        end += 1
    return end


def _skip_spaces(text: str, i: int) -> int:
    while i < len(text) and text[i] == " ":
        i += 1
    return i


def _trimmed(text, widths, start: int, end: int) -> tuple[int, int, float]:
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end, sum(widths[start:end])


def wrap_text(text: str, width_of: Callable[[str], float], width: float) -> list[str]:
    """`text` in lines no wider than `width` (where the rules allow), widths by `width_of`."""
    widths = [width_of(char) for char in text]
    return [text[a:b] for a, b, _ in line_ranges(text, widths, lambda _n: width)]


class Para(Paragraph):
    """A paragraph broken by the rules above (reportlab's CJK mode, with its line breaker
    replaced); the text may mix fonts (burnmap.reports.fonts.literal)."""

    def breakLinesCJK(self, maxWidths):
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        self.height = 0
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara           # the rest of a paragraph split across pages
        chars = []
        for frag in self.frags:
            text = frag.text if isinstance(frag.text, str) else frag.text.decode("utf8")
            chars.extend(cjkU(t, frag, "utf8") for t in text) if text else \
                chars.append(cjkU("", frag, "utf8"))   # an explicit line break (<br/>)
        text = "".join(c if c else "\n" for c in chars)

        def max_width(n):
            return maxWidths[min(n, len(maxWidths) - 1)]
        lines = []
        for a, b, used in line_ranges(text, [c.width for c in chars], max_width,
                                      lambda i: hasattr(chars[i].frag, "lineBreak")):
            limit = max_width(len(lines))
            lines.append(makeCJKParaLine(chars[a:b], limit, used, limit - used, False, False))
        return ParaLines(kind=1, lines=lines)
