"""Every clinical word people read exists in every language (core.vocabulary)."""
from __future__ import annotations

import pytest

from core import vocabulary as vocab
from core.burn import DEPTHS
from core.lund_browder import AGE_BANDS, load_lund_browder
from core.parsing.classes import PART_CLASSES


def _named_in_every_language(name_of, keys):
    for key in keys:
        en, zh = (name_of(key, language) for language in vocab.LANGUAGES)
        assert en and zh and en != zh, key
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
    with pytest.raises(ValueError):
        vocab.language_code("fr")


def test_an_unknown_key_is_readable():
    assert vocab.region_name("left_ear", "zh_CN") == "left ear"
