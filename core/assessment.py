"""The assessment: per region and surface, the burned fraction by depth ("% of region") and its
contribution to the total body surface ("% TBSA" = fraction x the Lund-Browder share of that
region's surface for the patient's age band).

A pure function of the photos' region maps and burn masks. Region-surfaces that no photo shows are
listed as not assessed, never reported as 0. Total %TBSA counts partial and full thickness only;
superficial burns are reported separately (they do not count for resuscitation).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .burn import DEPTH_NAMES, DEPTHS, SUPERFICIAL
from .fluids import FluidEstimate, estimate_fluids
from .lund_browder import LundBrowder, age_band, load_lund_browder
from .regions import REGION_ID, REGIONS

COUNTED_DEPTHS = tuple(d for d in DEPTHS if d != SUPERFICIAL)
# A region smaller than this on a photo is too small to measure: an absolute floor, and a share of
# the photo so that the decision does not change when the same photo is stored larger.
MIN_REGION_PIXELS = 100
MIN_REGION_FRACTION = 0.001
VIEW_SURFACE = {"anterior": "anterior", "posterior": "posterior"}
N_IDS = len(REGIONS) + 1
# Rule of Nines (adult): each group's share, split evenly between the two surfaces except where
# the chart assigns it to one (trunk front/back 18 each, perineum front).
RULE_OF_NINES = {
    "head and neck": (("head", "neck"), {"anterior": 4.5, "posterior": 4.5}),
    "left arm": (("upper_arm_left", "forearm_left", "hand_left"), {"anterior": 4.5, "posterior": 4.5}),
    "right arm": (("upper_arm_right", "forearm_right", "hand_right"),
                  {"anterior": 4.5, "posterior": 4.5}),
    "trunk": (("trunk", "buttock_left", "buttock_right"), {"anterior": 18, "posterior": 18}),
    "left leg": (("thigh_left", "lower_leg_left", "foot_left"), {"anterior": 9, "posterior": 9}),
    "right leg": (("thigh_right", "lower_leg_right", "foot_right"),
                  {"anterior": 9, "posterior": 9}),
    "perineum": (("genitalia",), {"anterior": 1}),
}


def count_pixels(region_ids: np.ndarray, burn: np.ndarray) -> np.ndarray:
    """counts[region id, depth]: pixels of each region by burn depth class (0 = unburned)."""
    if region_ids.shape != burn.shape:
        raise ValueError("region map and burn mask sizes differ")
    flat = region_ids.ravel().astype(np.intp) * 5 + burn.ravel()
    return np.bincount(flat, minlength=N_IDS * 5).reshape(N_IDS, 5)


@dataclass
class PhotoCounts:
    """Pixel counts of one photo, kept up to date stroke by stroke."""
    view: str
    counts: np.ndarray

    @staticmethod
    def of(region_ids: np.ndarray, burn: np.ndarray, view: str) -> "PhotoCounts":
        return PhotoCounts(view, count_pixels(region_ids, burn))

    def update(self, region_ids: np.ndarray, box, old: np.ndarray, new: np.ndarray) -> None:
        """Re-count only an edit's bounding box (y0, x0, y1, x1) from its old and new values."""
        y0, x0, y1, x1 = box
        ids = region_ids[y0:y1, x0:x1]
        self.counts -= count_pixels(ids, old)
        self.counts += count_pixels(ids, new)


@dataclass
class RegionRow:
    region: str
    surface: str
    photo: int
    region_pixels: int
    percent_of_region: dict[str, float]    # depth name -> % of this region's visible surface
    share_percent: float                   # Lund-Browder %TBSA of this region-surface
    tbsa_percent: dict[str, float]         # depth name -> % TBSA contribution

    @property
    def tbsa_counted(self) -> float:
        return sum(self.tbsa_percent[DEPTH_NAMES[d]] for d in COUNTED_DEPTHS)


@dataclass
class Assessment:
    age_band: str
    rows: list[RegionRow]
    tbsa_by_depth: dict[str, float]
    tbsa_total_percent: float              # partial + full thickness
    superficial_tbsa_percent: float
    not_assessed: list[tuple[str, str]]
    warnings: list[str]
    rule_of_nines_total: float | None
    fluids: FluidEstimate | None = None
    assessed_share_percent: float = 0.0
    notes: list[str] = field(default_factory=list)


