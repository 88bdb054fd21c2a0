"""Fluid resuscitation estimates (decision support, always shown with their formula).

Sources (../shared/clinical/README.md, "Fluid resuscitation" and "Fluids in practice"): Parkland
4 mL/kg/%TBSA over 24 h from the time of injury, half in the first 8 h; consensus (ABLS / ABA)
2 mL adults, 3 mL children under 14 years and under 40 kg, 4 mL electrical injury; children under
30 kg also get maintenance fluid containing dextrose (Holliday-Segar 4-2-1 mL/kg/h) in addition;
urine output targets 1 mL/kg/h for children under 30 kg, else 0.5 mL/kg/h.

Every rate is a starting rate, titrated hourly to urine output. The schedule counts from the time
of injury: "due by now" is what the formula would have given by now (the first half evenly over
8 h, the second evenly over the next 16 h). A late start follows the user's `late_start_policy`:
- "no_catch_up" (the default; ABA/ABLS and military guidance): the on-time rate of the period
  (first 8 h: half the 24-h volume over 8 h; then the other half over 16 h); a deficit is not
  caught up;
- "catch_up" (classical Parkland teaching): before 8 h the first-8-h volume still due over the
  hours left to 8 h; from 8 h the 24-h volume still due over the hours left to 24 h.
A catch-up rate above CATCH_UP_LIMIT times the on-time rate (with nothing given: the last 2 h
before 8 h or 24 h) is not a rate to run: the on-time rate is shown instead, saying why, with a
prompt to reassess. Fluid given beyond what is due by now is a prompt to titrate to urine output
and reassess, never a stop: the rate shown is then the on-time rate. Each rate comes with what
the other policy gives. From 24 h the formulas no longer apply: no volumes.
Below the resuscitation threshold (15 % adults, 10 % children, inclusive) the volumes are still
computed (the JSON has them) but the window and the report say so in one line, volumes on request.
"""
from __future__ import annotations

from dataclasses import dataclass

from burnmap.text.messages import Given, Message, years

CHILD_UNDER_AGE = 14          # ABLS: children under 14 years and under 40 kg get 3 mL/kg/%
CHILD_UNDER_KG = 40
CHILD_DEFINITION = Given("child: under 14 years and under 40 kg (ABLS)",
                         {"zh_CN": "儿童：14 岁以下且体重 40 kg 以下（ABLS）"})
SMALL_CHILD_UNDER_KG = 30     # ABLS: maintenance with dextrose and 1 mL/kg/h urine below this
FIRST_PERIOD_H, FORMULA_PERIOD_H = 8.0, 24.0
ADULT_THRESHOLD, CHILD_THRESHOLD = 15.0, 10.0
# late_start_policy values (burnmap.system.settings.Settings); the default is ABA/ABLS practice
NO_CATCH_UP, CATCH_UP = "no_catch_up", "catch_up"
POLICIES = (NO_CATCH_UP, CATCH_UP)
DEFAULT_POLICY = NO_CATCH_UP
POLICY_NAMES = {
    NO_CATCH_UP: Given("no catch-up (ABA/ABLS)", {"zh_CN": "不追补（ABA/ABLS）"}),
    CATCH_UP: Given("catch-up (classical Parkland)", {"zh_CN": "追补（经典 Parkland）"}),
}
# A catch-up rate above this many times the on-time rate is not shown as a rate to run.
CATCH_UP_LIMIT = 4.0
GIVEN_TOLERANCE_ML = 0.5      # fluid given within this of the schedule is on schedule


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
    rate_limited: bool = False            # a catch-up rate too fast to run: on-time rate shown
    ml_basis: str = ""                    # consensus: which of its 2-4 mL/kg/% and why
    due_by_now_ml: float | None = None    # what the formula would have given by now
    on_time_rate_ml_per_h: float | None = None   # the period's rate on schedule
    other_rate_ml_per_h: float | None = None     # the rate under the other late-start policy
    other_basis: str = ""                 # what the other policy gives, in words


