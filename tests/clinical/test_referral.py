"""Referral criteria (ANZBA, ABA) judged on figures whose numbers are computed by hand: adult
anterior shares trunk 13, upper arm 2, forearm 1.5, hand 1.25, head 3.5."""
from __future__ import annotations

import numpy as np
import pytest

from burnmap.body.burn import DEEP_PARTIAL, FULL_THICKNESS, SUPERFICIAL_PARTIAL
from burnmap.body.regions import REGION_ID, to_clinical_regions
from burnmap.clinical.assessment import PhotoCounts, assess
from burnmap.clinical.referral import evaluate_referral, load_criteria
from tests.helpers.figure import CLASSES, figure


def _result(burns: dict[str, int], age=30):
    labels, joints = figure()
    rm = to_clinical_regions(labels, CLASSES, "anterior", joints)
    burn = np.zeros(rm.ids.shape, np.uint8)
    for region, depth in burns.items():
        burn[rm.ids == REGION_ID[region]] = depth
    return assess([PhotoCounts.of(rm, burn)], age)


def _status(items, text):
    return next(i for i in items if i.criterion.startswith(text)).status


def test_criteria_are_data_for_both_guidelines():
    criteria = load_criteria()
    assert set(criteria) == {"ANZBA", "ABA"}
    assert all(c.source for cs in criteria.values() for c in cs)


def test_an_adult_13_percent_trunk_meets_the_size_criteria():
    result = _result({"trunk": SUPERFICIAL_PARTIAL})            # 13 % TBSA
    anzba = evaluate_referral(result, 30, "ANZBA")
    assert _status(anzba, "Burns > 10 % TBSA (adult)") == "met"
    assert _status(evaluate_referral(result, 30, "ABA"), "Partial-thickness burns >= 10") == "met"


def test_thresholds_compare_as_the_guideline_words_them():
    # both arms' anterior: 2 x (2 + 1.5 + 1.25) = 9.5 % TBSA; with the anterior neck: 10.5
    arms = {r: SUPERFICIAL_PARTIAL for r in ("upper_arm_left", "forearm_left", "hand_left",
                                             "upper_arm_right", "forearm_right", "hand_right")}
    below = _result(arms)
    assert below.tbsa_total_percent == pytest.approx(9.5)
    assert _status(evaluate_referral(below, 30, "ABA"), "Partial-thickness") == "not met"
    item = next(i for i in evaluate_referral(below, 30, "ANZBA") if "adult" in i.criterion)
    assert item.status == "not met"
    assert "of 44.5 % of the body surface assessed" in item.reason
    above = _result({**arms, "neck": SUPERFICIAL_PARTIAL})
    assert above.tbsa_total_percent == pytest.approx(10.5)
    assert _status(evaluate_referral(above, 30, "ABA"), "Partial-thickness") == "met"


def test_a_child_of_6_percent_meets_the_anzba_child_criterion():
    result = _result({"upper_arm_left": SUPERFICIAL_PARTIAL, "forearm_left": SUPERFICIAL_PARTIAL,
                      "hand_left": SUPERFICIAL_PARTIAL}, age=12)   # age 10-14: 2 + 1.5 + 1.25
    assert result.tbsa_total_percent == pytest.approx(4.75)
    items = evaluate_referral(result, 12, "ANZBA")
    assert _status(items, "Burns > 5 % TBSA (child)") == "not met"
    bigger = _result({"trunk": SUPERFICIAL_PARTIAL}, age=12)      # trunk 13 at every age
    assert _status(evaluate_referral(bigger, 12, "ANZBA"), "Burns > 5 % TBSA (child)") == "met"


def test_special_areas_depth_and_not_photographed():
    face = _result({"head": SUPERFICIAL_PARTIAL})
    assert _status(evaluate_referral(face, 30, "ANZBA"), "Burns of the face") == "met"
    assert _status(evaluate_referral(face, 30, "ABA"), "Deep partial- or full-thickness burns "
                                                       "of the face") == "not met"
    deep_hand = _result({"hand_left": DEEP_PARTIAL})
    assert _status(evaluate_referral(deep_hand, 30, "ABA"), "Deep partial- or full-thickness "
                                                            "burns of the hands") == "met"
    # the feet are in shoes on the figure: not assessable, so "to check", never "not met"
    assert _status(evaluate_referral(face, 30, "ANZBA"), "Burns of the feet") == "to check"


def test_full_thickness_of_any_size_and_what_photos_cannot_judge():
    tiny = _result({"hand_left": FULL_THICKNESS})
    aba = evaluate_referral(tiny, 30, "ABA")
    assert _status(aba, "Full-thickness burns of any size") == "met"
    for text in ("Electrical", "Inhalation", "Burns with concomitant"):
        assert _status(aba, text) == "to check"
    assert _status(evaluate_referral(tiny, 30, "ANZBA"), "Full-thickness burns > 5") == "not met"


def test_joints_unknown_are_to_check_and_a_burn_on_an_elbow_is_met():
    result = _result({"trunk": SUPERFICIAL_PARTIAL})
    assert _status(evaluate_referral(result, 30, "ABA"), "Deep partial- or full-thickness burns "
                                                         "over") == "to check"
    elbow = {"left_elbow": {"deep partial thickness": 40, "full thickness": 0}}
    assert _status(evaluate_referral(result, 30, "ABA", elbow), "Deep partial- or "
                                                                 "full-thickness burns over") == "met"
