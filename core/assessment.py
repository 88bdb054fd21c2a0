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
from .fluids import DEFAULT_POLICY, FluidEstimate, estimate_fluids, fluids_to_dict
from .lund_browder import LundBrowder, age_band, load_lund_browder
from .messages import Listing, Message, Word, region_surface
from .regions import REGION_ID, REGIONS, row_bands
from .vocabulary import age_band_range

COUNTED_DEPTHS = tuple(d for d in DEPTHS if d != SUPERFICIAL)
COVERED = 5          # the counts' last column: clothing-covered pixels nobody painted
# An unburned region smaller than this on its photo is too small to judge and is left "not
# assessed"; a region with burned pixels is always counted and, below it, flagged as small. The
# floor is relative to the patient's body on that photo, not to the photo (a big photo must not
# make a burned forearm vanish), with an absolute minimum of pixels.
MIN_REGION_PIXELS = 100
SMALL_OF_BODY = 0.002
# A region mostly under clothing is not assessed (unless burned pixels were painted on it).
MOSTLY_COVERED = 0.5
NOTE_COVERED = 0.1
# Below this share of the body surface assessed, a total is of part of the body only (the
# margin absorbs the floating-point sum of the Lund-Browder shares).
WHOLE_BODY_PERCENT = 99.95
FRONTAL = ("anterior", "posterior")
LATERAL = ("left", "right")
N_IDS = len(REGIONS) + 1
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


def count_pixels(region_ids: np.ndarray, burn: np.ndarray,
                 covered: np.ndarray | None = None) -> np.ndarray:
    """counts[region id, k]: pixels of each region by burn depth class k (0 = unburned), and in
    column COVERED the clothing-covered pixels nobody painted (a painted burn is always skin)."""
    if region_ids.shape != burn.shape:
        raise ValueError("region map and burn mask sizes differ")
    counts = np.zeros(N_IDS * 6, dtype=np.int64)
    # The flat index is eight bytes a pixel: bands of rows keep a 100-megapixel photo's
    # temporaries to tens of megabytes instead of gigabytes.
    for rows in row_bands(region_ids.shape):
        part = None if covered is None else covered[rows]
        counts += _count_band(region_ids[rows], burn[rows], part)
    return counts.reshape(N_IDS, 6)


def _count_band(region_ids, burn, covered) -> np.ndarray:
    column = burn.ravel()
    if covered is not None:
        column = np.where(covered.ravel() & (column == 0), COVERED, column)
    flat = region_ids.ravel().astype(np.intp) * 6 + column
    return np.bincount(flat, minlength=N_IDS * 6)


@dataclass
class PhotoCounts:
    """Pixel counts of one photo, kept up to date stroke by stroke."""
    view: str
    counts: np.ndarray
    name: str = ""

    @staticmethod
    def of(region_ids: np.ndarray, burn: np.ndarray, view: str,
           covered: np.ndarray | None = None, name: str = "") -> "PhotoCounts":
        return PhotoCounts(view, count_pixels(region_ids, burn, covered), name)

    def update(self, region_ids: np.ndarray, box, old: np.ndarray, new: np.ndarray,
               covered: np.ndarray | None = None) -> None:
        """Re-count only an edit's bounding box (y0, x0, y1, x1) from its old and new values."""
        y0, x0, y1, x1 = box
        ids = region_ids[y0:y1, x0:x1]
        part = None if covered is None else covered[y0:y1, x0:x1]
        self.counts -= count_pixels(ids, old, part)
        self.counts += count_pixels(ids, new, part)

    def shows(self, region: str, surface: str) -> bool:
        """Whether this photo's view shows that region-surface: its own surface, or for a
        lateral view both surfaces of that side's limbs and of the midline regions."""
        if self.counts[REGION_ID[region]].sum() == 0:
            return False
        if self.view in FRONTAL:
            return self.view == surface
        other = "right" if self.view == "left" else "left"
        return not region.endswith("_" + other) and region != "genitalia"

    def label(self, index: int) -> Message:
        """'back.jpg (posterior view)', 'photo 2 (left lateral view)'."""
        return Message("{0} ({1} view)", self.name or Message("photo {0}", index + 1),
                       Word("view", self.view))


@dataclass
class RegionRow:
    region: str
    surface: str
    photo: int
    region_pixels: int
    percent_of_region: dict[str, float]    # depth name -> % of this region's visible skin
    share_percent: float                   # Lund-Browder %TBSA of this region-surface
    tbsa_percent: dict[str, float]         # depth name -> % TBSA contribution
    covered_percent: float = 0.0           # share of the region under clothing (not assessed)
    view: str = ""                         # the view it was measured on
    small: bool = False                    # small on its photo: measure on a close-up

    @property
    def assessed_share_percent(self) -> float:
        """The part of the region's Lund-Browder share actually seen (skin, not clothing)."""
        return self.share_percent * (1 - self.covered_percent / 100)

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
    assessed_share_percent: float = 0.0    # % of the body surface the photos assessed
    notes: list[str] = field(default_factory=list)
    referral: list = field(default_factory=list)   # core.referral.ReferralItem, set by Workspace
    referral_guideline: str = ""

    @property
    def age_band_range(self) -> str:
        return age_band_range(self.age_band, "en")   # JSON keeps English

    def coverage_text(self) -> Message:
        """'of 48.0 % of the body surface assessed': said beside every total."""
        return Message("of {0:.1f} % of the body surface assessed", self.assessed_share_percent)


