"""Regions and %TBSA on a drawn figure whose areas are known, so the expected numbers are exact."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from burnmap.body.burn import DEEP_PARTIAL, FULL_THICKNESS, SUPERFICIAL, SUPERFICIAL_PARTIAL, BurnMask
from burnmap.body.lund_browder import AGE_BANDS, age_band, load_lund_browder
from burnmap.body.photo_counts import sum_surface
from burnmap.body.regions import REGION_ID, Joints, to_clinical_regions
from burnmap.clinical.assessment import PhotoCounts, assess, count_pixels
from burnmap.clinical.fluids import estimate_fluids, holliday_segar_ml_per_h
from tests.helpers.figure import CLASSES, figure


def _regions(scale=1, view="anterior", joints=True):
    labels, j = figure(scale, view)
    return to_clinical_regions(labels, CLASSES, view, j if joints else None)


def _burn(rm, names, depth=FULL_THICKNESS):
    burn = np.zeros(rm.ids.shape, np.uint8)
    burn[np.isin(rm.ids, [REGION_ID[n] for n in names])] = depth
    return burn


def _assess(rm, burn, age=30, **kw):
    return assess([PhotoCounts.of(rm, burn)], age, **kw)


def test_every_lund_browder_column_sums_to_100():
    chart = load_lund_browder()
    for band in AGE_BANDS:
        assert chart.total(band) == pytest.approx(100.0, abs=1e-9)
    assert sum(chart.share(r, "anterior", "adult") for r in chart.regions) == pytest.approx(48)


@pytest.mark.parametrize(("age", "band"), [(0.5, "age_0"), (1, "age_1"), (4.9, "age_1"), (5, "age_5"),
                                       (14, "age_10"), (15, "age_15"), (16, "adult"), (80, "adult")])
def test_age_bands(age, band):
    assert age_band(age) == band


def test_fully_burned_face_is_3_5_percent_in_an_adult_and_8_5_at_age_1():
    rm = _regions()
    burn = _burn(rm, ["head"])
    assert _assess(rm, burn).tbsa_total_percent == pytest.approx(3.5)
    assert _assess(rm, burn, age=1).tbsa_total_percent == pytest.approx(8.5)


def test_fully_burned_arm_is_4_75_and_half_the_trunk_6_5():
    rm = _regions()
    arm = _burn(rm, ["upper_arm_left", "forearm_left", "hand_left"])
    result = _assess(rm, arm)
    assert result.tbsa_total_percent == pytest.approx(4.75)
    rows = {r.region: r for r in result.rows}
    assert rows["forearm_left"].percent_of_region["full thickness"] == pytest.approx(100)
    assert rows["forearm_right"].percent_of_region["full thickness"] == 0  # assessed, unburned
    # the upper half of the trunk: its axis runs from the shoulders (y = 150) to the hips
    # (y = 400); the shoulder tops above it belong to its first part
    trunk = np.zeros(rm.ids.shape, np.uint8)
    trunk[:275][rm.ids[:275] == REGION_ID["trunk"]] = FULL_THICKNESS
    assert _assess(rm, trunk).tbsa_total_percent == pytest.approx(6.5)


def test_left_arm_is_on_the_image_right_in_anterior_and_image_left_in_posterior():
    ant = _regions()
    post = _regions(view="posterior")
    x_ant = np.nonzero(ant.ids == REGION_ID["forearm_left"])[1].mean()
    x_post = np.nonzero(post.ids == REGION_ID["forearm_left"])[1].mean()
    assert x_ant > 200 > x_post


def test_unseen_surfaces_are_not_assessed_never_zero():
    rm = _regions()
    result = _assess(rm, _burn(rm, ["head"]))
    assert ("trunk", "posterior") in result.not_assessed
    assert ("buttock_left", "posterior") in result.not_assessed
    assert all(r.surface == "anterior" for r in result.rows)
    assert result.assessed_share_percent < 48.0 + 1e-9


def test_superficial_is_reported_but_not_counted():
    rm = _regions()
    burn = _burn(rm, ["head"], SUPERFICIAL)
    result = _assess(rm, burn)
    assert result.tbsa_total_percent == 0
    assert result.superficial_tbsa_percent == pytest.approx(3.5)
    mixed = _burn(rm, ["head"], SUPERFICIAL_PARTIAL) + _burn(rm, ["trunk"], DEEP_PARTIAL)
    res = _assess(rm, mixed)
    assert res.tbsa_by_depth["superficial partial thickness"] == pytest.approx(3.5)
    assert res.tbsa_by_depth["deep partial thickness"] == pytest.approx(13)
    assert res.tbsa_total_percent == pytest.approx(16.5)


def test_two_views_together_cover_both_surfaces():
    ant, post = _regions(), _regions(view="posterior")
    photos = [PhotoCounts.of(ant, _burn(ant, ["trunk"])),
              PhotoCounts.of(post, _burn(post, ["trunk"]))]
    result = assess(photos, 30)
    assert result.tbsa_total_percent == pytest.approx(26)
    assert ("trunk", "posterior") not in result.not_assessed


def test_percentages_bounded_and_monotonic_in_painted_area():
    rm = _regions()
    mask = BurnMask(*rm.ids.shape)
    previous = 0.0
    rng = np.random.default_rng(1)
    for _ in range(15):
        mask.stroke(rng.uniform([100, 100], [300, 700], size=(3, 2)), FULL_THICKNESS, 15)
        result = _assess(rm, mask.values)
        for row in result.rows:
            assert all(0 <= v <= 100 for v in row.percent_of_region.values())
        assert 0 <= result.tbsa_total_percent <= 100
        assert result.tbsa_total_percent >= previous - 1e-12
        previous = result.tbsa_total_percent


def test_scaling_the_photo_keeps_the_numbers():
    rng = np.random.default_rng(2)
    small = _regions(scale=1)
    mask = BurnMask(*small.ids.shape)
    for _ in range(6):
        mask.stroke(rng.uniform([100, 100], [300, 700], size=(4, 2)), DEEP_PARTIAL, 20)
    big = _regions(scale=2)
    big_burn = np.asarray(Image.fromarray(mask.values).resize(big.ids.shape[::-1],
                                                                 Image.NEAREST))
    a = _assess(small, mask.values).tbsa_total_percent
    b = _assess(big, big_burn).tbsa_total_percent
    assert a > 1
    assert abs(a - b) <= 0.5


def test_incremental_counts_equal_a_full_recount():
    rm = _regions()
    mask = BurnMask(*rm.ids.shape)
    counts = PhotoCounts.of(rm, mask.values)
    rng = np.random.default_rng(3)
    for i in range(25):
        patch = mask.stroke(rng.uniform(0, 400, size=(3, 2)) * [1, 2], int(rng.integers(0, 5)),
                            float(rng.uniform(3, 30)))
        if patch is not None:
            counts.update(rm, patch.box, patch.old, patch.new)
        if i % 7 == 6:
            undone = mask.undo()
            counts.update(rm, undone.box, undone.new, undone.old)
    assert np.array_equal(counts.counts, count_pixels(rm.ids, mask.values, rm.covered))
    # surface sums are integers: a box recount equals a full recount bit for bit
    assert np.array_equal(counts.sums, sum_surface(rm.surface.cell, rm.surface.weight,
                                                   mask.values, rm.covered))


def test_estimated_joints_split_limbs_close_to_the_true_ones():
    with_pose = _regions()
    estimated = _regions(joints=False)
    assert estimated.joints.source == "estimate"
    assert any("estimated" in w for w in estimated.warnings)
    for name in ("upper_arm_left", "forearm_left", "thigh_right", "lower_leg_right"):
        true_px = with_pose.pixels()[name]
        assert abs(estimated.pixels()[name] - true_px) <= 0.25 * true_px, name


def test_moving_a_joint_resplits_the_limb():
    labels, joints = figure()
    moved = joints.moved("left_elbow", 282, 330)
    before = to_clinical_regions(labels, CLASSES, "anterior", joints).pixels()
    after = to_clinical_regions(labels, CLASSES, "anterior", moved).pixels()
    assert moved.source == "clinician"
    assert after["upper_arm_left"] > before["upper_arm_left"]
    assert after["forearm_left"] < before["forearm_left"]


def test_other_people_are_excluded():
    labels, joints = figure()
    patient = np.zeros(labels.shape, bool)
    patient[:, :200] = True
    rm = to_clinical_regions(labels, CLASSES, "anterior", joints, patient=patient)
    assert rm.pixels()["forearm_left"] == 0
    assert rm.pixels()["forearm_right"] > 0


def test_a_region_under_clothing_is_not_assessed_never_zero():
    labels, joints = figure()
    labels[labels == CLASSES.index("Torso-skin")] = CLASSES.index("UpperClothes")
    rm = to_clinical_regions(labels, CLASSES, "anterior", joints)
    result = assess([PhotoCounts.of(rm, np.zeros(rm.ids.shape, np.uint8))], 30)
    assert ("trunk", "anterior") in result.not_assessed
    assert any(w.startswith("trunk (anterior): 100% covered by clothing") for w in result.warnings)


def test_tiny_unburned_regions_are_not_assessed_tiny_burned_ones_are_counted():
    labels, joints = figure()
    labels[labels == CLASSES.index("Face")] = 0
    labels[40:50, 195:205] = CLASSES.index("Face")  # 100 pixels of face, under 0.2 % of the body
    rm = to_clinical_regions(labels, CLASSES, "anterior", joints)
    unburned = _assess(rm, np.zeros(rm.ids.shape, np.uint8))
    assert ("head", "anterior") in unburned.not_assessed
    assert any("too small" in w for w in unburned.warnings)
    burned = _assess(rm, _burn(rm, ["head"]))
    row = next(r for r in burned.rows if r.region == "head")
    assert row.small
    assert row.tbsa_counted == pytest.approx(3.5)
    assert any("burned but small" in w for w in burned.warnings)


def test_rule_of_nines_cross_check():
    rm = _regions()
    result = _assess(rm, _burn(rm, ["head", "neck"]))
    assert result.rule_of_nines_total == pytest.approx(4.5)


def test_fluids_parkland_and_consensus_with_their_formulas():
    f = estimate_fluids(20, 70, 35, hours_since_injury=2, fluid_given_ml=500)
    parkland, consensus = f.formulas
    assert parkland.total_24h_ml == 5600
    assert parkland.first_8h_ml == 2800
    assert parkland.remaining_first_8h_ml == 2300
    # 2300 mL over the 6 h left would be 383 mL/h: never faster than 2800 mL / 8 h = 350 mL/h
    assert parkland.rate_now_ml_per_h == pytest.approx(350)
    # 1,000 mL given at 2 h is more than the 700 mL due: the on-time rate, with the prompt
    ahead = estimate_fluids(20, 70, 35, hours_since_injury=2, fluid_given_ml=1000)
    assert ahead.formulas[0].rate_now_ml_per_h == pytest.approx(350)
    assert "700 mL due by now: ahead of the formula" in ahead.formulas[0].rate_basis
    assert consensus.total_24h_ml == 2800
    assert "4 mL x 70 kg x 20.0 % TBSA" in parkland.formula
    assert f.resuscitation_indicated
    assert f.urine_target_ml_per_h == 35
    child = estimate_fluids(12, 18, 4)
    assert child.child
    assert child.formulas[1].ml_per_kg_per_percent == 3
    assert child.maintenance_ml_per_h == holliday_segar_ml_per_h(18) == 56
    assert child.resuscitation_indicated
    assert child.urine_target_ml_per_h == 18


def test_assessment_includes_fluids_when_weight_is_given():
    rm = _regions()
    result = _assess(rm, _burn(rm, ["trunk"]), weight_kg=80, hours_since_injury=1)
    assert result.fluids.formulas[0].total_24h_ml == pytest.approx(4 * 80 * 13)
    assert _assess(rm, _burn(rm, ["trunk"])).fluids is None


def test_joints_data_model():
    j = Joints({"left_elbow": (1, 2)}, "pose")
    assert j.get("left", "elbow").tolist() == [1, 2]
    assert j.get("right", "elbow") is None


def test_view_suggestion_from_face_and_hair():
    from burnmap.body.regions import suggest_view
    labels, _ = figure()
    assert suggest_view(labels, CLASSES) == "anterior"
    back = labels.copy()
    back[back == CLASSES.index("Face")] = CLASSES.index("Hair")
    assert suggest_view(back, CLASSES) == "posterior"
    assert suggest_view(np.zeros((5, 5), np.uint8), CLASSES) is None


def test_the_largest_person_is_the_patient_and_others_are_excluded():
    from burnmap.parsing.base import Instance, ModelIdentity, Parsing
    labels, joints = figure()
    small = np.zeros(labels.shape, bool)
    small[:, :140] = True                      # a bystander: the image-left arm only
    big = ~small
    persons = [Instance.create(20, "Human", 0.9, (0, 0, 139, 799), small[:, :140]),
               Instance.create(20, "Human", 0.8, (140, 0, 399, 799), big[:, 140:])]
    parsing = Parsing(labels, CLASSES, [], persons, ModelIdentity("test"))
    patient = parsing.person_mask()
    assert patient.sum() == big.sum()
    rm = to_clinical_regions(labels, CLASSES, "anterior", joints, patient=patient)
    assert rm.pixels()["forearm_right"] == 0
    assert rm.pixels()["forearm_left"] > 0
    assert parsing.person_mask(0).sum() == small.sum()


def test_parts_add_up_says_when_rounded_parts_miss_the_rounded_total():
    from burnmap.clinical.assessment import parts_add_up
    assert not parts_add_up([0.24, 0.34], 0.58, 1)    # 0.2 + 0.3 shown beside 0.6
    assert parts_add_up([0.24, 0.34], 0.58, 2)
    assert parts_add_up([1.25, 0.0, 2.5], 3.75, 2)
    assert parts_add_up([], 0.0, 1)
