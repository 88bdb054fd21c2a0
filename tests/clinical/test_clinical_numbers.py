"""Issue 13: numbers a clinician could act on, each checked against a figure computed by hand.

Adult Lund-Browder shares per surface used below: head 3.5, trunk 13, upper arm 2, forearm 1.5,
hand 1.25, thigh 4.75, lower leg 3.5, foot 1.75, genitalia 1 (anterior only), buttock 2.5
(posterior only). Parkland = 4 mL x kg x %TBSA, half in the first 8 h.
"""
from __future__ import annotations

import numpy as np
import pytest

from burnmap.body.burn import FULL_THICKNESS
from burnmap.body.regions import REGION_ID, to_clinical_regions
from burnmap.clinical.assessment import PhotoCounts, assess, assessment_to_dict
from burnmap.clinical.fluids import estimate_fluids
from burnmap.model.workspace import PhotoState
from burnmap.parsing.label_map import label_map_parsing
from burnmap.photo.imaging import Photo
from tests.helpers.figure import CLASSES, C, figure

ARMS = ["upper_arm_left", "forearm_left", "hand_left", "upper_arm_right", "forearm_right",
        "hand_right"]


def _map(view="anterior", labels=None):
    own, joints = figure(1, view if view in ("anterior", "posterior") else "anterior")
    return to_clinical_regions(own if labels is None else labels, CLASSES, view, joints)


def _burned(rm, names, depth=FULL_THICKNESS):
    burn = np.zeros(rm.ids.shape, np.uint8)
    burn[np.isin(rm.ids, [REGION_ID[n] for n in names])] = depth
    return burn


def _counts(rm, burn, name=""):
    return PhotoCounts.of(rm, burn, name)


def _row(result, region, surface):
    return next(r for r in result.rows if (r.region, r.surface) == (region, surface))


# --- totals say what they cover -----------------------------------------------------------------

def test_front_only_circumferential_arms_say_how_much_was_assessed():
    rm = _map("anterior")
    result = assess([_counts(rm, _burned(rm, ARMS))], 30, weight_kg=70, hours_since_injury=1)
    assert result.tbsa_total_percent == pytest.approx(2 * (2 + 1.5 + 1.25))   # 9.5 seen
    # the anterior surface is 48 %; the feet are in shoes (covered, unburned): not assessed
    assert result.assessed_share_percent == pytest.approx(48 - 2 * 1.75)
    data = assessment_to_dict(result)
    assert data["assessed_surface_percent"] == pytest.approx(44.5)
    assert any("only 44.5 % of the body surface was assessed" in w for w in result.warnings)
    assert result.fluids.notes[0].startswith("only 44.5 % of the body surface was assessed")
    assert result.coverage_text() == "of 44.5 % of the body surface assessed"


# --- the patient only -----------------------------------------------------------------------------

def test_a_label_map_of_two_people_counts_only_the_patient():
    labels, _joints = figure()
    other = np.zeros_like(labels)
    other[300:700, 100:300] = labels[::2, ::2]                  # a smaller bystander
    scene = np.concatenate([labels, other], axis=1)
    parsing = label_map_parsing(scene, b"labels", "labels.png", None)   # as with no pose
    photo = Photo(np.zeros((*scene.shape, 3), np.uint8), "scene.png", "PNG", "RGB")
    state = PhotoState(photo, view="anterior", view_confirmed=True)
    state.set_parsing(parsing)
    burn = np.zeros(scene.shape, np.uint8)
    burn[:, 400:][scene[:, 400:] > 0] = FULL_THICKNESS              # the bystander is burned
    state.load_burn(burn)
    result = assess([state.counts], 30)
    assert result.tbsa_total_percent == 0
    assert any("outside the patient's body regions" in w for w in result.warnings)


# --- size floor relative to the body, never dropping a burn ---------------------------------------

