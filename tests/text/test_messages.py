"""Every sentence the core says has its Chinese translation with the same placeholders, and a
translated assessment reads in Chinese (burnmap.text.messages)."""
from __future__ import annotations

import ast
import copy
import json
import pickle
from datetime import UTC, datetime
from pathlib import Path

from burnmap.text import messages
from burnmap.text.messages import Listing, Message, Word, say

ROOT = Path(__file__).resolve().parents[2]


def core_templates() -> dict[str, str]:
    """Every literal first argument of a Message(...) call in burnmap/ but its gui and cli, with
    where it is."""
    found = {}
    package = ROOT / "burnmap"
    for path in sorted(p for p in package.rglob("*.py")
                       if p.relative_to(package).parts[0] not in ("gui", "cli")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Message":
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                # a computed template would escape this check: templates are literals
                assert node.args, where
                assert isinstance(node.args[0], ast.Constant), where
                found[node.args[0].value] = where
    return found


def _catalogue() -> dict[str, str]:
    path = ROOT / "burnmap" / "resources" / "translations" / "messages_zh_CN.json"
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_template_is_translated_with_the_same_placeholders():
    templates, table = core_templates(), _catalogue()
    assert len(templates) > 40
    missing = {t: where for t, where in templates.items() if t not in table}
    assert not missing, missing
    for template in templates:
        assert messages.placeholders(table[template]) == messages.placeholders(template), template


def test_the_catalogue_holds_no_template_the_core_no_longer_says():
    assert set(_catalogue()) <= set(core_templates())


def test_messages_stay_english_strings_and_survive_pickling():
    text = Message("{0}: {1:.0%} covered by clothing; not assessed",
                   messages.region_surface("forearm_left", "anterior"), 0.5)
    assert text == "left forearm (anterior): 50% covered by clothing; not assessed"
    assert json.dumps([text]) == '["left forearm (anterior): 50% covered by clothing; not assessed"]'
    for again in (pickle.loads(pickle.dumps(text)), copy.deepcopy(text)):
        assert again == text
        assert say(again, "zh_CN") == say(text, "zh_CN")
    # a user's text inside a message is data, never a template
    odd = Message("{0}: {1}", "photo{0}{x}.jpg", Word("region", "trunk"))
    assert odd == "photo{0}{x}.jpg: trunk"
    assert say(pickle.loads(pickle.dumps(odd)), "zh_CN") == "photo{0}{x}.jpg：躯干"


def test_said_in_chinese():
    text = Message("{0}: {1:.0%} covered by clothing; not assessed",
                   messages.region_surface("forearm_left", "anterior"), 0.5)
    assert say(text, "zh_CN") == "左前臂（前面）：50% 被衣物遮盖；未评估"
    assert say(Listing([Word("region", "head"), Word("region", "neck")]), "zh_CN") == "头部、颈部"
    assert say("plain", "zh_CN") == "plain"


def test_every_referral_criterion_is_translated():
    from burnmap.clinical.referral import load_criteria
    for criteria in load_criteria().values():
        for c in criteria:
            assert say(c.criterion, "zh_CN") != str(c.criterion), c.id


ALLOWED_LATIN = {"TBSA", "mL", "kg", "Lund", "Browder", "Parkland", "Consensus", "ABLS", "ABA",
                 "ANZBA", "h", "Holliday", "Segar", "BurnMap"}


def _english_words(text: str, names: set[str]) -> list[str]:
    import re
    for name in names:
        text = text.replace(name, "")
    return [w for w in re.findall(r"[A-Za-z]+", text) if w not in ALLOWED_LATIN]


def test_a_whole_assessment_reads_in_chinese():
    """Warnings, notes, fluid wording and referral reasons of a real assessment: no English left
    but names, units and formula names."""
    from datetime import datetime

    from tests.helpers.sample_case import make_workspace
    ws = make_workspace()
    ws.patient.injury_time = None            # timing notes
    ws.patient.weight_kg = 7.0               # implausible weight for an adult
    ws.photos[1].set_view("left")           # a lateral view: its own warning
    result = ws.assessment(now=datetime(2026, 11, 23, 12, tzinfo=UTC))
    texts = list(result.warnings) + list(result.notes) + list(result.fluids.notes)
    texts += [f.formula for f in result.fluids.formulas] + [result.fluids.child_definition]
    texts += [i.reason for i in result.referral] + [i.criterion for i in result.referral]
    assert len(texts) > 20
    assert any("lateral" in t for t in texts)
    # the fluid wording of issue 23: policy, bases, the other policy, urine, maintenance, one line
    from burnmap.clinical.referral import shown_referral
    ws.patient.injury_time = datetime(2026, 11, 23, 6, 30, tzinfo=UTC)
    ws.patient.fluid_given_ml = 5000
    for weight, age in ((72.5, None), (18, 4)):
        ws.patient.weight_kg = weight
        if age is not None:
            ws.patient.date_of_birth, ws.patient.age_years = None, age
        f = ws.assessment(now=datetime(2026, 11, 23, 12, tzinfo=UTC)).fluids
        texts += [f.policy_text, f.urine_text, f.maintenance_text, f.threshold_text] + \
            [x for v in f.formulas for x in (v.rate_basis, v.other_basis, v.ml_basis)] + \
            list(f.notes)
    texts += [i.criterion for i in shown_referral(result.referral)]
    texts = [t for t in texts if t]
    names = {p.photo.name for p in ws.photos}
    for text in texts:
        assert not _english_words(say(text, "zh_CN").replace("late_start_policy", ""), names), \
            (text, say(text, "zh_CN"))


def test_an_age_is_never_rounded_up_to_a_limit():
    assert (messages.years(15.99), messages.years(0.5), messages.years(46.7324)) == \
        ("15.9", "0.5", "46.7")


def test_refusals_reaching_the_user_are_said_in_chinese(tmp_path):
    """What the window shows when a photo, a case, an output or a report is refused: made by
    the real code paths, said in Chinese with nothing left in English but names."""
    import errno

    import numpy as np
    import pytest

    from burnmap.casefile.case import CaseFile, check_header
    from burnmap.casefile.outputs import check_outputs
    from burnmap.model.workspace import Workspace
    from burnmap.parsing.base import check_parsable
    from burnmap.photo.imaging import read_photo_file
    from burnmap.reports.build import report_input
    from burnmap.text.messages import reason
    from tests.helpers.sample_case import make_workspace

    case = tmp_path / "c.burncase"
    CaseFile.create(case, "dr").close()
    (tmp_path / "folder.jpg").mkdir()
    refusals = []
    for attempt in (lambda: read_photo_file(tmp_path / "folder.jpg"),
                    lambda: read_photo_file(tmp_path / "missing.jpg"),
                    lambda: check_outputs([case], {}),
                    lambda: check_outputs([tmp_path / "gone" / "r.pdf"], {}),
                    lambda: check_header(tmp_path / "missing.burncase"),
                    lambda: check_parsable(np.zeros((8, 8, 3), np.uint8)),
                    lambda: report_input(Workspace(), datetime.now(UTC), "x"),
                    lambda: report_input(_anonymous(make_workspace()),
                                         datetime.now(UTC), "x")):
        with pytest.raises(Exception) as caught:  # noqa: PT011 - each refusal its own type
            attempt()
        refusals.append(caught.value)
    denied = OSError(errno.EACCES, "Permission denied", str(tmp_path / "r.pdf"))
    assert say(reason(denied), "zh_CN") == f"{tmp_path / 'r.pdf'}：权限不足"
    names = {str(tmp_path), "gone", "folder.jpg", "missing.jpg", "c.burncase",
             "missing.burncase", "r.pdf"}
    for exc in refusals:
        english, chinese = str(exc), say(reason(exc), "zh_CN")
        assert chinese != english, (english, chinese)
        assert not _english_words(chinese, names), (english, chinese)
    assert say(reason(ValueError("plain")), "zh_CN") == "plain"   # never lost, at worst English


def _anonymous(workspace):
    workspace.patient.record_number, workspace.patient.date_of_birth = "", None
    return workspace
