"""The assessment: per region and surface, the burned fraction by depth ("% of region") and its
contribution to the total body surface ("% TBSA" = fraction x the Lund-Browder share of that
region's surface for the patient's age band).

A pure function of the photos' counts. The fractions are of the body's surface, not of pixels:
each pixel stands for the skin it covers (burnmap.body.surface_map) and each part of a region's surface
is measured on the one photo that sees it most squarely (burnmap.body.surface_assess). Region-surfaces
that no photo shows are listed as not assessed, never reported as 0; a region-surface shown in
part is assessed in part. Total %TBSA counts partial and full thickness only; superficial burns
are reported separately (they do not count for resuscitation).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from burnmap.body.body_model import N_IDS, REGION_ID
from burnmap.body.burn import DEPTH_NAMES, DEPTHS, SUPERFICIAL
from burnmap.body.lund_browder import LundBrowder, age_band, load_lund_browder
from burnmap.body.photo_counts import COVERED, PhotoCounts, count_pixels
from burnmap.body.surface_assess import (
    Measured,
    all_numbers,
    choose,
    dropped_burns,
    measured_sums,
    surface_cells,
)
from burnmap.chart.entry import ChartPart, chart_part, with_chart
from burnmap.clinical.fluids import DEFAULT_POLICY, FluidEstimate, estimate_fluids, fluids_to_dict
from burnmap.clinical.nines import nines_note as _nines_note
from burnmap.clinical.nines import rule_of_nines as _rule_of_nines
from burnmap.text.messages import Message, region_surface
from burnmap.text.vocabulary import age_band_range

__all__ = [
    "COVERED",
    "Assessment",
    "PhotoCounts",
    "RegionRow",
    "Uncounted",
    "assess",
    "assessment_to_dict",
    "compare_assessments",
    "count_pixels",
]

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
    drawn_percent: float = 0.0             # % of the region-surface entered on the body chart
    drawn_unburned: bool = False           # entered on the chart as examined, no burn

    @property
    def assessed_share_percent(self) -> float:
        """The part of the region's Lund-Browder share actually seen (skin, not clothing)."""
        return self.share_percent * self.assessed_percent / 100 * (1 - self.covered_percent / 100)

    @property
    def drawn_share_percent(self) -> float:
        """The part of the region's Lund-Browder share assessed on the body chart."""
        return self.share_percent * self.drawn_percent / 100

    @property
    def source(self) -> str:
        """'photo', 'chart' (examined, entered on the body chart) or 'photo and chart'."""
        return "photo and chart" if self.drawn_percent and self.measured_by else \
            "chart" if self.drawn_percent else "photo"

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
    referral: list = field(default_factory=list)   # burnmap.clinical.referral.ReferralItem, set by Workspace
    referral_guideline: str = ""
    caveats: list[str] = field(default_factory=list)   # said with every total (Workspace)
    # (cells, their sums) as measured, for drawing the burn in place (burnmap.chart.burns)
    measured_cells: tuple | None = field(default=None, repr=False, compare=False)
    uncounted: list[Uncounted] = field(default_factory=list)   # painted, not in the total
    chart_cells: np.ndarray | None = field(default=None, repr=False, compare=False)
    # the photo measuring each cell (-1 none): where the body chart takes no entry
    photo_choice: np.ndarray | None = field(default=None, repr=False, compare=False)
    # the body chart's entries assessed (a copy: burnmap.chart.entry values), for drawing them
    drawn_values: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def drawn_share_percent(self) -> float:
        """% of the body surface assessed on the body chart (examined, not photographed)."""
        return sum(r.drawn_share_percent for r in self.rows)

    @property
    def age_band_range(self) -> str:
        return age_band_range(self.age_band, "en")   # JSON keeps English

    def coverage_text(self) -> Message:
        """'of 48.0 % of the body surface assessed': said beside every total, with the
        caveats that qualify every total (e.g. a parser that cannot see clothing)."""
        text = Message("of {0:.1f} % of the body surface assessed", self.assessed_share_percent)
        if self.drawn_share_percent > 0:
            text = Message("of {0:.1f} % of the body surface assessed ({1:.1f} % from photos, "
                           "{2:.1f} % drawn on the chart)", self.assessed_share_percent,
                           self.assessed_share_percent - self.drawn_share_percent,
                           self.drawn_share_percent)
        for caveat in self.caveats:
            text = Message("{0} ({1})", text, caveat)
        return text


