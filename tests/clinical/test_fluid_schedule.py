"""Issue 23: the fluid schedule under both late-start policies, fluid already given, children and
small burns, each number computed by hand.

70 kg, 14 % TBSA, adult. Parkland 4 x 70 x 14 = 3,920 mL in 24 h: 1,960 mL in the first 8 h
(on time 245 mL/h), 1,960 mL over the next 16 h (122.5 mL/h). Consensus (adult) 2 mL: 1,960 mL,
980 in the first 8 h (122.5 mL/h), then 61.25 mL/h. Due by now at h hours: 245 h before 8 h,
1,960 + 122.5 (h - 8) after. Classical catch-up: before 8 h the first half still due over the
hours left to 8 h; from 8 h the 24-h volume still due over the hours left to 24 h; above 4 times
the on-time rate it is not a rate to run and the on-time rate is shown.
"""
from __future__ import annotations

from datetime import UTC

import pytest

from burnmap.clinical.assessment import assessment_to_dict
from burnmap.clinical.fluids import (
    CATCH_UP,
    CATCH_UP_LIMIT,
    DEFAULT_POLICY,
    NO_CATCH_UP,
    POLICIES,
    due_by_now_ml,
    estimate_fluids,
    fluids_to_dict,
)
from burnmap.system.settings import Settings

# hours -> (no catch-up, catch-up) starting rates of Parkland, nothing given
PARKLAND = {
    0: (245, 245),                 # on time: both 1,960 / 8
    2: (245, 1960 / 6),            # 326.7: the first half over the 6 h left
    4: (245, 1960 / 4),            # 490 = 2 x 245
    6: (245, 1960 / 2),            # 980 = 4 x 245: the limit, still shown
    7.9: (245, 245),               # 1,960 in 0.1 h = 19,600 mL/h: not a rate to run
    8: (122.5, 3920 / 16),         # second half on time; catch-up spreads the whole 3,920
    12: (122.5, 3920 / 12),        # 326.7 = 2.7 x 122.5
    23.9: (122.5, 122.5),          # 3,920 in 0.1 h: not a rate to run
}
LIMITED = {7.9, 23.9}


@pytest.mark.parametrize("hours", sorted(PARKLAND))
@pytest.mark.parametrize("policy", POLICIES)
def test_parkland_starting_rate_under_both_policies(hours, policy):
    f = estimate_fluids(14, 70, 40, hours_since_injury=hours, late_start_policy=policy)
    parkland = f.formulas[0]
    no_catch, catch = PARKLAND[hours]
    mine, other = (no_catch, catch) if policy == NO_CATCH_UP else (catch, no_catch)
    assert parkland.rate_now_ml_per_h == pytest.approx(mine)
    assert parkland.other_rate_ml_per_h == pytest.approx(other)
    assert parkland.on_time_rate_ml_per_h == pytest.approx(245 if hours < 8 else 122.5)
    # never a rate no clinician would run: at most 4 times the period's on-time rate
    assert parkland.rate_now_ml_per_h <= CATCH_UP_LIMIT * parkland.on_time_rate_ml_per_h + 1e-9
    assert parkland.rate_limited == (policy == CATCH_UP and hours in LIMITED)
    assert f.late_start_policy == policy
    assert f.policy_text.startswith("late start: ")
    assert ("no catch-up (ABA/ABLS)" in f.policy_text) == (policy == NO_CATCH_UP)


@pytest.mark.parametrize(("hours", "no_catch", "catch"), [
    (0, 122.5, 122.5), (4, 122.5, 980 / 4), (6, 122.5, 980 / 2), (7.9, 122.5, 122.5),
    (8, 61.25, 1960 / 16), (12, 61.25, 1960 / 12), (23.9, 61.25, 61.25)])
def test_consensus_follows_the_same_policy(hours, no_catch, catch):
    for policy, rate in ((NO_CATCH_UP, no_catch), (CATCH_UP, catch)):
        consensus = estimate_fluids(14, 70, 40, hours, late_start_policy=policy).formulas[1]
        assert consensus.ml_per_kg_per_percent == 2
        assert consensus.rate_now_ml_per_h == pytest.approx(rate)


