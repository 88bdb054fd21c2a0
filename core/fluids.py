"""Fluid resuscitation estimates (decision support, always shown with their formula).

Sources (../shared/clinical/README.md): Parkland 4 mL/kg/%TBSA over 24 h from the time of injury,
half in the first 8 h; consensus (ABLS / ABA) 2 mL adults, 3 mL children; small children also get
Holliday-Segar maintenance (4-2-1 mL/kg/h); urine output targets 0.5 (adults) and 1 (children)
mL/kg/h. Child, for the formulas, is the ABLS definition: under 14 years AND under 40 kg.

The schedule, as practised (every formula gives a starting rate, titrated hourly to urine output):
- before 8 h: what remains of the first-8-h volume over the hours left to 8 h, but never faster than
  the whole first-8-h volume per hour: a late start is not caught up with a bolus;
- from 8 h to 24 h: no catch-up; what remains of the 24-h volume over the hours left to 24 h, again
  never faster than the first-8-h rate;
- from 24 h: the formula period is over; no volumes, the estimate says so.
The resuscitation threshold is inclusive (15 % adults, 10 % children, both commonly cited).
"""
from __future__ import annotations

from dataclasses import dataclass

from .messages import Given, Message, years

CHILD_UNDER_AGE = 14          # ABLS: children under 14 years and under 40 kg get 3 mL/kg/%
CHILD_UNDER_KG = 40
CHILD_DEFINITION = Given("child: under 14 years and under 40 kg (ABLS)",
                         {"zh_CN": "儿童：14 岁以下且体重 40 kg 以下（ABLS）"})
MAINTENANCE_BELOW_KG = 30
FIRST_PERIOD_H, FORMULA_PERIOD_H = 8.0, 24.0
ADULT_THRESHOLD, CHILD_THRESHOLD = 15.0, 10.0


@dataclass(frozen=True)
class FormulaVolume:
    name: str
    ml_per_kg_per_percent: float
    total_24h_ml: float
    first_8h_ml: float
    next_16h_ml: float
    remaining_first_8h_ml: float | None   # before 8 h with a known time: the first half still due
    rate_now_ml_per_h: float | None       # the starting rate now (None: time unknown or > 24 h)
    formula: str
    rate_basis: str = ""                  # how the rate was reached, in words
    rate_limited: bool = False            # the schedule asked for more than the first-8-h rate


@dataclass(frozen=True)
class FluidEstimate:
    weight_kg: float
    tbsa_percent: float
    child: bool
    hours_since_injury: float | None
    fluid_given_ml: float
    formulas: tuple[FormulaVolume, ...]
    maintenance_ml_per_h: float | None
    resuscitation_threshold_percent: float
    resuscitation_indicated: bool
    urine_target_ml_per_h: float
    notes: tuple[str, ...]
    child_definition: str = CHILD_DEFINITION


def is_child(age_years: float, weight_kg: float | None) -> bool:
    """The ABLS definition; without a weight, age alone decides."""
    return age_years < CHILD_UNDER_AGE and (weight_kg is None or weight_kg < CHILD_UNDER_KG)


def holliday_segar_ml_per_h(weight_kg: float) -> float:
    """4 mL/kg/h for the first 10 kg, 2 for the next 10, 1 for each kg above 20."""
    first = min(weight_kg, 10)
    second = min(max(weight_kg - 10, 0), 10)
    rest = max(weight_kg - 20, 0)
    return 4 * first + 2 * second + rest


def _schedule(total: float, hours: float | None, given: float
              ) -> tuple[float | None, float | None, str, bool]:
    """(first-8-h volume still due, starting rate now, how the rate was reached, whether the
    rate was limited to the first-8-h rate)."""
    half = total / 2
    cap = half / FIRST_PERIOD_H
    if hours is None or hours >= FORMULA_PERIOD_H:
        return None, None, "", False
    if hours < FIRST_PERIOD_H:
        remaining = max(half - given, 0.0)
        wanted = remaining / (FIRST_PERIOD_H - hours)
        basis = Message("the first-8-h volume still due over the hours left to 8 h")
        return remaining, min(wanted, cap), (
            basis if wanted <= cap else Message(
                "{0} would need {1:,.0f} mL/h: limited to the first-8-h rate ({2:,.0f} mL/h), "
                "no catch-up", basis, wanted, cap)), wanted > cap
    wanted = max(total - given, 0.0) / (FORMULA_PERIOD_H - hours)
    basis = Message("first 8 h over, no catch-up: the 24-h volume still due over the hours left "
                    "to 24 h")
    return None, min(wanted, cap), (basis if wanted <= cap else Message(
        "{0}, limited to the first-8-h rate", basis)), wanted > cap


