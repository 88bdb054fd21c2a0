"""Burn-centre referral criteria (burnmap/resources/referral_criteria.csv) judged on an assessment.

The criteria are data, one CSV row each, for every guideline the user can choose (ANZBA
referral criteria, ABA 2022 referral guidelines), each row with its tier, its source document and
the sentence of that source it stands for (`quote`). A row's kind says how it is judged:
- total: the %TBSA summed over its depths, compared with its threshold exactly as the guideline
  words it (> or >=; < means "some, but less than");
- area: any burn at its depths in its region-surfaces (the face is the head's anterior surface;
  its posterior surface is scalp);
- joint: any burn at its depths near a major joint (pixel counts from burnmap.clinical.joint_burns);
- child: met for a child (the guideline's own definition), from the patient's details;
- age: the extremes of age, which ANZBA names without an age limit: "to check", with the age;
- electrical: met when the patient's details record an electrical injury, else "to check";
- check: what photographs cannot show (chemical, inhalation, circumferential, ...).

Each criterion comes back "met", "not met" or "to check". The photos' silence is never "not met":
an unphotographed or mostly clothed region, an unlocated joint and every check row are "to check",
and so is a size or area criterion not met while painted burns were left out of the total (the
assessment lists them in Assessment.uncounted). A size total below its threshold is "not met" on
what was seen, and says how much of the body that was. A criterion for the other age group is
"not met", saying why.

Who is a child: the caller's `child` flag (the service's own definition) wins. Otherwise ANZBA
counts under 16 years (paediatric burn services in Australia and New Zealand; the criteria do not
define it) and ABA 14 years or younger, or under 30 kg (ABA 2022) for a child's age, i.e. under
18 years: a small adult is not a child.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from burnmap.body.burn import DEEP_PARTIAL, DEPTH_NAMES, FULL_THICKNESS, SUPERFICIAL_PARTIAL
from burnmap.body.lund_browder import load_lund_browder
from burnmap.clinical.assessment import NOTE_COVERED, WHOLE_BODY_PERCENT
from burnmap.clinical.joint_burns import MAJOR_JOINTS
from burnmap.clinical.referral_words import TIERS, depths_text, joint_word, number
from burnmap.system.paths import resources_dir
from burnmap.text.messages import Given, Listing, Message, Word, region_surface, years

MET, NOT_MET, TO_CHECK = "met", "not met", "to check"
KINDS = ("total", "area", "joint", "child", "age", "electrical", "check")
NEVER_FROM_PHOTOS = ("age", "electrical", "check")   # grouped into one line when to check
AGE_GROUPS = ("adult", "child", "any")
COMPARISONS = (">", ">=", "<")
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
DEPTH_ID = {name: depth for depth, name in DEPTH_NAMES.items()}


@dataclass(frozen=True)
class ChildRule:
    under_years: float
    under_kg: float | None
    text: Given
    kg_under_years: float = 18    # the weight rule applies to a child's age only


UNDER_16 = Given("under 16 years", {"zh_CN": "16 岁以下"})
CHILD_RULES = {
    "ANZBA": ChildRule(16, None, UNDER_16),
    "ABA": ChildRule(15, 30, Given("14 years or younger, or under 30 kg under 18 years",
                                   {"zh_CN": "14 岁及以下，或未满 18 岁且体重 30 kg 以下"})),
}
DEFAULT_CHILD = ChildRule(16, None, UNDER_16)


@dataclass(frozen=True)
class Criterion:
    guideline: str
    id: str
    criterion: str
    kind: str                                # one of KINDS
    depths: tuple[str, ...]                  # depth names
    regions: tuple[tuple[str, str], ...]     # (region, surface)
    threshold_percent: float | None
    comparison: str                          # ">", ">=" or "<" (total only)
    age_group: str                           # adult, child, any
    source: str                              # the document
    tier: str = ""                           # the guideline's tier, in words
    quote: str = ""                          # the source's sentence this row stands for


@dataclass(frozen=True)
class ReferralItem:
    criterion: str
    status: str          # "met", "not met", "to check"
    reason: str          # why, with its numbers and their units
    source: str
    tier: str = ""
    quote: str = ""
    kind: str = ""

    def to_dict(self) -> dict:
        """Plain data (JSON-ready): criterion, status, reason, source, tier, quote."""
        return {"criterion": self.criterion, "status": self.status, "reason": self.reason,
                "source": self.source, "tier": self.tier, "quote": self.quote}


@dataclass(frozen=True)
class _Patient:
    age: float
    child: bool
    words: str           # 'a child (8 years; child: under 16 years)'
    electrical: bool


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
    tier = (row.get("tier") or "").strip()
    problems = [kind not in KINDS and f"kind {kind!r}",
                row["age_group"] not in AGE_GROUPS and f"age group {row['age_group']!r}",
                kind in ("total", "area", "joint") and not depths and "no depths",
                kind == "area" and not regions and "no regions",
                kind == "total" and (threshold is None or comparison not in COMPARISONS)
                and "a total needs a threshold and >, >= or <",
                not row["source"].strip() and "no source",
                not (row.get("quote") or "").strip() and "no quote of its source",
                tier not in TIERS and f"tier {tier!r}"]
    problems = [p for p in problems if p]
    if problems:
        raise ValueError(f"criterion {name}: {'; '.join(problems)}")
    words = Given(row["criterion"], {"zh_CN": (row.get("criterion_zh_CN") or "").strip()})
    return Criterion(row["guideline"], name, words, kind, depths, regions, threshold,
                     comparison, row["age_group"], row["source"], TIERS[tier],
                     row["quote"].strip())


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
                      criteria: dict[str, list[Criterion]] | None = None,
                      electrical: bool = False) -> list[ReferralItem]:
    """Every criterion of `guideline`, judged on `result` (a burnmap.clinical.assessment.Assessment) and the
    patient's details (age, weight, an electrical injury)."""
    table = criteria if criteria is not None else _bundled()
    if guideline not in table:
        raise ValueError(f"unknown referral guideline {guideline!r} (known: {', '.join(table)})")
    if age_years < 0:
        raise ValueError("age cannot be negative")
    is_child, words = _child(guideline, age_years, child, weight_kg)
    patient = _Patient(age_years, is_child, words, electrical)
    return [_judge(c, result, joint_burns, patient) for c in table[guideline]]