@pytest.mark.parametrize("policy", POLICIES)
def test_at_24_hours_there_are_no_volumes_under_either_policy(policy):
    f = estimate_fluids(14, 70, 40, hours_since_injury=24, late_start_policy=policy)
    assert f.formulas == ()
    assert any("24 h since injury: the 24-h resuscitation formulas no longer apply" in n
               for n in f.notes)


def test_the_words_say_which_policy_gave_the_number_and_what_the_other_gives():
    late = estimate_fluids(14, 70, 40, 2).formulas[0]                      # default: no catch-up
    assert late.rate_basis == ("no catch-up: half the 24-h volume over the first 8 h; the 490 mL "
                               "behind schedule is not made up")
    assert late.other_basis == ("catch-up (classical Parkland): 327 mL/h (the 1,960 mL still "
                                "due by 8 h over the 6.0 h left)")
    classical = estimate_fluids(14, 70, 40, 2, late_start_policy=CATCH_UP).formulas[0]
    assert classical.rate_basis == "the 1,960 mL still due by 8 h over the 6.0 h left"
    assert classical.other_basis.startswith("no catch-up (ABA/ABLS): 245 mL/h (no catch-up: ")
    too_fast = estimate_fluids(14, 70, 40, 7.9, late_start_policy=CATCH_UP)
    assert too_fast.formulas[0].rate_basis.startswith(
        "catch-up would put the 1,960 mL still due by 8 h into the 0.1 h left, more than 4 times "
        "the on-time rate: the on-time rate instead; reassess clinically")
    assert "19,600" not in too_fast.formulas[0].rate_basis      # the rate nobody would run
    assert any("catch-up rate would be too fast to run" in n for n in too_fast.notes)


def test_from_8_to_24_hours_labels_agree_with_numbers():
    # 12 h, 1,000 mL given: due 1,960 + 4 x 122.5 = 2,450, so 1,450 mL behind
    plain = estimate_fluids(14, 70, 40, 12, 1000).formulas[0]
    assert plain.rate_now_ml_per_h == pytest.approx(122.5)          # the second half's rate
    assert plain.rate_basis.startswith("no catch-up: the second half of the 24-h volume over "
                                       "the 16 h after the first 8; the 1,450 mL behind")
    spread = estimate_fluids(14, 70, 40, 12, 1000, late_start_policy=CATCH_UP).formulas[0]
    assert spread.rate_now_ml_per_h == pytest.approx((3920 - 1000) / 12)   # 243.3
    assert "no catch-up" not in spread.rate_basis
    assert spread.rate_basis == "the 2,920 mL still due by 24 h over the 12.0 h left"


def test_due_by_now_is_what_the_formula_would_have_given():
    assert [due_by_now_ml(3920, h) for h in (0, 2, 8, 12, 20, 24, 30)] == pytest.approx(
        [0, 490, 1960, 2450, 3430, 3920, 3920])


@pytest.mark.parametrize(("hours", "given"), [(12, 2000), (20, 3000), (20, 3430)])
def test_behind_or_on_schedule_is_never_called_over_resuscitation(hours, given):
    f = estimate_fluids(14, 70, 40, hours, given)
    # behind the Parkland schedule (due 2,450 at 12 h, 3,430 at 20 h): no Parkland warning; the
    # consensus formula (half the volume) is exceeded, and says so of itself
    assert not any("more than the Parkland" in n for n in f.notes)
    assert any("more than the Consensus (ABLS/ABA) formula" in n for n in f.notes)
    assert f.formulas[0].rate_now_ml_per_h == pytest.approx(122.5)


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize(("hours", "given", "due"), [(4, 2000, 980), (4, 5000, 980), (0.5, 200, 122.5),
                                               (20, 3500, 3430), (12, 9000, 2450)])
