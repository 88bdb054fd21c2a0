"""Burn mask edits: strokes, erasing, fills, clipping, and exact undo/redo."""
from __future__ import annotations

import numpy as np
import pytest

from burnmap.body.burn import (
    DEEP_PARTIAL,
    FULL_THICKNESS,
    NONE,
    SUPERFICIAL,
    UNDO_BYTES,
    UNDO_LIMIT,
    BurnMask,
)


def test_stroke_paints_a_round_capped_line_as_one_undo_step():
    mask = BurnMask(100, 120)
    patch = mask.stroke([(20, 50), (60, 50), (60, 80)], FULL_THICKNESS, radius=5)
    v = mask.values
    assert v[50, 20] == v[50, 40] == v[65, 60] == v[80, 60] == FULL_THICKNESS
    assert v[50, 15] == FULL_THICKNESS
    assert v[50, 14] == NONE
    assert v[56, 40] == NONE
    assert v[55, 40] == FULL_THICKNESS
    assert len(mask.undo_stack) == 1
    y0, x0, y1, x1 = patch.box
    assert (y0, x0, y1, x1) == (45, 15, 86, 66)
    assert patch.nbytes < 2 * 41 * 51 + 1  # the changed box only, not the whole mask


def test_undo_redo_restore_exactly():
    rng = np.random.default_rng(0)
    mask = BurnMask(64, 64)
    history = [mask.values.copy()]
    for _ in range(20):
        pts = rng.uniform(0, 64, size=(rng.integers(1, 6), 2))
        mask.stroke(pts, int(rng.integers(0, 5)), float(rng.uniform(1, 9)))
        if mask.undo_stack and not np.array_equal(history[-1], mask.values):
            history.append(mask.values.copy())
    for expected in reversed(history[:-1]):
        mask.undo()
        assert np.array_equal(mask.values, expected)
    assert mask.undo() is None
    for expected in history[1:]:
        mask.redo()
        assert np.array_equal(mask.values, expected)


def test_eraser_and_a_new_edit_clears_redo():
    mask = BurnMask(50, 50)
    mask.stroke([(25, 25)], DEEP_PARTIAL, 10)
    mask.stroke([(25, 25)], NONE, 3)
    assert mask.values[25, 25] == NONE
    assert mask.values[25, 33] == DEEP_PARTIAL
    mask.undo()
    assert mask.redo_stack
    mask.stroke([(5, 5)], SUPERFICIAL, 2)
    assert not mask.redo_stack


def test_painting_is_clipped_to_the_patient():
    allowed = np.zeros((40, 40), bool)
    allowed[:, :20] = True
    mask = BurnMask(40, 40, allowed=allowed)
    mask.stroke([(10, 20), (30, 20)], FULL_THICKNESS, 4)
    assert mask.values[20, 15] == FULL_THICKNESS
    assert mask.values[20, 25] == NONE
    assert not mask.values[:, 20:].any()


def test_fill_within_region():
    region = np.zeros((30, 30), bool)
    region[5:15, 5:15] = True
    region[20:25, 20:25] = True  # another island of the region: not connected to the seed
    mask = BurnMask(30, 30)
    patch = mask.fill_region(7, 7, DEEP_PARTIAL, region)
    assert (mask.values == DEEP_PARTIAL).sum() == 100
    assert patch.box == (5, 5, 15, 15)
    assert mask.fill_region(0, 0, DEEP_PARTIAL, region) is None


def test_clear_is_undoable():
    mask = BurnMask(20, 20)
    mask.stroke([(10, 10)], FULL_THICKNESS, 5)
    before = mask.values.copy()
    mask.clear()
    assert not mask.values.any()
    mask.undo()
    assert np.array_equal(mask.values, before)


def test_from_array_rejects_unknown_depths():
    with pytest.raises(ValueError, match=r"0\.\.4"):
        BurnMask.from_array(np.array([[0, 7]], np.uint8))
    assert BurnMask.from_array(np.array([[0, 4]], np.uint8)).values[0, 1] == 4


def test_invalid_brush():
    mask = BurnMask(10, 10)
    with pytest.raises(ValueError, match="unknown depth class 9"):
        mask.begin_stroke(9, 3)
    with pytest.raises(ValueError, match="brush radius must be positive"):
        mask.begin_stroke(1, 0)


def test_undo_history_keeps_the_last_hundred_steps():
    mask = BurnMask(20, 300)
    for x in range(UNDO_LIMIT + 30):
        mask.stroke([(x, 10)], FULL_THICKNESS, 0.5)  # one pixel per step
    assert UNDO_LIMIT == 100
    assert len(mask.undo_stack) == UNDO_LIMIT
    while mask.undo() is not None:
        pass
    # the 30 oldest steps were dropped: their pixels stay painted, the later ones are undone
    assert mask.values[10, :30].all()
    assert not mask.values[10, 30:].any()
    for _ in range(UNDO_LIMIT):
        assert mask.redo() is not None
    assert mask.redo() is None
    assert mask.values[10, :UNDO_LIMIT + 30].all()


def test_undo_history_is_bounded_in_bytes_and_keeps_the_newest_step():
    """Whole-photo fills on a big photo: 100 steps would hold GBs; the oldest go first."""
    mask = BurnMask(6000, 6000)                       # 36 MB; each fill's step holds 72 MB
    everywhere = np.ones(mask.shape, bool)
    for depth in (SUPERFICIAL, DEEP_PARTIAL, FULL_THICKNESS, SUPERFICIAL, DEEP_PARTIAL):
        assert mask.fill_region(0, 0, depth, everywhere) is not None
    held = sum(p.nbytes for p in mask.undo_stack)
    assert held <= UNDO_BYTES
    assert len(mask.undo_stack) == UNDO_BYTES // (2 * 36_000_000)
    # undoing every step kept goes back to the depth before the oldest kept step
    while mask.undo() is not None:
        pass
    assert (mask.values == DEEP_PARTIAL).all()        # the second fill; the first two dropped
    # a single step larger than the budget is still kept: the last edit can always be undone
    tiny = BurnMask(20, 20)
    import burnmap.body.burn as burn
    old, burn.UNDO_BYTES = burn.UNDO_BYTES, 10
    try:
        tiny.stroke([(5, 5), (15, 15)], FULL_THICKNESS, 3)
        assert len(tiny.undo_stack) == 1
        assert tiny.undo() is not None
        assert not tiny.values.any()
    finally:
        burn.UNDO_BYTES = old