def assess(photos: list[PhotoCounts], age_years: float, weight_kg: float | None = None,
           hours_since_injury: float | None = None, fluid_given_ml: float | None = None,
           chosen: dict[tuple[str, str], int] | None = None,
           chart: LundBrowder | None = None, late_start_policy: str = DEFAULT_POLICY,
           electrical_injury: bool = False) -> Assessment:
    """%TBSA by depth from the photos' counts; `chosen` picks the photo for a region-surface.
    Every region-surface is measured on one photo only (never counted twice); burns painted
    elsewhere are named in a warning, never dropped silently."""
    chart = chart or load_lund_browder()
    band = age_band(age_years)
    rows, not_assessed, warnings = [], [], []
    for region, surface in chart.region_surfaces():
        source = _source_photo(photos, region, surface, (chosen or {}).get((region, surface)))
        row, warning = (None, None) if source is None else \
            _row(photos, source, region, surface, chart.share(region, surface, band))
        if row is not None:
            rows.append(row)
        else:
            not_assessed.append((region, surface))
        warnings += [warning] if warning else []
        warnings += _uncounted_burns(photos, source, region, surface)
    warnings += _outside_body(photos) + _lateral_only(photos, rows)
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
        result.fluids = estimate_fluids(
            total, weight_kg, age_years, hours_since_injury, fluid_given_ml, late_start_policy,
            electrical_injury, None if assessed >= WHOLE_BODY_PERCENT else assessed)
    return result


def _source_photo(photos, region, surface, chosen) -> int | None:
    """The photo that measures this region-surface: the clinician's pick, else an anterior or
    posterior photo of that surface (the one showing the region largest), else a lateral one."""
    candidates = [i for i, p in enumerate(photos) if p.shows(region, surface)]
    if chosen in candidates:
        return chosen
    frontal = [i for i in candidates if photos[i].view in FRONTAL] or candidates
    if not frontal:
        return None
    return max(frontal, key=lambda i: photos[i].counts[REGION_ID[region]][:COVERED].sum())


def _row(photos, index, region, surface, share) -> tuple[RegionRow | None, str | None]:
    counts = photos[index].counts[REGION_ID[region]]
    visible, covered = int(counts[:COVERED].sum()), int(counts[COVERED])
    burned = int(counts[1:COVERED].sum())
    label = region_surface(region, surface)
    covered_share = covered / max(visible + covered, 1)
    body = int(photos[index].counts[1:].sum())
    small = visible < max(MIN_REGION_PIXELS, SMALL_OF_BODY * body)
    if not burned and covered_share > MOSTLY_COVERED:
        return None, Message("{0}: {1:.0%} covered by clothing; not assessed", label,
                             covered_share)
    if not burned and small:
        return None, Message("{0}: too small to judge on the photo ({1} pixels); not assessed",
                             label, visible)
    percent = {DEPTH_NAMES[d]: float(100.0 * counts[d] / visible) for d in DEPTHS}
    row = RegionRow(region, surface, index, visible, percent, share, {}, 100 * covered_share,
                    photos[index].view, small)
    row.tbsa_percent = {n: v / 100.0 * row.assessed_share_percent for n, v in percent.items()}
    return row, _row_warning(row, label, photos[index].label(index))


def _row_warning(row: RegionRow, label: Message, photo: Message) -> Message | None:
    if row.small:
        return Message("{0}: burned but small on {1} ({2} pixels): counted; check it on a "
                       "close-up", label, photo, row.region_pixels)
    if row.covered_percent >= 100 * NOTE_COVERED:
        return Message("{0}: {1:.0f} % covered by clothing: % of region is of the visible skin; "
                       "the covered part is not assessed", label, row.covered_percent)
    return None


def _uncounted_burns(photos, source, region, surface) -> list[Message]:
    """Burns painted on a photo that shows this region-surface but does not measure it."""
    out = []
    for i, p in enumerate(photos):
        if i == source or not p.shows(region, surface):
            continue
        if p.counts[REGION_ID[region]][1:COVERED].sum() > 0:
            measured = Message("no photo") if source is None else photos[source].label(source)
            out.append(Message("{0}: the burn painted on {1} is not added; it is measured on {2}",
                               region_surface(region, surface), p.label(i), measured))
    return out


def _outside_body(photos) -> list[Message]:
    return [Message("{0}: {1} burned pixels lie outside the patient's body regions (background "
                    "or another person): not counted", p.label(i),
                    int(p.counts[0][1:COVERED].sum()))
            for i, p in enumerate(photos) if p.counts[0][1:COVERED].sum() > 0]


def _lateral_only(photos, rows) -> list[Message]:
    """A lateral view sees half of each surface: say where its fraction stands for the whole."""
    lateral = [r for r in rows if r.view in LATERAL]
    if not lateral:
        return []
    names = Listing(region_surface(r.region, r.surface) for r in lateral)
    return [Message("measured on a lateral view only, its fraction standing for the whole "
                    "surface: {0}; add anterior and posterior photos to measure them fully",
                    names)]


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
                     "assessed_share_percent": r.assessed_share_percent,
                     "tbsa_percent": r.tbsa_percent, "tbsa_counted_percent": r.tbsa_counted}
                    for r in result.rows],
        "tbsa_by_depth": result.tbsa_by_depth,
        "tbsa_total_percent": result.tbsa_total_percent,
        "assessed_surface_percent": result.assessed_share_percent,
        "superficial_tbsa_percent": result.superficial_tbsa_percent,
        "not_assessed": [{"region": r, "side": s} for r, s in result.not_assessed],
        "warnings": list(result.warnings),
        "rule_of_nines_total_percent": result.rule_of_nines_total,
        "notes": list(result.notes),
        "referral_guideline": result.referral_guideline,
        "referral": [{"criterion": i.criterion, "status": i.status, "reason": i.reason,
                      "source": i.source, "tier": i.tier, "quote": i.quote}
                     for i in result.referral],
        "fluids": None if fluids is None else fluids_to_dict(fluids),
    }


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