def _volume(name, ml, weight, tbsa, hours, given) -> FormulaVolume:
    total = ml * weight * tbsa
    half = total / 2
    remaining, rate, basis, limited = _schedule(total, hours, given)
    formula = Message("{0:g} mL x {1:g} kg x {2:.1f} % TBSA = {3:,.0f} mL in 24 h from injury; "
                      "half ({4:,.0f} mL) in the first 8 h, the rest over the next 16 h",
                      ml, weight, tbsa, total, half)
    return FormulaVolume(name, ml, total, half, total - half, remaining, rate, formula, basis,
                         limited)


def estimate_fluids(tbsa_percent: float, weight_kg: float, age_years: float,
                    hours_since_injury: float | None = None, fluid_given_ml: float = 0.0
                    ) -> FluidEstimate:
    if weight_kg <= 0:
        raise ValueError("weight must be positive")
    if hours_since_injury is not None and hours_since_injury < 0:
        raise ValueError("the time of injury is in the future")
    child = is_child(age_years, weight_kg)
    args = (weight_kg, tbsa_percent, hours_since_injury, fluid_given_ml)
    formulas = (_volume("Parkland", 4.0, *args),
                _volume("Consensus (ABLS/ABA)", 3.0 if child else 2.0, *args))
    threshold = CHILD_THRESHOLD if child else ADULT_THRESHOLD
    notes = _timing_notes(hours_since_injury, fluid_given_ml, formulas) + \
        _weight_notes(age_years, weight_kg)
    if hours_since_injury is not None and hours_since_injury >= FORMULA_PERIOD_H:
        formulas = ()   # the formulas cover the first 24 h only: no volumes to act on
    return FluidEstimate(
        weight_kg, tbsa_percent, child, hours_since_injury, fluid_given_ml, formulas,
        holliday_segar_ml_per_h(weight_kg) if child and weight_kg < MAINTENANCE_BELOW_KG else None,
        threshold, bool(tbsa_percent >= threshold), (1.0 if child else 0.5) * weight_kg,
        tuple(notes))


def _timing_notes(hours, given, formulas) -> list[str]:
    notes = []
    if hours is None:
        notes.append(Message("time of injury unknown: volumes count from injury, not from "
                             "arrival; no rate is given"))
        if given > 0:
            notes.append(Message("{0:,.0f} mL already given is not subtracted: enter the time "
                                 "of injury", given))
    elif hours >= FORMULA_PERIOD_H:
        notes.append(Message("{0:.0f} h since injury: the 24-h resuscitation formulas no longer "
                             "apply; fluids by clinical assessment", hours))
    elif hours >= FIRST_PERIOD_H:
        notes.append(Message("more than 8 h since injury: no catch-up of the first 8 h; "
                             "reassess clinically and titrate to urine output"))
    elif any(f.rate_limited for f in formulas):
        notes.append(Message("late start: the rate is limited, not caught up; reassess "
                             "clinically"))
    for f in formulas:
        if hours is not None and given > f.first_8h_ml:
            notes.append(Message("{0:,.0f} mL already given is more than the {1} first-8-h "
                                 "volume ({2:,.0f} mL): watch for over-resuscitation",
                                 given, f.name, f.first_8h_ml))
    return notes


def expected_weight_kg(age_years: float) -> float:
    """APLS estimate of weight for age (children); 70 kg from 14 years (adult reference)."""
    if age_years < 1:
        return 0.5 * age_years * 12 + 4
    if age_years < 6:
        return 2 * age_years + 8
    if age_years < 13:
        return 3 * age_years + 7
    return 70.0


def _weight_notes(age_years: float, weight_kg: float) -> list[str]:
    """Weights far from what is usual for the age are likely a typing error (e.g. grams)."""
    expected = expected_weight_kg(age_years)
    low, high = (0.4 * expected, 3.0 * expected) if age_years < 13 else (25.0, 250.0)
    if low <= weight_kg <= high:
        return []
    return [Message("weight {0:g} kg is implausible for age {1} years (usual about {2:.0f} kg): "
                    "check it before using any volume", weight_kg, years(age_years), expected)]