def _child(guideline, age, child, weight) -> tuple[bool, str]:
    """Whether the patient is a child, and the words saying so and by which definition."""
    if child is not None:
        return child, Message("{0} ({1} years, as set)",
                              Message("a child") if child else Message("not a child"), years(age))
    rule = CHILD_RULES.get(guideline, DEFAULT_CHILD)
    young = age < rule.under_years
    light = (rule.under_kg is not None and weight is not None and weight < rule.under_kg
             and age < rule.kg_under_years)
    words = Message("a child") if young or light else Message("an adult")
    return young or light, Message("{0} ({1} years; child: {2})", words, years(age), rule.text)


def _judge(c: Criterion, result, joints, patient: _Patient) -> ReferralItem:
    def item(status, reason):
        return ReferralItem(c.criterion, status, reason, c.source, c.tier, c.quote, c.kind)
    if c.age_group != "any" and (c.age_group == "child") != patient.child:
        group = Message("children") if c.age_group == "child" else Message("adults")
        return item(NOT_MET, Message("applies to {0}; the patient is {1}", group, patient.words))
    status, reason = JUDGES[c.kind](c, result, joints, patient)
    if c.age_group != "any":
        reason = Message("{0}; the patient is {1}", reason, patient.words)
    return item(status, reason)


def _total(c: Criterion, result, _joints, _patient) -> tuple[str, str]:
    value = sum(result.tbsa_by_depth.get(d, 0.0) for d in c.depths)
    over = value - c.threshold_percent
    met = {">": over > EPSILON, ">=": over >= -EPSILON,
           "<": value > EPSILON and over < -EPSILON}[c.comparison]
    reason = Message("{0} % TBSA {1}", number(value, c.threshold_percent),
                     depths_text(c.depths, " + "))
    assessed = result.assessed_share_percent
    if assessed < WHOLE_BODY_PERCENT:   # what was not photographed may hold more burn
        reason = Message("{0} of {1:.1f} % of the body surface assessed", reason, assessed)
    reason = Message("{0} (threshold {1} {2:g} % TBSA)", reason, c.comparison, c.threshold_percent)
    if met:
        return MET, reason
    if c.threshold_percent == 0:   # "of any size": a shallower burn may be deeper than painted
        reason = Message("{0}{1}", reason, _shallower(
            {d for d in COUNTED if result.tbsa_by_depth.get(d, 0.0) > EPSILON}, c.depths))
    left_out = _left_out(result)
    if left_out:
        return TO_CHECK, Message("{0}; burns painted but not added to the total ({1}): the total "
                                 "may be larger; examine", reason, Listing(left_out))
    return NOT_MET, reason


def _left_out(result, regions=None) -> list[str]:
    """What the assessment lists as painted but not added (burnmap.clinical.assessment.Uncounted; for
    `regions`: only the burns on those region-surfaces, never those outside the body)."""
    out = []
    for u in result.uncounted:
        if u.region is not None and (regions is None or (u.region, u.surface) in regions):
            out.append(region_surface(u.region, u.surface))
        elif u.region is None and regions is None:
            out.append(Message("outside the body regions on {0}", u.photo))
    return out