def test_a_small_figure_in_a_big_photo_keeps_its_burned_forearm_hand_and_foot():
    labels, joints = figure()
    big = np.zeros((3000, 3000), np.uint8)
    big[:800, :400] = labels           # 9 MP photo; 0.1 % of it (9000 px) exceeds a forearm
    rm = to_clinical_regions(big, CLASSES, "anterior", joints)
    burned = ["forearm_left", "hand_left", "foot_left"]
    result = assess([_counts(rm, _burned(rm, burned))], 30)
    assert result.tbsa_total_percent == pytest.approx(1.5 + 1.25 + 1.75)
    assert not result.not_assessed.count(("forearm_left", "anterior"))


# --- clothing ---------------------------------------------------------------------------------

def test_a_partly_covered_trunk_is_measured_on_its_visible_skin():
    labels, _joints = figure()
    labels[240:400][labels[240:400] == C["Torso-skin"]] = C["UpperClothes"]   # lower trunk covered
    rm = _map("anterior", labels)
    trunk = rm.ids == REGION_ID["trunk"]
    # covered: the trunk's surface from y = 240 to the hips (400) of its axis from the
    # shoulders (150): a share of the surface, not of the pixels (the shoulder tops above the
    # shoulder line belong to the axis's first part)
    covered = (400 - 240) / (400 - 150)
    burn = np.where(trunk & ~rm.covered, FULL_THICKNESS, 0).astype(np.uint8)
    result = assess([_counts(rm, burn)], 30)
    row = _row(result, "trunk", "anterior")
    assert row.percent_of_region["full thickness"] == pytest.approx(100)   # of the visible skin
    # within a pixel row of the 250 along the axis
    assert row.covered_percent == pytest.approx(100 * covered, abs=100 / 250)
    assert result.tbsa_total_percent == pytest.approx(13 * (1 - covered), abs=13 / 250)
    assert any(f"{100 * covered:.0f} % covered by clothing" in w for w in result.warnings)


def test_thighs_under_shorts_are_not_assessed_and_a_painted_burn_on_clothing_counts():
    labels, _joints = figure()
    for side in ("Left-leg", "Right-leg"):
        labels[400:560][labels[400:560] == C[side]] = C["Pants"]
    rm = _map("anterior", labels)
    result = assess([_counts(rm, np.zeros(rm.ids.shape, np.uint8))], 30)
    assert ("thigh_left", "anterior") in result.not_assessed
    burned = assess([_counts(rm, _burned(rm, ["thigh_left"]))], 30)
    assert _row(burned, "thigh_left", "anterior").tbsa_counted > 0   # a painted burn is skin


def test_sleeves_belong_to_the_arms():
    labels, _joints = figure()
    for part in ("Torso-skin", "Left-arm", "Right-arm"):
        labels[120:300][labels[120:300] == C[part]] = C["UpperClothes"]   # a long-sleeved top
    rm = _map("anterior", labels)
    sleeve = rm.ids[200, 110], rm.ids[200, 290]           # inside both upper arms
    assert sleeve == (REGION_ID["upper_arm_right"], REGION_ID["upper_arm_left"])
    assert rm.ids[200, 200] == REGION_ID["trunk"]
    assert rm.ids[290, 110] == REGION_ID["forearm_right"]  # split at the elbow (y = 270)


# --- fluids -----------------------------------------------------------------------------------

def test_after_24_hours_there_are_no_volumes():
    for hours in (30, 400 * 24):
        f = estimate_fluids(44, 70, 40, hours_since_injury=hours)
        assert f.formulas == ()
        assert any("no longer apply" in n for n in f.notes)


@pytest.mark.parametrize(("age", "weight", "child"), [(15, 80, False), (12, 35, True),
                                                 (12, 45, False), (4, 18, True)])
def test_child_is_the_abls_definition(age, weight, child):
    f = estimate_fluids(20, weight, age)
    assert f.child == child
    assert f.formulas[1].ml_per_kg_per_percent == (3 if child else 2)
    # urine: 1 mL/kg/h for children under 30 kg only (12 years, 35 kg: 0.5 x 35 = 17.5)
    assert f.urine_target_ml_per_h == pytest.approx((1.0 if weight < 30 else 0.5) * weight)


