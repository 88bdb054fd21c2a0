"""The assessment: per region and surface, the burned fraction by depth ("% of region") and its
contribution to the total body surface ("% TBSA" = fraction x the Lund-Browder share of that
region's surface for the patient's age band).

A pure function of the photos' counts. The fractions are of the body's surface, not of pixels:
each pixel stands for the skin it covers (core.surface_map) and each part of a region's surface
is measured on the one photo that sees it most squarely (core.surface_assess). Region-surfaces
that no photo shows are listed as not assessed, never reported as 0; a region-surface shown in
part is assessed in part. Total %TBSA counts partial and full thickness only; superficial burns
are reported separately (they do not count for resuscitation).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .body_model import N_IDS, REGION_ID
from .burn import DEPTH_NAMES, DEPTHS, SUPERFICIAL
from .fluids import DEFAULT_POLICY, FluidEstimate, estimate_fluids, fluids_to_dict
from .lund_browder import LundBrowder, age_band, load_lund_browder
from .messages import Message, region_surface
from .photo_counts import COVERED, PhotoCounts, count_pixels
from .surface_assess import (Measured, all_numbers, choose, dropped_burns, measured_sums,
                             surface_cells)
from .vocabulary import age_band_range

__all__ = ["Assessment", "RegionRow", "Uncounted", "PhotoCounts", "assess",
           "assessment_to_dict", "compare_assessments", "count_pixels", "COVERED"]

COUNTED_DEPTHS = tuple(d for d in DEPTHS if d != SUPERFICIAL)
# An unburned region smaller than this on its photo is too small to judge and is left "not
# assessed" there; a region with burned pixels is always counted and, below it, flagged as
# small. The floor is relative to the patient's body on that photo, not to the photo (a big
# photo must not make a burned forearm vanish), with an absolute minimum of pixels.
MIN_REGION_PIXELS = 100
SMALL_OF_BODY = 0.002
# A region-surface mostly under clothing is not assessed (unless burned pixels were painted).
MOSTLY_COVERED = 0.5
NOTE_COVERED = 0.1
# Below this share of the body surface assessed, a total is of part of the body only (the
# margin absorbs the floating-point sum of the Lund-Browder shares).
WHOLE_BODY_PERCENT = 99.95
# Rule of Nines (adult): each group's share, split evenly between the two surfaces except where
# the chart assigns it to one (trunk front/back 18 each, perineum front). Children get the
# paediatric modification in _nines_shares.
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


@dataclass
class RegionRow:
    region: str
    surface: str
    photo: int                             # the photo that measured most of it
    region_pixels: int                     # its pixels of skin on that photo
    percent_of_region: dict[str, float]    # depth name -> % of this region's assessed skin
    share_percent: float                   # Lund-Browder %TBSA of this region-surface
    tbsa_percent: dict[str, float]         # depth name -> % TBSA contribution
    covered_percent: float = 0.0           # share of the measured surface under clothing
    view: str = ""                         # the view of the photo that measured most of it
    small: bool = False                    # small on its photo: measure on a close-up
    assessed_percent: float = 100.0        # % of the region-surface any photo measured
    measured_by: list[Measured] = field(default_factory=list)   # which photo measured what

    @property
    def assessed_share_percent(self) -> float:
        """The part of the region's Lund-Browder share actually seen (skin, not clothing)."""
        return self.share_percent * self.assessed_percent / 100 * (1 - self.covered_percent / 100)

    @property
    def tbsa_counted(self) -> float:
        return sum(self.tbsa_percent[DEPTH_NAMES[d]] for d in COUNTED_DEPTHS)