def assess(photos: list[PhotoCounts], age_years: float, weight_kg: float | None = None,
           hours_since_injury: float | None = None, fluid_given_ml: float | None = None,
           chosen: dict[tuple[str, str], int] | None = None,
           chart: LundBrowder | None = None, late_start_policy: str = DEFAULT_POLICY,
           electrical_injury: bool = False, drawn: np.ndarray | None = None) -> Assessment:
    """%TBSA by depth from the photos' counts and the body chart's entries (`drawn`,
    burnmap.chart.entry); `chosen` picks the photo for a region-surface (where it shows it).
    Every part of the surface is measured once: on one photo, else on the chart (a photo
    wins); burns painted elsewhere and left out are named in a warning and listed in
    Assessment.uncounted."""
    chart = chart or load_lund_browder()
    band = age_band(age_years)
    usable, small = _judgeable(photos)
    choice = choose(photos, usable, chosen) if photos else None
    stack = np.stack([p.sums for p in photos]) if photos else None
    part = None if drawn is None else chart_part(drawn, choice)
    cells, measured = _measure(choice, stack, part, len(photos))
    rows, not_assessed, warnings = [], [], []
    for region, surface in chart.region_surfaces():
        found = measured.get((region, surface))
        row, warning = (None, _unjudged(photos, small, region, surface)) if found is None \
            else _row(photos, found, chart.share(region, surface, band), small,
                      part is not None and (region, surface) in part.examined)
        if row is not None:
            rows.append(row)
        else:
            not_assessed.append((region, surface))
        warnings += [warning] if warning else []
    dropped = [] if choice is None else dropped_burns(stack, choice)
    outside = [i for i, p in enumerate(photos) if p.counts[0][1:COVERED].sum() > 0]
    warnings += _dropped_warnings(photos, dropped) + _outside_body(photos, outside)
    warnings += _overridden(photos, part)
    result = _totals(rows, not_assessed, warnings, band, chart, age_years, weight_kg,
                     (hours_since_injury, fluid_given_ml, late_start_policy, electrical_injury))
    result.measured_cells, result.photo_choice = cells, choice
    result.chart_cells = None if part is None else part.cells
    result.drawn_values = None if drawn is None else drawn.copy()
    result.uncounted = [Uncounted(photos[d.painted].label(d.painted), d.region, d.surface)
                        for d in dropped] + [Uncounted(photos[i].label(i)) for i in outside] + \
        [Uncounted(Message("the body chart"), *key) for key in ([] if part is None else
                                                                part.overridden)]
    return result


def _measure(choice, stack, part: ChartPart | None, n_photos: int):
    """(the photo-measured cells and their sums, for the chart's drawing; every region-surface
    measured, by photos and the chart, index n_photos standing for the chart)."""
    if choice is None and (part is None or not part.cells.size):
        return None, {}
    full_choice, full_stack = with_chart(choice, stack, part, n_photos)
    cells, sums = measured_sums(full_stack, full_choice)
    measured = all_numbers(full_choice, (cells, sums), n_photos + 1)
    by_photo = full_choice[cells] < n_photos
    return (cells[by_photo], sums[by_photo]), measured


def _overridden(photos, part: ChartPart | None) -> list[Message]:
    """Burn drawn on the chart where a photo measures the surface: the photo wins."""
    return [Message("{0}: the burn drawn on the body chart where {1} measures the surface is "
                    "not counted: the photo's is (edit the burn on that photo)",
                    region_surface(*key), photos[p].label(p))
            for key, p in ([] if part is None else part.overridden.items())]


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
                                "counts what the photos show and the chart holds, nothing is "
                                "extrapolated", assessed) if result.drawn_share_percent > 0 else
                        Message("only {0:.1f} % of the body surface was assessed: the total "
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


def _row(photos, found, share, small, unburned_on_chart: bool = False
         ) -> tuple[RegionRow | None, str | None]:
    label = region_surface(found.region, found.surface)
    burned = sum(found.percent_of_skin[d] for d in DEPTHS) > 0
    if not burned and found.covered_percent > 100 * MOSTLY_COVERED:
        return None, Message("{0}: {1:.0%} covered by clothing; not assessed", label,
                             found.covered_percent / 100)
    by_photo = [m for m in found.measured_by if m.photo < len(photos)]   # else the chart
    drawn = sum(m.area_percent for m in found.measured_by if m.photo >= len(photos))
    main = max(by_photo, key=lambda m: m.area_percent).photo if by_photo else -1
    rid = REGION_ID[found.region]
    for m in by_photo:
        m.name, m.view = photos[m.photo].name, photos[m.photo].view
    row = RegionRow(found.region, found.surface, main,
                    int(photos[main].counts[rid, :COVERED].sum()) if by_photo else 0,
                    {DEPTH_NAMES[d]: found.percent_of_skin[d] for d in DEPTHS}, share, {},
                    found.covered_percent, photos[main].view if by_photo else "",
                    bool(any(small[m.photo, rid] for m in by_photo)),
                    found.assessed_percent, by_photo, drawn, unburned_on_chart)
    row.tbsa_percent = {n: v / 100.0 * row.assessed_share_percent
                        for n, v in row.percent_of_region.items()}
    return row, _row_warning(row, label, photos[main].label(main)) if by_photo else None


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
                     "measured_by": [measured_to_dict(m) for m in r.measured_by],
                     "source": r.source, "drawn_on_chart_percent": r.drawn_percent,
                     "examined_on_chart_unburned": r.drawn_unburned}
                    for r in result.rows],
        "tbsa_by_depth": result.tbsa_by_depth,
        "tbsa_total_percent": result.tbsa_total_percent,
        "assessed_surface_percent": result.assessed_share_percent,
        "assessed_from_photos_percent": result.assessed_share_percent - result.drawn_share_percent,
        "assessed_on_chart_percent": result.drawn_share_percent,
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
        return {(r["region"], r["side"]): r for r in result["regions"]}
    a, b = by_key(earlier), by_key(later)
    rows = []
    for key in sorted(set(a) | set(b)):
        before, after = (None if key not in x else x[key]["tbsa_counted_percent"]
                         for x in (a, b))
        change = None if before is None or after is None else after - before
        # where each number came from: "photo", "chart" (examined, drawn on the body chart)
        # or "photo and chart"; records before issue 25 were from photos only
        rows.append({"region": key[0], "side": key[1], "earlier": before, "later": after,
                     "change": change, **{f"{when}_source": x[key].get("source", "photo")
                                          if key in x else None
                                          for when, x in (("earlier", a), ("later", b))}})
    return rows
