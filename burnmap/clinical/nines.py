"""The Rule of Nines cross-check (information only: Lund-Browder is the measure), with the
paediatric modification under 10 years; split out of burnmap/clinical/assessment.py."""
from __future__ import annotations

from burnmap.body.lund_browder import LundBrowder
from burnmap.text.messages import Message

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


def nines_shares(age_years: float) -> dict:
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


def rule_of_nines(rows: list, chart: LundBrowder, band: str,
                  age_years: float) -> float | None:
    """The same burned fractions weighted by the Rule of Nines instead of Lund-Browder."""
    if not rows:
        return None
    by_key = {(r.region, r.surface): r for r in rows}
    total = 0.0
    for members, shares in nines_shares(age_years).values():
        for surface, nine in shares.items():
            parts = [(by_key[(m, surface)], chart.share(m, surface, band)) for m in members
                     if (m, surface) in by_key]
            weight = sum(s for _, s in parts)
            if weight:
                burned = sum(r.tbsa_counted for r, _ in parts) / weight
                total += burned * nine
    return total


def nines_note(result, age_years: float) -> Message:
    rule = Message("paediatric Rule of Nines") if age_years < 10 else Message("Rule of Nines")
    return Message("{0}: {1:.1f} % TBSA against {2:.1f} % TBSA by Lund-Browder (information "
                   "only: Lund-Browder is the measure)", rule, result.rule_of_nines_total,
                   result.tbsa_total_percent)