def _area(c: Criterion, result, _joints, _patient) -> tuple[str, str]:
    rows = {(r.region, r.surface): r for r in result.rows}
    seen = [rows[k] for k in c.regions if k in rows]
    depth = depths_text(c.depths, " or ")
    burned = [r for r in seen if any(r.percent_of_region.get(d, 0) > 0 for d in c.depths)]
    if burned:
        return MET, Message("burned at {0}: {1}", depth,
                            Listing(_burn_text(r, c.depths) for r in burned))
    unseen = [region_surface(*k) for k in c.regions if k not in rows]
    clothed = [Message("{0} {1:.0f} % under clothing", region_surface(r.region, r.surface),
                       r.covered_percent)
               for r in seen if r.covered_percent >= COVERED_TO_CHECK]
    left_out = [Message("burn painted but not added: {0}", w) for w in _left_out(result, c.regions)]
    if unseen or clothed or left_out:   # a burn may be where the photos do not show skin
        gaps = ([Message("not photographed: {0}", Listing(unseen))] if unseen else []) + \
            clothed + left_out
        return TO_CHECK, Message("{0}; no burn at {1} where seen: examine", Listing(gaps, "; "),
                                 depth)
    shallower = _shallower({d for r in seen for d in COUNTED if r.percent_of_region.get(d, 0) > 0},
                           c.depths)
    return NOT_MET, Message("no burn at {0} on {1}{2}", depth,
                            Listing(region_surface(*k) for k in c.regions), shallower)


def _joint(c: Criterion, _result, joints, _patient) -> tuple[str, str]:
    depth = depths_text(c.depths, " or ")
    if not joints:
        return TO_CHECK, Message("the joints were not located on the photos: examine the major "
                                 "joints")
    near = {n: sum(joints[n].get(d, 0) for d in c.depths) for n in ALL_JOINTS if n in joints}
    burned = [Message("{0} ({1} pixels)", joint_word(n), v) for n, v in near.items() if v > 0]
    if burned:
        return MET, Message("burn at {0} near {1}", depth, Listing(burned))
    missing = [joint_word(n) for n in ALL_JOINTS if n not in joints]
    if missing:
        return TO_CHECK, Message("no burn at {0} near the joints located; not located: {1}: "
                                 "examine them", depth, Listing(missing))
    shallower = _shallower({d for n in ALL_JOINTS for d in COUNTED if joints[n].get(d, 0) > 0},
                           c.depths)
    # the disc around a joint is an approximation of the skin over it (burnmap.clinical.joint_burns); the
    # small joints of the hands and feet are in the hands and feet rows
    return NOT_MET, Message("no burn at {0} near any major joint on the photos (the joints of the "
                            "hands and feet: see those rows){1}", depth, shallower)


def _is_child(_c, _result, _joints, _patient) -> tuple[str, str]:
    return MET, Message("all paediatric burns may benefit from referral")


def _age(_c, _result, _joints, patient: _Patient) -> tuple[str, str]:
    # ANZBA: "Burns at the extremes of age - young children and the elderly" (anzba.org.au,
    # referral criteria), no age limit; none found in a citable ANZBA source either.
    return TO_CHECK, Message("the patient is {0} years; ANZBA gives no age limit (\"young "
                             "children and the elderly\"): clinician's judgement",
                             years(patient.age))


def _electrical(_c, _result, _joints, patient: _Patient) -> tuple[str, str]:
    if patient.electrical:
        return MET, Message("electrical injury recorded in the patient's details")
    return TO_CHECK, CHECK_REASON


def _check(_c, _result, _joints, _patient) -> tuple[str, str]:
    return TO_CHECK, CHECK_REASON


JUDGES = {"total": _total, "area": _area, "joint": _joint, "child": _is_child, "age": _age,
          "electrical": _electrical, "check": _check}


def _shallower(found: set[str], depths: tuple[str, ...]) -> str:
    """Depth from photographs is uncertain: say when a counted burn fell just outside the row."""
    other = [Word("depth", DEPTH_ID[d]) for d in COUNTED if d in found and d not in depths]
    return Message(" (burned at {0} there: confirm its depth)", Listing(other, " and ")) \
        if other else ""


def _burn_text(row, depths) -> Message:
    percent = sum(row.percent_of_region.get(d, 0.0) for d in depths)
    tbsa = sum(row.tbsa_percent.get(d, 0.0) for d in depths)
    return Message("{0} {1} % of region ({2} % TBSA)", region_surface(row.region, row.surface),
                   number(percent), number(tbsa))


def shown_referral(items: list[ReferralItem]) -> list[ReferralItem]:
    """The items as the window and the report list them: each with its tier (when the guideline
    has more than one), and the criteria photographs never judge that are still to check in one
    line listing them, where the first of them was."""
    tiers = {i.tier for i in items}
    asked = [i for i in items if i.kind in NEVER_FROM_PHOTOS and i.status == TO_CHECK]
    out = []
    for i in items:
        if len(asked) > 1 and any(i is a for a in asked):
            if i is asked[0]:
                out.append(_asked_line(asked))
            continue
        criterion = Message("{0}: {1}", i.tier, i.criterion) if len(tiers) > 1 else i.criterion
        out.append(ReferralItem(criterion, i.status, i.reason, i.source, i.tier, i.quote,
                                i.kind))
    return out


def _asked_line(asked: list[ReferralItem]) -> ReferralItem:
    names = Listing((i.criterion if i.reason == CHECK_REASON else
                     Message("{0} ({1})", i.criterion, i.reason) for i in asked), "; ")
    return ReferralItem(Message("Not judged from photographs"), TO_CHECK,
                        Message("ask and examine: {0}", names), asked[0].source, kind="check")

