"""Every clinical word people read exists in every language (burnmap.text.vocabulary)."""
from __future__ import annotations

import pytest

from burnmap.body.burn import DEPTHS
from burnmap.body.lund_browder import AGE_BANDS, load_lund_browder
from burnmap.parsing.classes import PART_CLASSES
from burnmap.text import vocabulary as vocab


def _named_in_every_language(name_of, keys):
    for key in keys:
        en, zh = (name_of(key, language) for language in vocab.LANGUAGES)
        assert en, key
        assert zh, key
        assert en != zh, key
        assert not any(ord(ch) > 127 for ch in en), en


def test_every_region_of_the_chart_is_named():
    _named_in_every_language(vocab.region_name, {r for r, _ in load_lund_browder().shares})


def test_every_depth_view_surface_and_age_band_is_named():
    _named_in_every_language(vocab.depth_name, DEPTHS)
    _named_in_every_language(vocab.view_name, ("anterior", "posterior", "left", "right"))
    _named_in_every_language(vocab.surface_name, ("anterior", "posterior"))
    _named_in_every_language(vocab.age_band_range, AGE_BANDS)


def test_every_part_class_is_named():
    _named_in_every_language(vocab.part_name, PART_CLASSES[1:])   # 0 is the background


def test_language_codes():
    assert vocab.language_code("zh") == vocab.language_code("zh_CN") == "zh_CN"
    assert vocab.intended_use("zh") == vocab.intended_use("zh_CN")
    with pytest.raises(ValueError, match="language must be one of"):
        vocab.language_code("fr")


def test_an_unknown_key_is_readable():
    assert vocab.region_name("left_ear", "zh_CN") == "left ear"


def test_depth_classes_are_the_burn_models():
    from burnmap.body import burn
    assert (vocab.SUPERFICIAL, vocab.SUPERFICIAL_PARTIAL, vocab.DEEP_PARTIAL,
            vocab.FULL_THICKNESS) == (burn.SUPERFICIAL, burn.SUPERFICIAL_PARTIAL,
                                      burn.DEEP_PARTIAL, burn.FULL_THICKNESS)
    assert set(vocab.DEPTHS) == set(vocab.DEPTH_SHORT) == set(DEPTHS)


def test_short_depths_and_sexes_are_named():
    _named_in_every_language(vocab.depth_short, DEPTHS)
    assert [vocab.depth_short(d, "en") for d in DEPTHS] == ["S", "SPT", "DPT", "FT"]
    _named_in_every_language(vocab.sex_name, ("female", "male", "other"))
    assert vocab.sex_name("", "zh_CN") == ""


def test_every_parser_is_named_and_english_is_describe():
    """The parsers' recorded names (ModelIdentity.parser) all have Chinese; in English the
    wording is exactly ModelIdentity.describe, the one way a model is named."""
    from burnmap.parsing.base import ModelIdentity
    from burnmap.parsing.label_map import LABEL_MAP_PARSER
    from burnmap.parsing.m2fp.parser import PARSER_NAME as M2FP
    from burnmap.parsing.pose import PARSER_NAME as POSE
    assert set(vocab.PARSERS) == {M2FP, POSE, LABEL_MAP_PARSER}
    for parser in vocab.PARSERS:
        for sha in ("ab" * 32, None):
            model = ModelIdentity(parser, sha, "x")
            for short in (False, True):
                assert vocab.model_name(parser, sha, "en", short) == model.describe(short)
    assert vocab.model_name(POSE, "ab" * 32, "zh_CN", True).startswith("默认解析器（")
    assert vocab.model_name("future parser", None, "zh_CN") == "future parser"


def test_every_guideline_source_and_fluid_formula_is_named():
    """Whatever the criteria file and burnmap.clinical.fluids call them (a renamed one fails here)."""
    from burnmap.clinical.fluids import estimate_fluids
    from burnmap.clinical.referral import load_criteria
    sources = {c.source for criteria in load_criteria().values() for c in criteria}
    assert sources
    assert sources <= set(vocab.GUIDELINE_SOURCES)
    _named_in_every_language(vocab.guideline_source, sources)
    names = {f.name for age, kg in ((40, 70), (5, 18))
             for f in estimate_fluids(20, kg, age).formulas}
    assert len(names) >= 2
    assert names <= set(vocab.FLUID_FORMULAS)
    for name in names:
        assert vocab.fluid_formula(name, "zh_CN") != name