@dataclass(frozen=True)
class FluidEstimate:
    weight_kg: float
    tbsa_percent: float
    child: bool
    hours_since_injury: float | None
    fluid_given_ml: float | None          # None: not entered (the rates then assume none)
    formulas: tuple[FormulaVolume, ...]
    maintenance_ml_per_h: float | None
    resuscitation_threshold_percent: float
    resuscitation_indicated: bool
    urine_target_ml_per_h: float
    notes: tuple[str, ...]
    child_definition: str = CHILD_DEFINITION
    late_start_policy: str = DEFAULT_POLICY
    policy_text: str = ""                 # which late-start policy was applied
    urine_target_ml_per_kg_per_h: float = 0.5
    urine_text: str = ""                  # the target with its basis
    maintenance_text: str = ""            # what maintenance is, how much, in addition
    threshold_text: str = ""              # below the threshold: the one line said instead
    electrical_injury: bool = False


def is_child(age_years: float, weight_kg: float | None) -> bool:
    """The ABLS definition; without a weight, age alone decides."""
    return age_years < CHILD_UNDER_AGE and (weight_kg is None or weight_kg < CHILD_UNDER_KG)


def holliday_segar_ml_per_h(weight_kg: float) -> float:
    """4 mL/kg/h for the first 10 kg, 2 for the next 10, 1 for each kg above 20."""
    first = min(weight_kg, 10)
    second = min(max(weight_kg - 10, 0), 10)
    rest = max(weight_kg - 20, 0)
    return 4 * first + 2 * second + rest


def due_by_now_ml(total: float, hours: float) -> float:
    """What the formula would have given by `hours` after injury, on schedule."""
    half = total / 2
    if hours <= FIRST_PERIOD_H:
        return half * hours / FIRST_PERIOD_H
    later = min(hours, FORMULA_PERIOD_H) - FIRST_PERIOD_H
    return half + (total - half) * later / (FORMULA_PERIOD_H - FIRST_PERIOD_H)


@dataclass(frozen=True)
class _Rate:
    rate: float
    basis: str
    limited: bool = False


def _schedule(total: float, hours: float, given: float, policy: str
              ) -> tuple[_Rate, _Rate, float, float]:
    """(the rate under `policy`, the rate under the other policy, due by now, on-time rate)."""
    first = hours < FIRST_PERIOD_H
    half = total / 2
    on_time = half / FIRST_PERIOD_H if first else (total - half) / (
        FORMULA_PERIOD_H - FIRST_PERIOD_H)
    due = due_by_now_ml(total, hours)
    if given > due + GIVEN_TOLERANCE_ML:   # ahead of the formula: a prompt, never a stop
        ahead = _Rate(on_time, Message(
            "{0:,.0f} mL given, {1:,.0f} mL due by now: ahead of the formula, its on-time rate "
            "as a starting point, not a stop; titrate to urine output and reassess", given, due))
        return ahead, ahead, due, on_time
    plain = _Rate(on_time, _on_time_basis(first, due - given))
    catch = _catch_up(total, hours, given, on_time)
    chosen, other = (plain, catch) if policy == NO_CATCH_UP else (catch, plain)
    return chosen, other, due, on_time


def _on_time_basis(first: bool, behind: float) -> Message:
    """The on-time rate, saying that a deficit is not made up (no catch-up)."""
    basis = Message("half the 24-h volume over the first 8 h") if first else \
        Message("the second half of the 24-h volume over the 16 h after the first 8")
    if behind > GIVEN_TOLERANCE_ML:
        return Message("no catch-up: {0}; the {1:,.0f} mL behind schedule is not made up",
                       basis, behind)
    return basis


def _catch_up(total: float, hours: float, given: float, on_time: float) -> _Rate:
    """Classical Parkland: what is still due by the end of the period, over the hours left."""
    first = hours < FIRST_PERIOD_H
    end = FIRST_PERIOD_H if first else FORMULA_PERIOD_H
    still_due = max((total / 2 if first else total) - given, 0.0)
    left = end - hours
    wanted = still_due / left
    if wanted <= CATCH_UP_LIMIT * on_time:
        return _Rate(wanted, Message(
            "the {0:,.0f} mL still due by {1:g} h over the {2:.1f} h left",
            still_due, end, left))
    return _Rate(on_time, Message(
        "catch-up would put the {0:,.0f} mL still due by {1:g} h into the {2:.1f} h left, more "
        "than {3:g} times the on-time rate: the on-time rate instead; reassess clinically",
        still_due, end, left, CATCH_UP_LIMIT), limited=True)