@dataclass(frozen=True)
class Uncounted:
    """A painted burn left out of the total: on a region-surface another photo measures
    (region and surface given), or outside the body regions (region None). Referral reads
    this, never the warnings' wording."""
    photo: str                             # the photo it was painted on, as labelled
    region: str | None = None
    surface: str | None = None


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
    assessed_share_percent: float = 0.0    # % of the body surface the photos assessed
    notes: list[str] = field(default_factory=list)
    referral: list = field(default_factory=list)   # core.referral.ReferralItem, set by Workspace
    referral_guideline: str = ""
    caveats: list[str] = field(default_factory=list)   # said with every total (Workspace)
    # (cells, their sums) as measured, for drawing the burn in place (core.chart_burns)
    measured_cells: tuple | None = field(default=None, repr=False, compare=False)
    uncounted: list[Uncounted] = field(default_factory=list)   # painted, not in the total

    @property
    def age_band_range(self) -> str:
        return age_band_range(self.age_band, "en")   # JSON keeps English

    def coverage_text(self) -> Message:
        """'of 48.0 % of the body surface assessed': said beside every total, with the
        caveats that qualify every total (e.g. a parser that cannot see clothing)."""
        text = Message("of {0:.1f} % of the body surface assessed", self.assessed_share_percent)
        for caveat in self.caveats:
            text = Message("{0} ({1})", text, caveat)
        return text


def assess(photos: list[PhotoCounts], age_years: float, weight_kg: float | None = None,
           hours_since_injury: float | None = None, fluid_given_ml: float | None = None,
           chosen: dict[tuple[str, str], int] | None = None,
           chart: LundBrowder | None = None, late_start_policy: str = DEFAULT_POLICY,
           electrical_injury: bool = False) -> Assessment:
    """%TBSA by depth from the photos' counts; `chosen` picks the photo for a region-surface
    (where it shows it). Every part of the surface is measured on one photo only (never
    counted twice); burns painted elsewhere and left out are named in a warning and listed in
    Assessment.uncounted."""
    chart = chart or load_lund_browder()
    band = age_band(age_years)
    usable, small = _judgeable(photos)
    choice = choose(photos, usable, chosen) if photos else None
    stack = np.stack([p.sums for p in photos]) if photos else None
    cells = None if choice is None else measured_sums(stack, choice)
    measured = {} if choice is None else all_numbers(choice, cells, len(photos))
    rows, not_assessed, warnings = [], [], []
    for region, surface in chart.region_surfaces():
        found = measured.get((region, surface))
        row, warning = (None, _unjudged(photos, small, region, surface)) if found is None \
            else _row(photos, found, chart.share(region, surface, band), small)
        if row is not None:
            rows.append(row)
        else:
            not_assessed.append((region, surface))
        warnings += [warning] if warning else []
    dropped = [] if choice is None else dropped_burns(stack, choice)
    outside = [i for i, p in enumerate(photos) if p.counts[0][1:COVERED].sum() > 0]
    warnings += _dropped_warnings(photos, dropped) + _outside_body(photos, outside)
    result = _totals(rows, not_assessed, warnings, band, chart, age_years, weight_kg,
                     (hours_since_injury, fluid_given_ml, late_start_policy, electrical_injury))
    result.measured_cells = cells
    result.uncounted = [Uncounted(photos[d.painted].label(d.painted), d.region, d.surface)
                        for d in dropped] + [Uncounted(photos[i].label(i)) for i in outside]
    return result


def _totals(rows, not_assessed, warnings, band, chart, age_years, weight_kg,
            fluids) -> Assessment:
    """The sums, notes and fluids; `fluids` is (hours since injury, fluid given, late-start
    policy, electrical injury)."""
    by_depth = {DEPTH_NAMES[d]: sum(r.tbsa_percent[DEPTH_NAMES[d]] for r in rows) for d in DEPTHS}
    total = sum(by_depth[DEPTH_NAMES[d]] for d in COUNTED_DEPTHS)
    assessed = sum(r.assessed_share_percent for r in rows)
    result = Assessment(band, rows, by_depth, total, by_depth[DEPTH_NAMES[SUPERFICIAL]],
                        not_assessed, warnings, _rule_of_nines(rows, chart, band, age_years),
                        None, assessed)
    if result.rule_of_nines_total is not None:
        result.notes.append(_nines_note(result, age_years))
    if assessed < WHOLE_BODY_PERCENT:
        warnings.append(Message("only {0:.1f} % of the body surface was assessed: the total "
                                "counts what the photos show, nothing is extrapolated", assessed))
    if weight_kg:   # a partial assessment is said with the volumes and the threshold
        result.fluids = estimate_fluids(total, weight_kg, age_years, *fluids,
                                        None if assessed >= WHOLE_BODY_PERCENT else assessed)
    return result