def test_more_than_due_is_a_prompt_never_a_stop(policy, hours, given, due):
    f = estimate_fluids(14, 70, 40, hours, given, late_start_policy=policy)
    parkland = f.formulas[0]
    assert parkland.due_by_now_ml == pytest.approx(due)
    assert parkland.rate_now_ml_per_h == pytest.approx(245 if hours < 8 else 122.5)
    assert parkland.rate_now_ml_per_h > 0
    assert parkland.other_rate_ml_per_h > 0
    assert f"{given:,} mL given, {due:,.0f} mL due by now: ahead of the formula" in \
        parkland.rate_basis
    assert any(f"{given:,} mL given is more than the Parkland formula would have given by now "
               f"({due:,.0f} mL at {hours:.1f} h): titrate to urine output and reassess" in n
               for n in f.notes)


def test_a_millilitre_over_the_schedule_is_on_schedule_within_half_a_millilitre():
    at_two = estimate_fluids(14, 70, 40, 2, 490.4)          # due 490
    assert not any("more than the Parkland" in n for n in at_two.notes)
    assert any("more than the Parkland" in n for n in estimate_fluids(14, 70, 40, 2, 491).notes)


@pytest.mark.parametrize(("age", "weight", "electrical", "ml", "words"), [
    (40, 70, False, 2, "2 mL of the consensus 2-4 mL: adult or older child"),
    (13.9, 39.9, False, 3, "3 mL of the consensus 2-4 mL: child under 14 years and under 40 kg"),
    (14, 39.9, False, 2, "2 mL"),
    (13.9, 40, False, 2, "2 mL"),
    (40, 70, True, 4, "4 mL of the consensus 2-4 mL: electrical injury (ABLS)"),
    (5, 18, True, 4, "4 mL of the consensus 2-4 mL: electrical injury"),
])
def test_the_consensus_value_and_why(age, weight, electrical, ml, words):
    f = estimate_fluids(20, weight, age, electrical_injury=electrical)
    consensus = f.formulas[1]
    assert consensus.ml_per_kg_per_percent == ml
    assert consensus.ml_basis.startswith(words)
    assert consensus.total_24h_ml == pytest.approx(ml * weight * 20)
    assert f.formulas[0].ml_per_kg_per_percent == 4          # Parkland is 4 mL whatever the cause
    assert fluids_to_dict(f)["electrical_injury"] is electrical


@pytest.mark.parametrize(("age", "weight", "per_kg", "target"), [
    (13, 35, 0.5, 17.5),          # a child (ABLS) of 30 kg or more: as adults
    (13, 29.9, 1.0, 29.9),        # under 30 kg: 1 mL/kg/h
    (13, 30, 0.5, 15.0),          # 30 kg is not under 30
    (4, 18, 1.0, 18.0),
    (40, 28, 0.5, 14.0),          # a small adult is not a child
    (40, 70, 0.5, 35.0),
])
def test_urine_output_target_is_1_ml_only_for_children_under_30_kg(age, weight, per_kg, target):
    f = estimate_fluids(20, weight, age)
    assert f.urine_target_ml_per_kg_per_h == per_kg
    assert f.urine_target_ml_per_h == pytest.approx(target)
    assert f.urine_text.startswith(f"urine output target {per_kg:g} mL/kg/h x {weight:g} kg = "
                                   f"{target:g} mL/h")


@pytest.mark.parametrize(("age", "weight", "maintenance"), [(4, 18, 56), (13, 29.9, 69.9), (13, 30, None),
                                                     (0.5, 7, 28), (40, 28, None)])
def test_maintenance_is_in_addition_and_contains_dextrose(age, weight, maintenance):
    # Holliday-Segar: 4 x 10 + 2 x 8 = 56 mL/h at 18 kg; 40 + 20 + 9.9 = 69.9 at 29.9 kg
    f = estimate_fluids(20, weight, age)
    assert f.maintenance_ml_per_h == (None if maintenance is None else pytest.approx(maintenance))
    if maintenance is None:
        assert f.maintenance_text == ""
        return
    assert f.maintenance_text.startswith(f"maintenance {maintenance:.0f} mL/h (Holliday-Segar")
    assert "containing dextrose" in f.maintenance_text
    assert "in addition to the resuscitation fluid" in f.maintenance_text


