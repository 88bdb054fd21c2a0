"""Burn-centre referral criteria (resources/referral_criteria.csv) judged on an assessment.

The criteria are data, one CSV row each, for every guideline the user can choose (ANZBA EMSB
transfer criteria, ABA 2022 referral guidelines). A row's kind says how it is judged:
- total: the %TBSA summed over its depths, compared with its threshold exactly as the guideline
  words it (> or >=);
- area: any burn at its depths in its region-surfaces (the face is the head's anterior surface;
  its posterior surface is scalp);
- joint: any burn at its depths near a major joint (pixel counts from core.joint_burns);
- check: what photographs cannot show (electrical, chemical, inhalation, circumferential, ...).

Each criterion comes back "met", "not met" or "to check". The photos' silence is never "not met":
an unphotographed or mostly clothed region, an unlocated joint and every check row are "to check".
A size total below its threshold is "not met" on what was seen, and says how much of the body
that was. A criterion for the other age group is "not met", saying why.

Who is a child: the caller's `child` flag (the service's own definition) wins. Otherwise ANZBA
counts under 16 years (paediatric burn services in Australia and New Zealand; the criteria do not
define it) and ABA 14 years or younger, or under 30 kg when the weight is known (ABA 2022).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .assessment import NOTE_COVERED, WHOLE_BODY_PERCENT
from .burn import DEEP_PARTIAL, DEPTH_NAMES, FULL_THICKNESS, SUPERFICIAL_PARTIAL
from .joint_burns import MAJOR_JOINTS
from .lund_browder import load_lund_browder
from .messages import Given, Listing, Message, Word, region_surface, years
from .paths import resources_dir

MET, NOT_MET, TO_CHECK = "met", "not met", "to check"
KINDS = ("total", "area", "joint", "check")
AGE_GROUPS = ("adult", "child", "any")
# The CSV's depth codes; superficial has none because it never counts toward a criterion.
DEPTH_CODES = {"SPT": DEPTH_NAMES[SUPERFICIAL_PARTIAL], "DPT": DEPTH_NAMES[DEEP_PARTIAL],
               "FT": DEPTH_NAMES[FULL_THICKNESS]}
COUNTED = tuple(DEPTH_CODES.values())
ALL_JOINTS = tuple(f"{side}_{joint}" for side in ("left", "right") for joint in MAJOR_JOINTS)
# A region this much under clothing may hide a burn (the share the assessment notes).
COVERED_TO_CHECK = 100 * NOTE_COVERED
# Lund-Browder shares sum in floating point: 10.000000000000002 % TBSA is 10 % TBSA.
EPSILON = 1e-9
CHECK_REASON = Message("cannot be judged from photographs: ask and examine")
# Depth words as the criteria combine them ('partial + full thickness'); Chinese names the degree.
DEPTH_WORDS = {"partial": "二度", "superficial partial": "浅二度", "deep partial": "深二度",
               "full": "三度"}
JOINT_WORDS = {"shoulder": "肩", "elbow": "肘", "wrist": "腕", "hip": "髋", "knee": "膝",
               "ankle": "踝"}
DEPTH_ID = {name: depth for depth, name in DEPTH_NAMES.items()}


@dataclass(frozen=True)
class ChildRule:
    under_years: float
    under_kg: float | None
    text: Given


UNDER_16 = Given("under 16 years", {"zh_CN": "16 岁以下"})
CHILD_RULES = {
    "ANZBA": ChildRule(16, None, UNDER_16),
    "ABA": ChildRule(15, 30, Given("14 years or younger, or under 30 kg",
                                   {"zh_CN": "14 岁及以下，或体重 30 kg 以下"})),
}
DEFAULT_CHILD = ChildRule(16, None, UNDER_16)


@dataclass(frozen=True)
class Criterion:
    guideline: str
    id: str
    criterion: str
    kind: str                                # total, area, joint, check
    depths: tuple[str, ...]                  # depth names
    regions: tuple[tuple[str, str], ...]     # (region, surface)
    threshold_percent: float | None
    comparison: str                          # ">" or ">=" (total only)
    age_group: str                           # adult, child, any
    source: str


@dataclass(frozen=True)
class ReferralItem:
    criterion: str
    status: str          # "met", "not met", "to check"
    reason: str          # why, with its numbers and their units
    source: str


def load_criteria(path: Path | str | None = None) -> dict[str, list[Criterion]]:
    """guideline -> its criteria in file order; a row that cannot be judged is refused."""
    path = Path(path) if path else resources_dir() / "referral_criteria.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    out: dict[str, list[Criterion]] = {}
    seen = set()
    for row in rows:
        c = _criterion(row)
        if c.id in seen:
            raise ValueError(f"{path}: criterion id {c.id!r} appears twice")
        seen.add(c.id)
        out.setdefault(c.guideline, []).append(c)
    return out


def _criterion(row: dict) -> Criterion:
    name = row.get("id") or "?"
    try:
        depths = tuple(DEPTH_CODES[d] for d in row["depths"].split())
    except KeyError as exc:
        raise ValueError(f"criterion {name}: unknown depth code {exc} "
                         f"(use {', '.join(DEPTH_CODES)})") from None
    kind, comparison = row["kind"], row["comparison"].strip()
    threshold = float(row["threshold_percent"]) if row["threshold_percent"].strip() else None
    regions = _regions(name, row["regions"])
    problems = [kind not in KINDS and f"kind {kind!r}",
                row["age_group"] not in AGE_GROUPS and f"age group {row['age_group']!r}",
                kind != "check" and not depths and "no depths",
                kind == "area" and not regions and "no regions",
                kind == "total" and (threshold is None or comparison not in (">", ">="))
                and "a total needs a threshold and > or >=",
                not row["source"].strip() and "no source"]
    problems = [p for p in problems if p]
    if problems:
        raise ValueError(f"criterion {name}: {'; '.join(problems)}")
    words = Given(row["criterion"], {"zh_CN": (row.get("criterion_zh_CN") or "").strip()})
    return Criterion(row["guideline"], name, words, kind, depths, regions, threshold,
                     comparison, row["age_group"], row["source"])


def _regions(name: str, text: str) -> tuple[tuple[str, str], ...]:
    """'head:anterior hand_left' -> region-surfaces; a bare region means all its surfaces."""
    chart = load_lund_browder()
    out = []
    for part in text.split():
        region, _, surface = part.partition(":")
        if region not in chart.surfaces or (surface and surface not in chart.surfaces[region]):
            raise ValueError(f"criterion {name}: {part!r} is not a region-surface of the chart")
        out += [(region, s) for s in ((surface,) if surface else chart.surfaces[region])]
    return tuple(out)


@lru_cache(maxsize=1)
def _bundled() -> dict[str, tuple[Criterion, ...]]:
    return {g: tuple(cs) for g, cs in load_criteria().items()}


GUIDELINES = tuple(_bundled())


def evaluate_referral(result, age_years: float, guideline: str = "ANZBA",
                      joint_burns: dict[str, dict[str, int]] | None = None,
                      child: bool | None = None, weight_kg: float | None = None,
                      criteria: dict[str, list[Criterion]] | None = None) -> list[ReferralItem]:
    """Every criterion of `guideline`, judged on `result` (a core.assessment.Assessment)."""
    table = criteria if criteria is not None else _bundled()
    if guideline not in table:
        raise ValueError(f"unknown referral guideline {guideline!r} (known: {', '.join(table)})")
    if age_years < 0:
        raise ValueError("age cannot be negative")
    is_child, patient = _patient(guideline, age_years, child, weight_kg)
    return [_judge(c, result, joint_burns, is_child, patient) for c in table[guideline]]


def _patient(guideline, age, child, weight) -> tuple[bool, str]:
    """Whether the patient is a child, and the words saying so and by which definition."""
    if child is not None:
        return child, Message("{0} ({1} years, as set)",
                              Message("a child") if child else Message("not a child"), years(age))
    rule = CHILD_RULES.get(guideline, DEFAULT_CHILD)
    young = age < rule.under_years
    light = rule.under_kg is not None and weight is not None and weight < rule.under_kg
    words = Message("a child") if young or light else Message("an adult")
    return young or light, Message("{0} ({1} years; child: {2})", words, years(age),
                                   rule.text)


def _judge(c: Criterion, result, joints, is_child: bool, patient: str) -> ReferralItem:
    if c.age_group != "any" and (c.age_group == "child") != is_child:
        group = Message("children") if c.age_group == "child" else Message("adults")
        return ReferralItem(c.criterion, NOT_MET,
                            Message("applies to {0}; the patient is {1}", group, patient), c.source)
    status, reason = JUDGES[c.kind](c, result, joints)
    if c.age_group != "any":
        reason = Message("{0}; the patient is {1}", reason, patient)
    return ReferralItem(c.criterion, status, reason, c.source)


def _total(c: Criterion, result, _joints) -> tuple[str, str]:
    value = sum(result.tbsa_by_depth.get(d, 0.0) for d in c.depths)
    over = value - c.threshold_percent
    met = over > EPSILON if c.comparison == ">" else over >= -EPSILON
    reason = Message("{0} % TBSA {1}", _number(value, c.threshold_percent), _depths(c.depths, " + "))
    assessed = result.assessed_share_percent
    if assessed < WHOLE_BODY_PERCENT:   # what was not photographed may hold more burn
        reason = Message("{0} of {1:.1f} % of the body surface assessed", reason, assessed)
    reason = Message("{0} (threshold {1} {2:g} % TBSA)", reason, c.comparison, c.threshold_percent)
    return (MET if met else NOT_MET), reason


def _area(c: Criterion, result, _joints) -> tuple[str, str]:
    rows = {(r.region, r.surface): r for r in result.rows}
    seen = [rows[k] for k in c.regions if k in rows]
    depth = _depths(c.depths, " or ")
    burned = [r for r in seen if any(r.percent_of_region.get(d, 0) > 0 for d in c.depths)]
    if burned:
        return MET, Message("burned at {0}: {1}", depth,
                            Listing(_burn_text(r, c.depths) for r in burned))
    unseen = [region_surface(*k) for k in c.regions if k not in rows]
    clothed = [Message("{0} {1:.0f} % under clothing", region_surface(r.region, r.surface),
                       r.covered_percent)
               for r in seen if r.covered_percent >= COVERED_TO_CHECK]
    if unseen or clothed:   # a burn may be where the photos do not show skin
        gaps = ([Message("not photographed: {0}", Listing(unseen))] if unseen else []) + clothed
        return TO_CHECK, Message("{0}; no burn at {1} where seen: examine", Listing(gaps, "; "),
                                 depth)
    shallower = _shallower({d for r in seen for d in COUNTED if r.percent_of_region.get(d, 0) > 0},
                           c.depths)
    return NOT_MET, Message("no burn at {0} on {1}{2}", depth,
                            Listing(region_surface(*k) for k in c.regions), shallower)


def _joint(c: Criterion, _result, joints) -> tuple[str, str]:
    depth = _depths(c.depths, " or ")
    if not joints:
        return TO_CHECK, Message("the joints were not located on the photos: examine the major "
                                 "joints")
    near = {n: sum(joints[n].get(d, 0) for d in c.depths) for n in ALL_JOINTS if n in joints}
    burned = [Message("{0} ({1} pixels)", _joint_word(n), v) for n, v in near.items() if v > 0]
    if burned:
        return MET, Message("burn at {0} near {1}", depth, Listing(burned))
    missing = [_joint_word(n) for n in ALL_JOINTS if n not in joints]
    if missing:
        return TO_CHECK, Message("no burn at {0} near the joints located; not located: {1}: "
                                 "examine them", depth, Listing(missing))
    shallower = _shallower({d for n in ALL_JOINTS for d in COUNTED if joints[n].get(d, 0) > 0},
                           c.depths)
    # the disc around a joint is an approximation of the skin over it (core.joint_burns)
    return NOT_MET, Message("no burn at {0} near any major joint on the photos{1}", depth,
                            shallower)


def _check(_c, _result, _joints) -> tuple[str, str]:
    return TO_CHECK, CHECK_REASON


JUDGES = {"total": _total, "area": _area, "joint": _joint, "check": _check}


def _shallower(found: set[str], depths: tuple[str, ...]) -> str:
    """Depth from photographs is uncertain: say when a counted burn fell just outside the row."""
    other = [Word("depth", DEPTH_ID[d]) for d in COUNTED if d in found and d not in depths]
    return Message(" (burned at {0} there: confirm its depth)", Listing(other, " and ")) \
        if other else ""


def _burn_text(row, depths) -> Message:
    percent = sum(row.percent_of_region.get(d, 0.0) for d in depths)
    tbsa = sum(row.tbsa_percent.get(d, 0.0) for d in depths)
    return Message("{0} {1} % of region ({2} % TBSA)", region_surface(row.region, row.surface),
                   _number(percent), _number(tbsa))


def _joint_word(name: str) -> Message:
    """'left knee': the patient's side and the joint."""
    side, joint = name.split("_", 1)
    word = Given(joint, {"zh_CN": JOINT_WORDS.get(joint, joint)})
    return Message("left {0}", word) if side == "left" else Message("right {0}", word)


def _depths(depths: tuple[str, ...], joiner: str) -> Message:
    """'partial + full thickness', 'deep partial or full thickness', 'full thickness'."""
    words = [d.removesuffix(" thickness") for d in COUNTED if d in depths]
    if "superficial partial" in words and "deep partial" in words:
        words = ["partial"] + [w for w in words if not w.endswith("partial")]
    return Message("{0} thickness", Listing((Given(w, {"zh_CN": DEPTH_WORDS[w]}) for w in words),
                                            joiner))


def _number(value: float, threshold: float | None = None) -> str:
    """One decimal, unless that shows a burn as 0.0 or rounds it onto the threshold."""
    text = f"{value:.1f}"
    hidden = float(text) == 0 or float(text) == threshold
    if value > EPSILON and hidden and abs(value - float(text)) > EPSILON:
        text = f"{value:.4g}"
    return text


def referral_to_dict(items: list[ReferralItem]) -> list[dict]:
    """The items as plain data (JSON-ready): criterion, status, reason, source."""
    return [{"criterion": i.criterion, "status": i.status, "reason": i.reason,
             "source": i.source} for i in items]
