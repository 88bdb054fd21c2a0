"""Connecting signals to slots without letting the signal's arguments in.

Qt passes a signal's arguments to a slot that accepts them: `QAction.triggered(bool checked)`
and `QAbstractButton.clicked(bool checked)` fill the first parameter of a `lambda t=tool: ...`
or of a `functools.partial`, so the slot silently gets `False` instead of its value (the tool
keys once set the tool to False and turned the brush into an eraser). A slot that takes no
signal argument is connected through `call`, which accepts none.
"""
from __future__ import annotations

from collections.abc import Callable


def call(slot: Callable, *args, **kwargs) -> Callable[[], object]:
    """A slot of no parameters that calls `slot(*args, **kwargs)`, whatever the signal carries."""
    return lambda: slot(*args, **kwargs)