def _judgeable(photos) -> tuple[np.ndarray, np.ndarray]:
    """usable[p, id]: region big enough on photo p to judge, or burned there; small[p, id]:
    below the size floor."""
    usable = np.ones((len(photos), N_IDS), bool)
    small = np.zeros((len(photos), N_IDS), bool)
    for p, photo in enumerate(photos):
        pixels = photo.counts.sum(1)       # skin and clothing: clothing is judged later
        burned = photo.counts[:, 1:COVERED].sum(1) > 0
        floor = max(MIN_REGION_PIXELS, SMALL_OF_BODY * int(photo.counts[1:].sum()))
        small[p] = photo.counts[:, :COVERED].sum(1) < floor
        usable[p] = (pixels >= floor) | burned
    return usable, small


def _row(photos, found, share, small) -> tuple[RegionRow | None, str | None]:
    label = region_surface(found.region, found.surface)
    burned = sum(found.percent_of_skin[d] for d in DEPTHS) > 0
    if not burned and found.covered_percent > 100 * MOSTLY_COVERED:
        return None, Message("{0}: {1:.0%} covered by clothing; not assessed", label,
                             found.covered_percent / 100)
    main = found.main_photo
    rid = REGION_ID[found.region]
    for m in found.measured_by:
        m.name, m.view = photos[m.photo].name, photos[m.photo].view
    row = RegionRow(found.region, found.surface, main,
                    int(photos[main].counts[rid, :COVERED].sum()),
                    {DEPTH_NAMES[d]: found.percent_of_skin[d] for d in DEPTHS}, share, {},
                    found.covered_percent, photos[main].view,
                    bool(any(small[m.photo, rid] for m in found.measured_by)),
                    found.assessed_percent, found.measured_by)
    row.tbsa_percent = {n: v / 100.0 * row.assessed_share_percent
                        for n, v in row.percent_of_region.items()}
    return row, _row_warning(row, label, photos[main].label(main))


def _row_warning(row: RegionRow, label: Message, photo: Message) -> Message | None:
    if row.small:
        return Message("{0}: burned but small on {1} ({2} pixels): counted; check it on a "
                       "close-up", label, photo, row.region_pixels)
    if row.covered_percent >= 100 * NOTE_COVERED:
        return Message("{0}: {1:.0f} % covered by clothing: % of region is of the visible skin; "
                       "the covered part is not assessed", label, row.covered_percent)
    return None


def _unjudged(photos, small, region, surface) -> Message | None:
    """Why a region-surface a photo shows is not assessed: too small there to judge."""
    cells = surface_cells(region, surface)
    rid = REGION_ID[region]
    for p, photo in enumerate(photos):
        if small[p, rid] and photo.surface.shown[cells].any():
            return Message("{0}: too small to judge on the photo ({1} pixels); not assessed",
                           region_surface(region, surface),
                           int(photo.counts[rid, :COVERED].sum()))
    return None


def _dropped_warnings(photos, dropped) -> list[Message]:
    return [Message("{0}: the burn painted on {1} over {2:.0f} % of this surface is not added: "
                    "{3} measures that part (it sees it more squarely) and shows less burn "
                    "there", region_surface(d.region, d.surface), photos[d.painted].label(
                        d.painted), d.area_percent, photos[d.measured].label(d.measured))
            for d in dropped]


def _outside_body(photos, outside) -> list[Message]:
    return [Message("{0}: {1} burned pixels lie outside the patient's body regions (background "
                    "or another person): not counted", photos[i].label(i),
                    int(photos[i].counts[0][1:COVERED].sum()))
            for i in outside]


