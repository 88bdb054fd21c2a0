"""Issue 20: the view a photo is given is checked against what it shows (warnings at once), the
view is suggested from the head, a parser that cannot see clothing says so on every total, and
the clinician can mark a photo's regions as clothed (kept in the case)."""
from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from burnmap.body.burn import FULL_THICKNESS
from burnmap.body.regions import REGION_ID, suggest_view
from burnmap.casefile.case import CaseFile
from burnmap.model.patient import Patient
from burnmap.model.workspace import Workspace
from burnmap.parsing.base import Instance, ModelIdentity, Parsing
from burnmap.parsing.pose import PARSER_NAME
from burnmap.photo.imaging import Photo
from tests.helpers import mannequin as mq

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def renders():
    solids = mq.adult()
    return {v: mq.render(solids, v) for v in mq.VIEWS}


def _parsing(photo, parser="M2FP"):
    h, w = photo.labels.shape
    person = photo.labels > 0
    return Parsing(photo.labels, mq.CLASSES, [],
                   [Instance.create(20, "Human", 0.9, (0, 0, w - 1, h - 1), person)],
                   ModelIdentity(parser, "ab" * 32), {}, dict(photo.joints))


def _workspace(renders, views, parser="M2FP"):
    ws = Workspace(Patient(name="Test", record_number="T-1", age_years=30.0))
    for shown, given in views:
        photo = renders[shown]
        h, w = photo.labels.shape
        state = ws.add_photo(Photo(np.zeros((h, w, 3), np.uint8), f"{shown}.png", "PNG", "RGB"))
        state.view, state.view_confirmed = given, True
        state.set_parsing(_parsing(photo, parser))
    return ws


@pytest.mark.parametrize("view", list(mq.VIEWS))
def test_the_head_suggests_the_view(renders, view):
    assert suggest_view(renders[view].labels, mq.CLASSES) == view


@pytest.mark.parametrize(("shown", "given", "says"), [
    ("posterior", "anterior", "is marked anterior but shows no face"),
    ("anterior", "posterior", "is marked posterior but shows a face"),
    ("left", "right", "the face is to the photo's left, as on a left lateral view"),
    ("right", "left", "the face is to the photo's right, as on a right lateral view"),
])
def test_a_view_the_photo_contradicts_is_warned_at_once(renders, shown, given, says):
    ws = _workspace(renders, [(shown, given)])
    assert any(says in w for w in ws.view_warnings())           # without an assessment
    assert any(says in w for w in ws.assessment(NOW).warnings)   # and in the report's


def test_right_views_give_no_view_warning_and_two_of_one_view_do(renders):
    ws = _workspace(renders, [(v, v) for v in mq.VIEWS])
    assert ws.view_warnings() == []
    twice = _workspace(renders, [("anterior", "anterior"), ("anterior", "anterior")])
    assert any("are all anterior views" in w for w in twice.view_warnings())


def test_the_default_parser_says_on_every_total_that_it_cannot_see_clothing(renders):
    blind = _workspace(renders, [("anterior", "anterior")], parser=PARSER_NAME).assessment(NOW)
    assert blind.caveats
    assert "does not see clothing on anterior.png" in blind.caveats[0]
    assert "does not see clothing" in blind.coverage_text()
    seeing = _workspace(renders, [("anterior", "anterior")]).assessment(NOW)
    assert seeing.caveats == []
    assert "clothing" not in seeing.coverage_text()


def test_regions_marked_clothed_are_not_assessed_unless_burned_and_are_kept(renders, tmp_path):
    ws = _workspace(renders, [("anterior", "anterior")], parser=PARSER_NAME)
    state = ws.photos[0]
    state.set_clothed({"trunk", "thigh_left", "not a region"})
    assert state.clothed == {"trunk", "thigh_left"}
    result = ws.assessment(NOW)
    assert ("trunk", "anterior") in result.not_assessed
    assert any("trunk (anterior): 100% covered by clothing" in w for w in result.warnings)
    burn = np.where(state.regions.ids == REGION_ID["thigh_left"], FULL_THICKNESS, 0)
    state.load_burn(burn.astype(np.uint8))
    thigh = next(r for r in ws.assessment(NOW).rows if r.region == "thigh_left")
    assert thigh.tbsa_counted == pytest.approx(4.75)            # a painted burn is skin
    path = tmp_path / "case.burncase"
    case = CaseFile.create(path, "dr.a")
    case.save(ws, "dr.a")
    case.close()
    again = CaseFile.open(path, "dr.b")
    loaded = again.load()
    assert loaded.photos[0].clothed == {"trunk", "thigh_left"}
    assert ("trunk", "anterior") in loaded.assessment(NOW).not_assessed
    assert any(row[2] == "regions marked as clothed" for row in again.audit_trail())
    again.close()
    state.set_clothed(())
    assert ("trunk", "anterior") not in ws.assessment(NOW).not_assessed
