"""Referral criteria (ANZBA, ABA) judged on synthetic photos whose numbers are computed by hand.

Each photo shows every region its view can show as a 20 x 20 block (400 pixels); a burn paints
the first n pixels of a block. Adult Lund-Browder shares of one surface: head 3.5, neck 1,
trunk 13, genitalia 1 (anterior only), upper arm 2, forearm 1.5, hand 1.25, thigh 4.75; at
5-9 years the thigh is 4. The anterior surface is 48 % of an adult's body.
"""
from __future__ import annotations

import re

import pytest

from burnmap.body.burn import DEEP_PARTIAL, FULL_THICKNESS, SUPERFICIAL, SUPERFICIAL_PARTIAL
from burnmap.body.regions import REGIONS
from burnmap.clinical.assessment import assess
from burnmap.clinical.referral import GUIDELINES, MET, NOT_MET, TO_CHECK, evaluate_referral, load_criteria
from tests.helpers.referral_scenes import FULL, JOINTS, _both, _item, _photo, _status


def test_criteria_are_data_for_both_guidelines_with_sources():
    criteria = load_criteria()
    assert GUIDELINES == ("ANZBA", "ABA") == tuple(criteria)
    assert all(c.source and c.criterion for cs in criteria.values() for c in cs)
    assert all("superficial" not in c.depths for cs in criteria.values() for c in cs)
    face = next(c for c in criteria["ANZBA"] if c.id == "anzba_face")
    assert face.regions == (("head", "anterior"),)


def test_an_adult_12_percent_partial_thickness_meets_both_size_criteria():
    # thighs 4.75 + 4.75, left forearm 1.5, genitalia 1 (anterior) = 12 % TBSA
    spt = {r: (SUPERFICIAL_PARTIAL, FULL) for r in ("thigh_left", "thigh_right", "forearm_left",
                                                      "genitalia")}
    result = _both(spt)
    assert result.tbsa_total_percent == pytest.approx(12.0)
    adult = _item(evaluate_referral(result, 30, "ANZBA"), "Burns > 10 % TBSA (adult)")
    assert adult.status == MET
    assert "12.0 % TBSA partial + full thickness (threshold > 10 % TBSA)" in adult.reason
    assert "an adult (30 years; child: under 16 years)" in adult.reason
    aba = evaluate_referral(result, 30, "ABA")
    assert _status(aba, "Partial-thickness burns >= 10") == MET
    assert _status(aba, "Full-thickness burns of any size") == NOT_MET
    # the whole body was photographed: no "of X % assessed" qualifier
    assert "assessed" not in _item(aba, "Full-thickness burns of any size").reason


def test_exactly_10_percent_is_not_over_10_but_is_at_least_10():
    # head 3.5 + neck 1 + upper arms 2 + 2 + left forearm 1.5, anterior = 10 % TBSA
    spt = {r: (SUPERFICIAL_PARTIAL, FULL) for r in ("head", "neck", "upper_arm_left",
                                                      "upper_arm_right", "forearm_left")}
    result = _both(spt)
    assert result.tbsa_total_percent == pytest.approx(10.0)
    anzba = _item(evaluate_referral(result, 30, "ANZBA"), "Burns > 10 % TBSA (adult)")
    assert anzba.status == NOT_MET
    assert "10.0 % TBSA" in anzba.reason
    aba = _item(evaluate_referral(result, 30, "ABA"), "Partial-thickness burns >= 10")
    assert aba.status == MET
    assert "(threshold >= 10 % TBSA)" in aba.reason


def test_a_total_below_its_threshold_says_how_much_of_the_body_was_assessed():
    # anterior photo only: 48 % of an adult assessed; the left forearm's front 1.5 % TBSA
    result = assess([_photo("anterior", {"forearm_left": (DEEP_PARTIAL, FULL)})], 30)
    item = _item(evaluate_referral(result, 30, "ANZBA"), "Burns > 10 % TBSA (adult)")
    assert item.status == NOT_MET
    assert "1.5 % TBSA partial + full thickness of 48.0 % of the body surface assessed" in item.reason


def test_a_child_of_6_percent_meets_the_anzba_child_criterion():
    # age 8 (band 5-9): left thigh 4 + left upper arm 2, anterior = 6 % TBSA
    result = _both({"thigh_left": (SUPERFICIAL_PARTIAL, FULL),
                    "upper_arm_left": (SUPERFICIAL_PARTIAL, FULL)}, age=8)
    assert result.tbsa_total_percent == pytest.approx(6.0)
    items = evaluate_referral(result, 8, "ANZBA")
    child = _item(items, "Burns > 5 % TBSA (child)")
    assert child.status == MET
    assert "6.0 % TBSA" in child.reason
    assert "under 16 years" in child.reason
    adult = _item(items, "Burns > 10 % TBSA (adult)")
    assert adult.status == NOT_MET
    assert adult.reason.startswith("applies to adults")
    # the clinician's definition wins: not a child, so the adult threshold applies (6 < 10)
    assert _status(evaluate_referral(result, 8, "ANZBA", child=False), "Burns > 10") == NOT_MET
    assert _status(evaluate_referral(result, 8, "ANZBA", child=False), "Burns > 5") == NOT_MET