def _nines_shares(age_years: float) -> dict:
    """The Rule of Nines, with the paediatric modification under 10 years: at under one year the
    head 18 % and each leg 13.5 % (the adult 18 less 4.5), the perineum 1 % as in adults; then
    the head 1 % less and each leg 0.5 % more per year."""
    if age_years >= 10:
        return RULE_OF_NINES
    years = min(max(int(age_years) - 1, 0), 9) if age_years >= 1 else 0
    head, leg = (18 - years) / 2, (13.5 + years / 2) / 2
    shares = dict(RULE_OF_NINES)
    shares["head and neck"] = (RULE_OF_NINES["head and neck"][0], {"anterior": head,
                                                                     "posterior": head})
    for name in ("left leg", "right leg"):
        shares[name] = (RULE_OF_NINES[name][0], {"anterior": leg, "posterior": leg})
    return shares


def _rule_of_nines(rows: list[RegionRow], chart: LundBrowder, band: str,
                   age_years: float) -> float | None:
    """The same burned fractions weighted by the Rule of Nines instead of Lund-Browder."""
    if not rows:
        return None
    by_key = {(r.region, r.surface): r for r in rows}
    total = 0.0
    for members, shares in _nines_shares(age_years).values():
        for surface, nine in shares.items():
            parts = [(by_key[(m, surface)], chart.share(m, surface, band)) for m in members
                     if (m, surface) in by_key]
            weight = sum(s for _, s in parts)
            if weight:
                burned = sum(r.tbsa_counted for r, _ in parts) / weight
                total += burned * nine
    return total


def _nines_note(result: Assessment, age_years: float) -> Message:
    rule = Message("paediatric Rule of Nines") if age_years < 10 else Message("Rule of Nines")
    return Message("{0}: {1:.1f} % TBSA against {2:.1f} % TBSA by Lund-Browder (information "
                   "only: Lund-Browder is the measure)", rule, result.rule_of_nines_total,
                   result.tbsa_total_percent)


def parts_add_up(parts: list[float], total: float, digits: int) -> bool:
    """Whether parts rounded to `digits` decimals add up to the total so rounded (else the
    display says they are rounded separately: 0.24 + 0.34 shows 0.2 + 0.3 beside 0.6)."""
    scale = 10 ** digits
    return sum(round(p * scale) for p in parts) == round(total * scale)


def assessment_to_dict(result: Assessment) -> dict:
    """The assessment as plain data (JSON-ready): what the case file and the CLI store."""
    fluids = result.fluids
    return {
        "age_band": result.age_band,
        "age_band_range": result.age_band_range,
        "regions": [{"region": r.region, "side": r.surface, "view": r.view,
                     "region_pixels": r.region_pixels,
                     "percent_of_region": r.percent_of_region,
                     "covered_percent": r.covered_percent, "small_on_photo": r.small,
                     "lund_browder_share_percent": r.share_percent,
                     "assessed_percent": r.assessed_percent,
                     "assessed_share_percent": r.assessed_share_percent,
                     "tbsa_percent": r.tbsa_percent, "tbsa_counted_percent": r.tbsa_counted,
                     "measured_by": [measured_to_dict(m) for m in r.measured_by]}
                    for r in result.rows],
        "tbsa_by_depth": result.tbsa_by_depth,
        "tbsa_total_percent": result.tbsa_total_percent,
        "assessed_surface_percent": result.assessed_share_percent,
        "superficial_tbsa_percent": result.superficial_tbsa_percent,
        "not_assessed": [{"region": r, "side": s} for r, s in result.not_assessed],
        "warnings": list(result.warnings),
        "caveats": list(result.caveats),
        "uncounted_burns": [{"photo": u.photo, "region": u.region, "side": u.surface}
                            for u in result.uncounted],
        "rule_of_nines_total_percent": result.rule_of_nines_total,
        "notes": list(result.notes),
        "referral_guideline": result.referral_guideline,
        "referral": [i.to_dict() for i in result.referral],
        "fluids": None if fluids is None else fluids_to_dict(fluids),
    }


def measured_to_dict(m: Measured) -> dict:
    """Which part of a region-surface one photo measured: its share of the surface, the
    sectors around the axis (degrees: 0 front, 90 the patient's left, 180 back, 270 right)
    and the stretch along the axis (0..1 between the region's landmarks)."""
    return {"photo": m.name, "view": m.view, "percent_of_surface": m.area_percent,
            "angles_degrees": [list(a) for a in m.angles], "along_axis": list(m.axis)}


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