def assess(photos: list[PhotoCounts], age_years: float, weight_kg: float | None = None,
           hours_since_injury: float | None = None, fluid_given_ml: float = 0.0,
           chosen: dict[tuple[str, str], int] | None = None,
           chart: LundBrowder | None = None) -> Assessment:
    """%TBSA by depth from the photos' counts; `chosen` picks the photo for a region-surface."""
    chart = chart or load_lund_browder()
    band = age_band(age_years)
    rows, not_assessed, warnings = [], [], []
    for region, surface in chart.region_surfaces():
        source = _source_photo(photos, region, surface, (chosen or {}).get((region, surface)))
        if source is None:
            not_assessed.append((region, surface))
            continue
        row, warning = _row(photos, source, region, surface, chart.share(region, surface, band))
        if row is None:
            not_assessed.append((region, surface))
        else:
            rows.append(row)
        if warning:
            warnings.append(warning)
    by_depth = {DEPTH_NAMES[d]: sum(r.tbsa_percent[DEPTH_NAMES[d]] for r in rows) for d in DEPTHS}
    total = sum(by_depth[DEPTH_NAMES[d]] for d in COUNTED_DEPTHS)
    nines = _rule_of_nines(rows, chart, band)
    if nines is not None and abs(nines - total) > max(5.0, 0.25 * total):
        warnings.append(f"Rule of Nines cross-check gives {nines:.1f} % TBSA against "
                        f"{total:.1f} % TBSA (Lund-Browder): check the regions")
    fluids = estimate_fluids(total, weight_kg, age_years, hours_since_injury, fluid_given_ml) \
        if weight_kg else None
    return Assessment(band, rows, by_depth, total, by_depth[DEPTH_NAMES[SUPERFICIAL]],
                      not_assessed, warnings, nines, fluids,
                      sum(r.share_percent for r in rows))


def _source_photo(photos, region, surface, chosen) -> int | None:
    """The photo whose view shows this surface; with several, the clinician's pick or the
    one showing the region largest."""
    candidates = [i for i, p in enumerate(photos) if VIEW_SURFACE.get(p.view) == surface
                  and p.counts[REGION_ID[region]].sum() > 0]
    if chosen in candidates:
        return chosen
    if not candidates:
        return None
    return max(candidates, key=lambda i: photos[i].counts[REGION_ID[region]].sum())


def _row(photos, index, region, surface, share) -> tuple[RegionRow | None, str | None]:
    counts = photos[index].counts[REGION_ID[region]]
    pixels = int(counts.sum())
    label = f"{region.replace('_', ' ')} ({surface})"
    if pixels < max(MIN_REGION_PIXELS, MIN_REGION_FRACTION * photos[index].counts.sum()):
        return None, f"{label}: too small to measure on the photo ({pixels} pixels); not assessed"
    percent = {DEPTH_NAMES[d]: float(100.0 * counts[d] / pixels) for d in DEPTHS}
    tbsa = {name: value / 100.0 * share for name, value in percent.items()}
    return RegionRow(region, surface, index, pixels, percent, share, tbsa), None


def _rule_of_nines(rows: list[RegionRow], chart: LundBrowder, band: str) -> float | None:
    """The same burned fractions weighted by the Rule of Nines instead of Lund-Browder."""
    if not rows:
        return None
    by_key = {(r.region, r.surface): r for r in rows}
    total = 0.0
    for members, shares in RULE_OF_NINES.values():
        for surface, nine in shares.items():
            parts = [(by_key[(m, surface)], chart.share(m, surface, band)) for m in members
                     if (m, surface) in by_key]
            weight = sum(s for _, s in parts)
            if weight:
                burned = sum(r.tbsa_counted for r, _ in parts) / weight
                total += burned * nine
    return total


def assessment_to_dict(result: Assessment) -> dict:
    """The assessment as plain data (JSON-ready): what the case file and the CLI store."""
    fluids = result.fluids
    return {
        "age_band": result.age_band,
        "regions": [{"region": r.region, "side": r.surface, "region_pixels": r.region_pixels,
                     "percent_of_region": r.percent_of_region,
                     "lund_browder_share_percent": r.share_percent,
                     "tbsa_percent": r.tbsa_percent, "tbsa_counted_percent": r.tbsa_counted}
                    for r in result.rows],
        "tbsa_by_depth": result.tbsa_by_depth,
        "tbsa_total_percent": result.tbsa_total_percent,
        "superficial_tbsa_percent": result.superficial_tbsa_percent,
        "not_assessed": [{"region": r, "side": s} for r, s in result.not_assessed],
        "warnings": list(result.warnings),
        "rule_of_nines_total_percent": result.rule_of_nines_total,
        "fluids": None if fluids is None else _fluids_to_dict(fluids),
    }


def _fluids_to_dict(f) -> dict:
    return {"weight_kg": f.weight_kg, "tbsa_percent": f.tbsa_percent, "child": f.child,
            "hours_since_injury": f.hours_since_injury, "fluid_given_ml": f.fluid_given_ml,
            "formulas": [vars(v) for v in f.formulas],
            "maintenance_ml_per_h": f.maintenance_ml_per_h,
            "resuscitation_threshold_percent": f.resuscitation_threshold_percent,
            "resuscitation_indicated": f.resuscitation_indicated,
            "urine_output_target_ml_per_h": f.urine_target_ml_per_h, "notes": list(f.notes)}


def compare_assessments(earlier: dict, later: dict) -> list[dict]:
    """Region by region, %TBSA (partial + full thickness) at two dates and the change. A
    region-surface assessed at only one date is listed with None for the other, never 0."""
    def by_key(result):
        return {(r["region"], r["side"]): r["tbsa_counted_percent"] for r in result["regions"]}
    a, b = by_key(earlier), by_key(later)
    rows = []
    for key in sorted(set(a) | set(b)):
        before, after = a.get(key), b.get(key)
        change = None if before is None or after is None else after - before
        rows.append({"region": key[0], "side": key[1], "earlier": before, "later": after,
                     "change": change})
    return rows
