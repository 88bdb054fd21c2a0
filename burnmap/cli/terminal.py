"""Text on the terminal: control characters in names are shown escaped, never sent raw.

A photo called "a\\x1b]0;...\\x07.png" or a path with a line break would otherwise move the
cursor, retitle the window, fake an "error:" line or hide part of a message. Everything a command
prints about files, rows and refusals goes through `terminal()`; the log formatter of main.py too.
"""
from __future__ import annotations

import logging
import re

# C0 and C1 controls, DEL, and the invisible characters that reorder or hide text (bidi
# embeddings, overrides and isolates, the marks, the BOM, line and paragraph separators).
_UNSAFE = re.compile("[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069"
                     "\u061c\ufeff\u2028\u2029]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str, lines: bool = False) -> str:
    """`text` with every control character escaped (\\x1b, \\u202e, ...); with `lines`, line
    breaks (and tabs) the text itself is made of are kept."""
    if not lines:
        return _UNSAFE.sub(_escape, str(text))
    return "\n".join(_UNSAFE.sub(lambda m: "\t" if m.group() == "\t" else _escape(m), line)
                     for line in str(text).split("\n"))


class TerminalFormatter(logging.Formatter):
    """Log lines on stderr with the message's control characters escaped."""

    def format(self, record: logging.LogRecord) -> str:
        return terminal(super().format(record), lines=True)
