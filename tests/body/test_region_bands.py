"""Region maps and pixel counts are computed over bands of rows to bound their memory on very
large photos; the bands must not change a single pixel or count."""
from __future__ import annotations

import numpy as np
import pytest

from burnmap.body import regions
from burnmap.clinical.assessment import count_pixels
from burnmap.photo import bands
from tests.helpers.figure import CLASSES, figure


def _maps(view: str, joints):
    labels, pose = figure(view=view)
    patient = labels > 0
    result = regions.to_clinical_regions(labels, CLASSES, view, pose if joints else None, patient)
    burn = np.zeros(labels.shape, np.uint8)
    burn[300:600, 120:280] = 3
    return result, count_pixels(result.ids, burn, result.covered)


@pytest.mark.parametrize(("view", "joints"), [("anterior", False), ("posterior", True),
                                          ("left", False)])
def test_banded_region_map_and_counts_equal_one_band(monkeypatch, view, joints):
    whole, whole_counts = _maps(view, joints)               # one band: the figure is 320k px
    monkeypatch.setattr(regions, "BAND_PIXELS", 7 * 400 + 13)  # 7 rows a band, not a divisor
    monkeypatch.setattr(bands, "BAND_PIXELS", 5 * 400 + 7)     # the surface map's bands
    banded, banded_counts = _maps(view, joints)
    assert np.array_equal(whole.ids, banded.ids)
    for name in ("cell", "weight", "shown"):
        assert np.array_equal(getattr(whole.surface, name), getattr(banded.surface, name)), name
    assert whole.joints == banded.joints
    assert np.array_equal(whole_counts, banded_counts)
    assert len(np.unique(whole.ids)) >= 8   # head, neck, trunk, limb segments


def test_quantile_from_counts_matches_numpy_percentile():
    rng = np.random.default_rng(0)
    for _ in range(200):
        values = rng.integers(0, 60, size=rng.integers(1, 50))
        for q in (0.1, 0.5, 0.9):
            assert regions._quantile(np.bincount(values), q) == pytest.approx(
                np.percentile(values, 100 * q), abs=1e-9)
