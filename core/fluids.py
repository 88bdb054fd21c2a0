"""Fluid resuscitation estimates (decision support, always shown with their formula).

Sources (../shared/clinical/README.md): Parkland 4 mL/kg/%TBSA over 24 h from the time of injury,
half in the first 8 h; consensus (ABLS / ABA 2024) 2 mL adults, 3 mL children; children under 30 kg
also get Holliday-Segar maintenance (4-2-1 mL/kg/h); formal resuscitation above ~15 % TBSA in adults
and 10 % in children; urine output targets 0.5 (adults) and 1 (children) mL/kg/h.
"""
from __future__ import annotations

from dataclasses import dataclass

CHILD_BELOW_AGE = 16          # the Lund-Browder chart's adult column starts at 16
MAINTENANCE_BELOW_KG = 30


@dataclass(frozen=True)
class FormulaVolume:
    name: str
    ml_per_kg_per_percent: float
    total_24h_ml: float
    first_8h_ml: float
    next_16h_ml: float
    remaining_first_8h_ml: float | None   # after fluid already given, if the time is known
    rate_now_ml_per_h: float | None       # to finish the first half by 8 h after injury
    formula: str


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


def holliday_segar_ml_per_h(weight_kg: float) -> float:
    """4 mL/kg/h for the first 10 kg, 2 for the next 10, 1 for each kg above 20."""
    first = min(weight_kg, 10)
    second = min(max(weight_kg - 10, 0), 10)
    rest = max(weight_kg - 20, 0)
    return 4 * first + 2 * second + rest


def _volume(name, ml, weight, tbsa, hours, given) -> FormulaVolume:
    total = ml * weight * tbsa
    half = total / 2
    remaining = rate = None
    if hours is not None:
        remaining = max(half - given, 0.0)
        rate = remaining / (8 - hours) if hours < 8 else None
    formula = (f"{ml:g} mL x {weight:g} kg x {tbsa:.1f} % TBSA = {total:,.0f} mL in 24 h from "
               f"injury; half ({half:,.0f} mL) in the first 8 h, the rest over the next 16 h")
    return FormulaVolume(name, ml, total, half, total - half, remaining, rate, formula)


def estimate_fluids(tbsa_percent: float, weight_kg: float, age_years: float,
                    hours_since_injury: float | None = None, fluid_given_ml: float = 0.0
                    ) -> FluidEstimate:
    if weight_kg <= 0:
        raise ValueError("weight must be positive")
    if hours_since_injury is not None and hours_since_injury < 0:
        raise ValueError("the time of injury is in the future")
    child = age_years < CHILD_BELOW_AGE
    args = (weight_kg, tbsa_percent, hours_since_injury, fluid_given_ml)
    formulas = (_volume("Parkland", 4.0, *args),
                _volume("Consensus (ABLS/ABA)", 3.0 if child else 2.0, *args))
    threshold = 10.0 if child else 15.0
    notes = []
    if hours_since_injury is not None and hours_since_injury >= 8:
        notes.append("more than 8 h since injury: the first half is overdue; reassess clinically")
    if hours_since_injury is None:
        notes.append("time of injury unknown: volumes count from injury, not from arrival")
    return FluidEstimate(
        weight_kg, tbsa_percent, child, hours_since_injury, fluid_given_ml, formulas,
        holliday_segar_ml_per_h(weight_kg) if child and weight_kg < MAINTENANCE_BELOW_KG else None,
        threshold, bool(tbsa_percent > threshold), (1.0 if child else 0.5) * weight_kg,
        tuple(notes))
