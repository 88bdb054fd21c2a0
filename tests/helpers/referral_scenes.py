"""Synthetic photos for the referral tests (tests/clinical/test_referral_rules.py,
test_referral_aba2022.py, test_clinical_numbers.py): every region its view can show as a 20 x 20
block (400 pixels); a burn paints the first n pixels of a block."""
from __future__ import annotations

import numpy as np

from burnmap.body.body_model import PATCHES, load_body_model, view_squareness
from burnmap.body.photo_counts import count_cells
from burnmap.body.regions import REGION_ID, REGIONS
from burnmap.body.surface_map import WEIGHT_UNIT, SurfaceMap
from burnmap.clinical.assessment import PhotoCounts, assess

BLOCK = 20
FULL = BLOCK * BLOCK
ANTERIOR_ONLY, POSTERIOR_ONLY = {"genitalia"}, {"buttock_left", "buttock_right"}
JOINTS = [f"{s}_{j}" for s in ("left", "right")
          for j in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")]


def _photo(view, burns=None, omit=(), covered=None) -> PhotoCounts:
    """burns: region -> (depth, burned pixels of 400); covered: region -> clothed pixels."""
    hidden = POSTERIOR_ONLY if view == "anterior" else ANTERIOR_ONLY
    shown = [r for r in REGIONS if r not in hidden and r not in omit]
    ids = np.zeros((BLOCK, BLOCK * len(shown)), np.int32)
    burn = np.zeros(ids.shape, np.uint8)
    clothes = np.zeros(ids.shape, bool)
    for i, region in enumerate(shown):
        block = np.s_[:, i * BLOCK:(i + 1) * BLOCK]
        ids[block] = REGION_ID[region]
        depth, n = (burns or {}).get(region, (0, 0))
        burn[block] = np.where(np.arange(FULL) < n, depth, 0).reshape(BLOCK, BLOCK)
        clothes[block] = (np.arange(FULL) >= FULL - (covered or {}).get(region, 0)).reshape(
            BLOCK, BLOCK)
    surface = _diagram_surface(ids, view)
    return PhotoCounts(view, *count_cells(surface.cell, surface.weight, burn, clothes), surface)


def _diagram_surface(ids, view) -> SurfaceMap:
    """A block diagram, not a photo: each block shows the whole surface its view faces, its
    pixels all in one cell of it (so % of region is the share of the block's pixels)."""
    model = load_body_model()
    cell = np.zeros(ids.shape, np.uint16)
    shown = np.zeros(model.n_cells, bool)
    for region in REGIONS:
        mine = ids == REGION_ID[region]
        if not mine.any():
            continue
        if region in PATCHES:
            cell[mine] = model.patch_cell(region)
            shown[model.patch_cell(region)] = True
            continue
        visible = np.flatnonzero(view_squareness(region, view) > 0)
        base = model.solid_base(region)
        cell[mine] = base + visible[len(visible) // 2]
        grid = base + np.arange(model.axis_bins)[:, None] * model.angle_bins + visible[None, :]
        shown[grid.ravel()] = True
    return SurfaceMap(view, cell, np.full(ids.shape, WEIGHT_UNIT, np.uint16), shown,
                      np.ones(model.n_cells, np.float32))


def _both(front=None, back=None, age=30, **kw):
    """Anterior and posterior photos: the whole body assessed."""
    return assess([_photo("anterior", front, **kw), _photo("posterior", back, **kw)], age)


def _item(items, start):
    found = [i for i in items if i.criterion.startswith(start)]
    assert len(found) == 1, (start, [i.criterion for i in items])
    return found[0]


def _status(items, start):
    return _item(items, start).status
