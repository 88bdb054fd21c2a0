"""Burn-centre referral criteria (resources/referral_criteria.csv) judged on an assessment.

Each criterion is "met", "not met" or "to check". What photographs cannot judge (electrical or
chemical injury, inhalation, circumferential burns, comorbidity, ...) is always "to check", and so
is a special area that no photo shows: never "not met". A size criterion that is not met while
part of the body was not assessed says how much was assessed.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .burn import DEPTH_NAMES, FULL_THICKNESS, DEEP_PARTIAL, SUPERFICIAL_PARTIAL
from .paths import resources_dir

GUIDELINES = ("ANZBA", "ABA")
DEPTH_CODES = {"SPT": DEPTH_NAMES[SUPERFICIAL_PARTIAL], "DPT": DEPTH_NAMES[DEEP_PARTIAL],
               "FT": DEPTH_NAMES[FULL_THICKNESS]}
ANZBA_CHILD_UNDER = 16   # EMSB's paediatric criteria; ABA uses the ABLS child (core.fluids)


@dataclass(frozen=True)
class Criterion:
    guideline: str
    id: str
    criterion: str
    kind: str                 # total, area, joint, check
    depths: tuple[str, ...]   # depth names
    regions: tuple[tuple[str, str | None], ...]   # (region, surface or None for both)
    comparison: str
    threshold: float | None
    age_group: str
    source: str


@dataclass(frozen=True)
class ReferralItem:
    criterion: str
    status: str               # "met", "not met", "to check"
    reason: str
    source: str


def load_criteria(path: Path | None = None) -> dict[str, list[Criterion]]:
    path = path or resources_dir() / "referral_criteria.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    out: dict[str, list[Criterion]] = {}
    for row in rows:
        regions = tuple((part.split(":")[0], part.split(":")[1] if ":" in part else None)
                        for part in row["regions"].split())
        out.setdefault(row["guideline"], []).append(Criterion(
            row["guideline"], row["id"], row["criterion"], row["kind"],
            tuple(DEPTH_CODES[d] for d in row["depths"].split()), regions, row["comparison"],
            float(row["threshold_percent"]) if row["threshold_percent"] else None,
            row["age_group"], row["source"]))
    return out


def evaluate_referral(result, age_years: float, guideline: str = "ANZBA",
                      joint_burns: dict[str, dict[str, int]] | None = None,
                      child: bool | None = None) -> list[ReferralItem]:
    """Every criterion of `guideline` that applies to the patient's age group, judged."""
    if guideline not in GUIDELINES:
        raise ValueError(f"unknown referral guideline {guideline!r}")
    if child is None or guideline == "ANZBA":
        child = age_years < ANZBA_CHILD_UNDER if guideline == "ANZBA" else bool(child)
    items = []
    for c in load_criteria()[guideline]:
        if c.age_group != "any" and (c.age_group == "child") != child:
            continue
        judge = {"total": _total, "area": _area, "joint": _joint, "check": _check}[c.kind]
        status, reason = judge(c, result, joint_burns)
        items.append(ReferralItem(c.criterion, status, reason, c.source))
    return items


def _total(c: Criterion, result, _joints) -> tuple[str, str]:
    value = sum(result.tbsa_by_depth[d] for d in c.depths)
    met = value > c.threshold if c.comparison == ">" else value >= c.threshold
    reason = f"{value:.2f} % TBSA (criterion {c.comparison} {c.threshold:g} % TBSA)"
    if not met and result.assessed_share_percent < 99.95:
        reason += f", of {result.assessed_share_percent:.1f} % of the body surface assessed"
    return ("met" if met else "not met"), reason


def _area(c: Criterion, result, _joints) -> tuple[str, str]:
    rows = [r for r in result.rows if any(r.region == reg and surf in (None, r.surface)
                                          for reg, surf in c.regions)]
    burned = [r for r in rows if sum(r.tbsa_percent[d] for d in c.depths) > 0]
    if burned:
        names = ", ".join(f"{r.region.replace('_', ' ')} ({r.surface})" for r in burned)
        return "met", f"burned: {names}"
    wanted = {(reg, surf) for reg, surf in c.regions} if all(s for _, s in c.regions) else None
    unseen = [k for k in result.not_assessed if (k in wanted if wanted is not None else
                                                 any(k[0] == reg for reg, _ in c.regions))]
    if unseen:
        return "to check", "not photographed or not assessable: examine the patient"
    return "not met", "assessed on the photos, not burned at these depths"


def _joint(c: Criterion, _result, joints) -> tuple[str, str]:
    if joints is None:
        return "to check", "no joint positions are known: examine the patient"
    near = sorted(name.replace("_", " ") for name, counts in joints.items()
                  if sum(counts.get(d, 0) for d in c.depths) > 0)
    if near:
        return "met", f"burned near: {', '.join(near)}"
    return "to check", "no burn painted near the joints shown; joints not photographed " \
                       "are not judged"


def _check(_c, _result, _joints) -> tuple[str, str]:
    return "to check", "cannot be judged from photographs: ask and examine"


def referral_to_dict(items: list[ReferralItem]) -> list[dict]:
    return [{"criterion": i.criterion, "status": i.status, "reason": i.reason,
             "source": i.source} for i in items]
