"""A parsing's consequences are derived off the GUI thread and adopted on it (PhotoState.derive /
adopt): the result equals deriving in place, and what changed in between is made again."""
from __future__ import annotations

import numpy as np

from burnmap.body.burn import DEEP_PARTIAL, FULL_THICKNESS, BurnMask
from burnmap.model.workspace import PhotoState
from burnmap.parsing.base import Instance, ModelIdentity, Parsing
from burnmap.photo import bands
from burnmap.photo.imaging import Photo
from tests.helpers.figure import CLASSES, figure


def _parsing():
    labels, joints = figure()
    person = np.ones(labels.shape, bool)
    return Parsing(labels, CLASSES, [], [Instance.create(20, "Human", 0.9, (0, 0, 399, 799),
                                                        person)],
                   ModelIdentity("test"), {}, dict(joints.points))


def _state():
    return PhotoState(Photo(np.zeros((800, 400, 3), np.uint8), "front.jpg", "JPEG", "RGB"))


def _same(a: PhotoState, b: PhotoState) -> None:
    assert a.view == b.view
    assert a.joints == b.joints
    assert a.person_index == b.person_index
    assert np.array_equal(a.regions.ids, b.regions.ids)
    assert np.array_equal(a.counts.counts, b.counts.counts)
    assert np.array_equal(a.burn.allowed, b.burn.allowed)


def test_derive_then_adopt_equals_set_parsing():
    direct, later = _state(), _state()
    direct.set_parsing(_parsing())
    parsed = later.derive(_parsing())
    assert later.parsing is None
    assert later.regions is None
    later.adopt(parsed)
    _same(direct, later)


def test_paint_while_deriving_is_counted():
    state, reference = _state(), _state()
    parsed = state.derive(_parsing())
    state.burn.stroke([(200, 250), (200, 300)], DEEP_PARTIAL, 20)   # painted meanwhile
    state.adopt(parsed)
    reference.set_parsing(_parsing())
    reference.burn.values[:] = state.burn.values
    reference.recount()
    assert state.counts.counts[:, DEEP_PARTIAL].sum() > 0
    assert np.array_equal(state.counts.counts, reference.counts.counts)


def test_a_stroke_open_at_adoption_is_counted_once():
    state = _state()
    parsed = state.derive(_parsing())
    state.burn.begin_stroke(FULL_THICKNESS, 15)
    state.burn.add_point(200, 250)
    state.adopt(parsed)                       # a stroke is still open: counted afresh
    state.record(state.burn.end_stroke())
    painted = int((state.burn.values == FULL_THICKNESS).sum())
    assert int(state.counts.counts[:, FULL_THICKNESS].sum()) == painted


def test_a_view_set_while_deriving_wins():
    state, reference = _state(), _state()
    parsed = state.derive(_parsing())
    state.set_view("posterior")               # no parsing yet: only remembered
    state.adopt(parsed)
    reference.set_view("posterior")
    reference.set_parsing(_parsing())
    assert state.view == "posterior"
    assert state.regions.view == "posterior"
    _same(state, reference)


def test_burn_copy_is_independent_and_keeps_the_revision():
    mask = BurnMask(50, 60)
    mask.stroke([(10, 10)], DEEP_PARTIAL, 4)
    copy = mask.copy()
    assert copy.revision == mask.revision
    assert np.array_equal(copy.values, mask.values)
    mask.stroke([(30, 30)], DEEP_PARTIAL, 4)
    assert copy.values[30, 30] == 0
    assert not copy.undo_stack


def test_banded_bincount_equals_numpy(monkeypatch):
    monkeypatch.setattr(bands, "BAND_PIXELS", 7 * 33 + 5)   # bands that do not divide the rows
    rng = np.random.default_rng(3)
    values = rng.integers(0, 12, (101, 33)).astype(np.uint8)
    where = rng.random((101, 33)) > 0.4
    assert np.array_equal(bands.bincount(values, 20), np.bincount(values.ravel(), minlength=20))
    assert np.array_equal(bands.bincount(values, 20, where),
                          np.bincount(values[where], minlength=20))
    assert np.array_equal(bands.bincount(values, 5), np.bincount(values.ravel()))  # grows