def _volume(name, ml, ml_basis, weight, tbsa, hours, given, policy) -> FormulaVolume:
    total = ml * weight * tbsa
    half = total / 2
    formula = Message("{0:g} mL x {1:g} kg x {2:.1f} % TBSA = {3:,.0f} mL in 24 h from injury; "
                      "half ({4:,.0f} mL) in the first 8 h, the rest over the next 16 h",
                      ml, weight, tbsa, total, half)
    if hours is None or hours >= FORMULA_PERIOD_H:
        return FormulaVolume(name, ml, total, half, total - half, None, None, formula,
                             ml_basis=ml_basis)
    chosen, other, due, on_time = _schedule(total, hours, given, policy)
    remaining = max(half - given, 0.0) if hours < FIRST_PERIOD_H else None
    other_name = POLICY_NAMES[CATCH_UP if policy == NO_CATCH_UP else NO_CATCH_UP]
    other_basis = Message("{0}: {1:,.0f} mL/h ({2})", other_name, other.rate, other.basis)
    return FormulaVolume(name, ml, total, half, total - half, remaining, chosen.rate, formula,
                         chosen.basis, chosen.limited, ml_basis, due, on_time, other.rate,
                         other_basis)


def _consensus_ml(child: bool, electrical: bool) -> tuple[float, str]:
    """Which value of the consensus 2-4 mL/kg/% range applies, and why (ABLS)."""
    if electrical:
        return 4.0, Message("4 mL of the consensus 2-4 mL: electrical injury (ABLS)")
    if child:
        return 3.0, Message("3 mL of the consensus 2-4 mL: child under 14 years and under 40 kg "
                            "(ABLS; 4 mL for electrical injury)")
    return 2.0, Message("2 mL of the consensus 2-4 mL: adult or older child (ABLS; 3 mL for "
                        "children under 14 years and under 40 kg, 4 mL for electrical injury)")


def estimate_fluids(tbsa_percent: float, weight_kg: float, age_years: float,
                    hours_since_injury: float | None = None, fluid_given_ml: float | None = None,
                    late_start_policy: str = DEFAULT_POLICY, electrical_injury: bool = False,
                    assessed_percent: float | None = None) -> FluidEstimate:
    """Both formulas with their schedule. `assessed_percent`, given when the photos assessed
    only part of the body surface, says the burn may be larger (the volumes and the threshold
    decision with it)."""
    if weight_kg <= 0:
        raise ValueError("weight must be positive")
    if hours_since_injury is not None and hours_since_injury < 0:
        raise ValueError("the time of injury is in the future")
    if late_start_policy not in POLICIES:
        raise ValueError(f"unknown late-start policy {late_start_policy!r} "
                         f"(known: {', '.join(POLICIES)})")
    child = is_child(age_years, weight_kg)
    ml, why = _consensus_ml(child, electrical_injury)
    given = fluid_given_ml or 0.0   # not entered: the schedule assumes none, and says so
    args = (weight_kg, tbsa_percent, hours_since_injury, given, late_start_policy)
    formulas = (_volume("Parkland", 4.0, "", *args),
                _volume("Consensus (ABLS/ABA)", ml, why, *args))
    threshold = CHILD_THRESHOLD if child else ADULT_THRESHOLD
    indicated = bool(tbsa_percent >= threshold)
    notes = _coverage_notes(tbsa_percent, assessed_percent) + \
        _timing_notes(hours_since_injury, fluid_given_ml, formulas) + \
        _weight_notes(age_years, weight_kg)
    if hours_since_injury is not None and hours_since_injury >= FORMULA_PERIOD_H:
        formulas = ()   # the formulas cover the first 24 h only: no volumes to act on
    small = child and weight_kg < SMALL_CHILD_UNDER_KG
    maintenance = holliday_segar_ml_per_h(weight_kg) if small else None
    return FluidEstimate(
        weight_kg, tbsa_percent, child, hours_since_injury, fluid_given_ml, formulas,
        maintenance, threshold, indicated, (1.0 if small else 0.5) * weight_kg, tuple(notes),
        late_start_policy=late_start_policy,
        policy_text=Message("late start: {0} (setting late_start_policy)",
                            POLICY_NAMES[late_start_policy]),
        urine_target_ml_per_kg_per_h=1.0 if small else 0.5,
        urine_text=_urine_text(small, child, weight_kg),
        maintenance_text=_maintenance_text(maintenance),
        threshold_text="" if indicated else _threshold_text(tbsa_percent, threshold, child,
                                                            assessed_percent),
        electrical_injury=electrical_injury)