def test_who_is_a_child_follows_each_guideline():
    result = _both()
    paediatric = "Children: all paediatric burns may benefit from referral"
    assert _status(evaluate_referral(result, 15, "ANZBA"), "Burns > 5 % TBSA (child)") == NOT_MET
    assert "a child (15 years" in _item(evaluate_referral(result, 15, "ANZBA"),
                                        "Burns > 5 % TBSA (child)").reason
    assert _status(evaluate_referral(result, 15, "ABA"), paediatric) == NOT_MET    # ABA: <= 14
    assert _status(evaluate_referral(result, 14.9, "ABA"), paediatric) == MET
    assert _status(evaluate_referral(result, 15, "ABA", weight_kg=28), paediatric) == MET
    assert _status(evaluate_referral(result, 30, "ABA"), paediatric) == NOT_MET


def test_full_thickness_of_any_size_counts_a_single_pixel():
    # one full-thickness pixel of the anterior trunk: 1/400 x 13 = 0.0325 % TBSA
    result = _both({"trunk": (FULL_THICKNESS, 1)})
    item = _item(evaluate_referral(result, 30, "ABA"), "Full-thickness burns of any size")
    assert item.status == MET
    assert "0.0325 % TBSA full thickness (threshold > 0 % TBSA)" in item.reason
    assert _status(evaluate_referral(result, 30, "ANZBA"), "Full-thickness burns > 5") == NOT_MET


