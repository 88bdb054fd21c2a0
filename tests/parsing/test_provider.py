"""The parser provider: which M2FP engine the window, the commands and the batch get."""
from __future__ import annotations

import json

import pytest

from burnmap.parsing.provider import ParserProvider
from burnmap.system.settings import settings_path


def _backbone_name(provider: ParserProvider) -> str:
    return provider._m2fp_parser().backbone.name   # loads the model as the first parse would


def _set(**values) -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text(json.dumps(values), encoding="utf-8")


@pytest.mark.parametrize(("stored", "engine"), [(None, "openvino"), ("eager", "eager"),
                                                (" Auto ", "openvino"), ("cuda", "openvino")])
def test_the_engine_follows_the_users_setting(model_seed0, tmp_path, stored, engine):
    """A workstation short of memory sets `m2fp_engine` to eager; a value that is not allowed
    is the default (the loader says so), never a failed parse."""
    pytest.importorskip("openvino")
    if stored is not None:
        _set(m2fp_engine=stored)
    provider = ParserProvider(str(model_seed0), tmp_path)
    assert _backbone_name(provider) == engine


def test_a_caller_may_choose_the_engine_whatever_the_setting(model_seed0, tmp_path):
    _set(m2fp_engine="auto")
    assert ParserProvider(str(model_seed0), tmp_path, engine="eager").engine == "eager"
    _set(m2fp_engine="eager")
    assert ParserProvider(str(model_seed0), tmp_path).engine == "eager"