def _urine_text(small: bool, child: bool, weight: float) -> Message:
    per_kg = 1.0 if small else 0.5
    why = Message("child under 30 kg, ABLS") if small else (
        Message("child of 30 kg or more, as adults, ABLS") if child else Message("adult, ABLS"))
    return Message("urine output target {0:g} mL/kg/h x {1:g} kg = {2:g} mL/h ({3}); titrate "
                   "the rate to it hourly", per_kg, weight, per_kg * weight, why)


def _maintenance_text(maintenance: float | None) -> str:
    if maintenance is None:
        return ""
    return Message("maintenance {0:.0f} mL/h (Holliday-Segar 4-2-1 mL/kg/h) of a fluid containing "
                   "dextrose (e.g. D5 Ringer's lactate or D5 normal saline), in addition to the "
                   "resuscitation fluid: child under 30 kg (ABLS)", maintenance)


def _threshold_text(tbsa, threshold, child, assessed) -> Message:
    who = Message("children") if child else Message("adults")
    text = Message("{0:.1f} % TBSA is below the threshold for formal resuscitation ({1:g} % "
                   "TBSA and more in {2}): no resuscitation volumes; volumes on request",
                   tbsa, threshold, who)
    if assessed is not None:
        text = Message("{0} (only {1:.1f} % of the body surface was assessed: the burn may be "
                       "larger)", text, assessed)
    return text


def _coverage_notes(tbsa, assessed) -> list[str]:
    if assessed is None:
        return []
    return [Message("only {0:.1f} % of the body surface was assessed: the burn may be larger "
                    "than {1:.1f} % TBSA, and these volumes and the threshold decision with it",
                    assessed, tbsa)]


def _timing_notes(hours, entered, formulas) -> list[str]:
    given = entered or 0.0
    if hours is None:
        notes = [Message("time of injury unknown: volumes count from injury, not from "
                         "arrival; no rate is given")]
        if given > 0:
            notes.append(Message("{0:,.0f} mL already given is not subtracted: enter the time "
                                 "of injury", given))
        return notes
    if hours >= FORMULA_PERIOD_H:
        return [Message("{0:.0f} h since injury: the 24-h resuscitation formulas no longer "
                        "apply; fluids by clinical assessment", hours)]
    notes = [] if entered is not None else [Message(
        "fluid already given not entered: the rates assume none was given since the injury; "
        "enter it")]
    for f in formulas:
        if given > f.due_by_now_ml + GIVEN_TOLERANCE_ML:
            notes.append(Message("{0:,.0f} mL given is more than the {1} formula would have "
                                 "given by now ({2:,.0f} mL at {3:.1f} h): titrate to urine "
                                 "output and reassess; watch for over-resuscitation",
                                 given, f.name, f.due_by_now_ml, hours))
        elif f.rate_limited:
            notes.append(Message("{0}: late start, the catch-up rate would be too fast to run; "
                                 "reassess clinically and titrate to urine output", f.name))
    return notes


def fluids_to_dict(f: FluidEstimate) -> dict:
    """The estimate as plain data (JSON-ready), every number with its basis in words."""
    return {"weight_kg": f.weight_kg, "tbsa_percent": f.tbsa_percent, "child": f.child,
            "child_definition": f.child_definition,
            "hours_since_injury": f.hours_since_injury, "fluid_given_ml": f.fluid_given_ml,
            "formulas": [vars(v) for v in f.formulas],
            "maintenance_ml_per_h": f.maintenance_ml_per_h,
            "resuscitation_threshold_percent": f.resuscitation_threshold_percent,
            "resuscitation_indicated": f.resuscitation_indicated,
            "threshold_text": f.threshold_text,
            "urine_output_target_ml_per_h": f.urine_target_ml_per_h,
            "urine_output_target_ml_per_kg_per_h": f.urine_target_ml_per_kg_per_h,
            "urine_output_target_text": f.urine_text,
            "maintenance_text": f.maintenance_text, "electrical_injury": f.electrical_injury,
            "late_start_policy": f.late_start_policy, "late_start_policy_text": f.policy_text,
            "notes": list(f.notes)}


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