def test_a_burned_face_is_a_special_area_and_the_back_of_the_head_is_not():
    # half the anterior head, deep partial: 50 % of region, 3.5 x 0.5 = 1.75 % TBSA
    face = _both({"head": (DEEP_PARTIAL, FULL // 2)})
    item = _item(evaluate_referral(face, 30, "ANZBA"), "Burns of the face")
    assert item.status == MET
    assert "head (anterior) 50.0 % of region (1.8 % TBSA)" in item.reason
    assert _status(evaluate_referral(face, 30, "ABA"), "Deep partial- or full-thickness burns "
                                                       "of the face") == MET
    scalp = _both(back={"head": (FULL_THICKNESS, FULL)})
    assert _status(evaluate_referral(scalp, 30, "ANZBA"), "Burns of the face") == NOT_MET
    assert _status(evaluate_referral(scalp, 30, "ABA"), "Deep partial- or full-thickness burns "
                                                        "of the face") == NOT_MET


def test_the_depth_a_guideline_names_decides_and_superficial_never_counts():
    shallow = _both({"hand_left": (SUPERFICIAL_PARTIAL, FULL)})
    assert _status(evaluate_referral(shallow, 30, "ANZBA"), "Burns of the hands") == MET
    aba = _item(evaluate_referral(shallow, 30, "ABA"), "Deep partial- or full-thickness burns "
                                                      "of the hands")
    assert aba.status == NOT_MET
    assert "confirm its depth" in aba.reason
    sunburn = _both({"hand_left": (SUPERFICIAL, FULL)})
    assert _status(evaluate_referral(sunburn, 30, "ANZBA"), "Burns of the hands") == NOT_MET


def test_unphotographed_or_clothed_special_areas_are_to_check_never_not_met():
    no_hands = _both(omit=("hand_left", "hand_right"))
    assert ("hand_left", "anterior") in no_hands.not_assessed
    item = _item(evaluate_referral(no_hands, 30, "ANZBA"), "Burns of the hands")
    assert item.status == TO_CHECK
    assert "not photographed: left hand (anterior)" in item.reason
    # one photo: the backs of the hands are not seen
    front = assess([_photo("anterior")], 30)
    assert _status(evaluate_referral(front, 30, "ABA"), "Deep partial- or full-thickness burns "
                                                        "of the hands") == TO_CHECK
    # both photos, hands seen and unburned: not met
    assert _status(evaluate_referral(_both(), 30, "ANZBA"), "Burns of the hands") == NOT_MET
    # feet 30 % in socks (120 of 400 pixels): still assessed, but a burn may hide there
    socks = _both(covered={"foot_left": 120})
    item = _item(evaluate_referral(socks, 30, "ANZBA"), "Burns of the feet")
    assert item.status == TO_CHECK
    assert "left foot (anterior) 30 % under clothing" in item.reason


def test_what_photographs_cannot_judge_is_always_to_check():
    everything = _both({r: (FULL_THICKNESS, FULL) for r in REGIONS},
                       {r: (FULL_THICKNESS, FULL) for r in REGIONS})
    for guideline, words in (("ANZBA", ("Electrical", "Chemical", "Burns with inhalation",
                                        "Circumferential", "Burns in pregnancy",
                                        "Burns with pre-existing", "Burns with associated",
                                        "Suspected non-accidental")),
                             ("ABA", ("Electrical", "Chemical", "Inhalation",
                                      "Burns with concomitant", "Burns with significant",
                                      "New poorly controlled pain", "Signs of possible"))):
        for result in (everything, _both()):
            items = evaluate_referral(result, 30, guideline, {j: {} for j in JOINTS})
            for start in words:
                item = _item(items, start)
                assert item.status == TO_CHECK
                assert "cannot be judged from photographs" in item.reason


def test_joints_unknown_are_to_check_and_a_deep_burn_at_the_left_elbow_is_met():
    result = _both()
    joint = {"ANZBA": "Burns of major joints",
             "ABA": "Deep partial- or full-thickness burns over any joint"}
    none = {j: {"superficial partial thickness": 0, "deep partial thickness": 0,
                "full thickness": 0} for j in JOINTS}
    deep = {**none, "left_elbow": {**none["left_elbow"], "deep partial thickness": 40}}
    shallow = {**none, "left_elbow": {**none["left_elbow"], "superficial partial thickness": 40}}
    for guideline, start in joint.items():
        assert _status(evaluate_referral(result, 30, guideline, None), start) == TO_CHECK
        item = _item(evaluate_referral(result, 30, guideline, deep), start)
        assert item.status == MET
        assert "left elbow (40 pixels)" in item.reason
        assert _status(evaluate_referral(result, 30, guideline, none), start) == NOT_MET
        some = {j: c for j, c in none.items() if not j.endswith("ankle")}
        assert _status(evaluate_referral(result, 30, guideline, some), start) == TO_CHECK
    # ANZBA counts any partial-thickness burn, ABA only deep partial or full thickness
    assert _status(evaluate_referral(result, 30, "ANZBA", shallow), joint["ANZBA"]) == MET
    item = _item(evaluate_referral(result, 30, "ABA", shallow), joint["ABA"])
    assert item.status == NOT_MET
    assert "confirm its depth" in item.reason


def test_every_number_in_a_reason_has_its_unit():
    unit = re.compile(r"\d(?:\.\d+)?( % TBSA| % of region| % of the body surface| % under clothing"
                      r"| pixels| years| kg)")
    results = [_both({"head": (DEEP_PARTIAL, 200), "trunk": (FULL_THICKNESS, 1)}),
               assess([_photo("anterior", covered={"foot_left": 120})], 8)]
    deep = {j: {"deep partial thickness": 3} for j in JOINTS}
    for result in results:
        for guideline in GUIDELINES:
            for joints in (None, deep):
                for item in evaluate_referral(result, 8, guideline, joints, weight_kg=25):
                    for number in re.finditer(r"\d+(?:\.\d+)?", item.reason):
                        assert unit.match(item.reason, number.end() - 1), item.reason


def test_json_items_and_refusals():
    items = evaluate_referral(_both(), 30, "ABA")
    data = [i.to_dict() for i in items]   # as the assessment's record writes them
    assert [list(d) for d in data] == [["criterion", "status", "reason", "source", "tier",
                                        "quote"]] * len(items)
    assert {d["status"] for d in data} <= {MET, NOT_MET, TO_CHECK}
    assert all(d["source"].startswith("ABA") for d in data)
    with pytest.raises(ValueError, match="unknown referral guideline"):
        evaluate_referral(_both(), 30, "BBA")


@pytest.mark.parametrize(("depths", "regions", "problem"), [
    ("SUP", "", "unknown depth code"),          # superficial has no code: it never counts
    ("SPT", "head:lateral", "not a region-surface"),
    ("SPT", "genitalia:posterior", "not a region-surface"),
])
def test_a_criteria_file_with_rows_that_cannot_be_judged_is_refused(tmp_path, depths, regions,
                                                                    problem):
    path = tmp_path / "criteria.csv"
    path.write_text("guideline,id,criterion,kind,depths,regions,threshold_percent,comparison,"
                    f"age_group,source\nX,x1,Burns,area,{depths},{regions},,,any,somewhere\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match=problem):
        load_criteria(path)