def test_the_resuscitation_threshold_is_inclusive():
    assert estimate_fluids(15, 70, 40).resuscitation_indicated
    assert not estimate_fluids(14.99, 70, 40).resuscitation_indicated
    assert estimate_fluids(10, 18, 4).resuscitation_indicated


@pytest.mark.parametrize(("age", "weight", "warned"), [(40, 5, True), (0.5, 120, True),
                                                 (30, 70, False), (4, 16, False)])
def test_implausible_weight_for_age_is_flagged(age, weight, warned):
    f = estimate_fluids(20, weight, age)
    assert any("implausible" in n for n in f.notes) == warned


# --- Rule of Nines and age bands --------------------------------------------------------------

def test_rule_of_nines_uses_the_paediatric_modification_and_is_information_only():
    rm = _map("anterior")
    infant = assess([_counts(rm, _burned(rm, ["head"]))], 0.5)
    # infant: paediatric head and neck 18 % -> 9 % per surface; of the anterior head and neck
    # (Lund-Browder age 0: head 9.5, neck 1) the head is burned: 9 x 9.5 / 10.5
    assert infant.rule_of_nines_total == pytest.approx(9 * 9.5 / 10.5)
    assert not any("Rule of Nines" in w for w in infant.warnings)
    assert any("paediatric Rule of Nines" in n for n in infant.notes)


def test_the_age_band_is_given_with_its_range():
    rm = _map("anterior")
    result = assess([_counts(rm, _burned(rm, ["head"]))], 4.9)
    assert (result.age_band, result.age_band_range) == ("age_1", "1-4 years")
    assert assessment_to_dict(result)["age_band_range"] == "1-4 years"


def test_burns_over_a_major_joint_are_found_near_that_joint_only():
    from types import SimpleNamespace

    from burnmap.clinical.joint_burns import joint_burns
    rm = _map("anterior")
    burn = np.zeros(rm.ids.shape, np.uint8)
    x, y = rm.joints.points["left_elbow"]
    burn[int(y) - 5:int(y) + 5, int(x) - 5:int(x) + 5] = FULL_THICKNESS   # 100 px on the elbow
    found = joint_burns([SimpleNamespace(regions=rm, burn=SimpleNamespace(values=burn))])
    assert found["left_elbow"]["full thickness"] == 100
    assert found["right_elbow"]["full thickness"] == found["left_knee"]["full thickness"] == 0
    assert joint_burns([SimpleNamespace(regions=None, burn=None)]) is None


@pytest.mark.parametrize("age", [0.5, 3, 9.9, 30])
def test_the_rule_of_nines_keeps_the_genitalia_at_every_age(age):
    from tests.helpers.referral_scenes import FULL, _both
    # genitalia (anterior only): 1 % by Lund-Browder at every age, 1 % (perineum) by the Nines
    result = _both({"genitalia": (FULL_THICKNESS, FULL)}, age=age)
    assert result.tbsa_total_percent == pytest.approx(1.0)
    assert result.rule_of_nines_total == pytest.approx(1.0)


@pytest.mark.parametrize(("age", "legs"), [(0.5, 2 * 13.5), (3, 2 * (13.5 + 1)), (9, 2 * (13.5 + 4)),
                                       (10, 2 * 18)])
def test_paediatric_rule_of_nines_legs_and_the_whole_body(age, legs):
    from burnmap.body.regions import REGIONS
    from tests.helpers.referral_scenes import FULL, _both
    # infant legs 13.5 % each (the adult 18 less 4.5), 0.5 % more per year from 1 (int(age) - 1)
    leg_regions = [r for r in REGIONS if r.split("_")[0] in ("thigh", "lower", "foot")]
    burned = {r: (FULL_THICKNESS, FULL) for r in leg_regions}
    assert _both(burned, burned, age=age).rule_of_nines_total == pytest.approx(legs)
    everything = {r: (FULL_THICKNESS, FULL) for r in REGIONS}
    assert _both(everything, everything, age=age).rule_of_nines_total == pytest.approx(100)