@pytest.mark.parametrize(("tbsa", "age", "weight", "below"), [(14.99, 40, 70, True), (15, 40, 70, False),
                                                      (0.5, 40, 70, True), (9.99, 5, 18, True),
                                                      (10, 5, 18, False)])
def test_below_the_threshold_one_line_says_so(tbsa, age, weight, below):
    f = estimate_fluids(tbsa, weight, age, 2)
    assert f.resuscitation_indicated is not below
    assert bool(f.threshold_text) is below
    if below:
        assert f.threshold_text.startswith(f"{tbsa:.1f} % TBSA is below the threshold for formal "
                                           f"resuscitation ({f.resuscitation_threshold_percent:g} "
                                           f"% TBSA and more in ")
        assert f.threshold_text.endswith("no resuscitation volumes; volumes on request")
        assert f.formulas[0].total_24h_ml == pytest.approx(4 * weight * tbsa)   # on request


def test_below_the_threshold_on_part_of_the_body_says_the_burn_may_be_larger():
    f = estimate_fluids(9.5, 70, 30, 1, assessed_percent=44.5)
    assert f.threshold_text.endswith("(only 44.5 % of the body surface was assessed: the burn "
                                     "may be larger)")
    assert f.notes[0].startswith("only 44.5 % of the body surface was assessed")


def test_the_policy_is_a_setting_with_the_abls_default_and_bad_values_are_refused():
    assert Settings().late_start_policy == DEFAULT_POLICY == NO_CATCH_UP
    with pytest.raises(ValueError, match="unknown late-start policy 'bolus'"):
        estimate_fluids(20, 70, 40, 2, late_start_policy="bolus")


def test_the_json_says_which_policy_was_applied_and_what_the_other_gives():
    from datetime import datetime

    from tests.helpers.sample_case import make_workspace
    ws = make_workspace()
    ws.late_start_policy = CATCH_UP
    result = ws.assessment(now=datetime(2026, 11, 23, 8, 30, tzinfo=UTC))   # 2 h
    fluids = assessment_to_dict(result)["fluids"]
    assert fluids["late_start_policy"] == CATCH_UP
    assert fluids["late_start_policy_text"] == ("late start: catch-up (classical Parkland) "
                                                "(setting late_start_policy)")
    parkland = fluids["formulas"][0]
    assert parkland["other_basis"].startswith("no catch-up (ABA/ABLS): ")
    assert parkland["other_rate_ml_per_h"] == pytest.approx(parkland["first_8h_ml"] / 8)
    assert fluids["urine_output_target_ml_per_h"] == pytest.approx(0.5 * 72.5)


def test_a_hand_edited_policy_setting_is_named_and_the_default_used(tmp_path, caplog):
    """The settings loader checks the value (any case, spaces), names a bad one and uses the
    default: nothing else ever sees it."""
    from burnmap.system.settings import load_settings
    path = tmp_path / "settings.json"
    path.write_text('{"late_start_policy": " Catch_Up "}')
    assert load_settings(path).late_start_policy == CATCH_UP
    path.write_text('{"late_start_policy": "bolus"}')
    assert load_settings(path).late_start_policy == NO_CATCH_UP
    assert 'late_start_policy: "bolus" is not one of no_catch_up, catch_up; using ' \
           '"no_catch_up"' in caplog.text


@pytest.mark.parametrize("weight", [72.5, None])   # with and without a fluid estimate
def test_a_policy_the_code_passes_outside_the_known_ones_is_a_bug(weight):
    """Workspace is given only POLICIES (the settings loader sees to it): anything else is a
    caller's bug, refused naming it, never an assessment under a policy nobody chose."""
    from datetime import datetime

    from tests.helpers.sample_case import make_workspace
    ws = make_workspace()
    ws.patient.weight_kg = weight
    ws.late_start_policy = "bolus"
    with pytest.raises(ValueError, match="unknown late-start policy 'bolus'"):
        ws.assessment(now=datetime(2026, 11, 23, 8, 30, tzinfo=UTC))
    assert ws.snapshot().late_start_policy == "bolus"   # a snapshot assesses as the original
    ws.late_start_policy = CATCH_UP
    assert ws.snapshot().late_start_policy == CATCH_UP
