"""settings.json as a hostile user (or a damaged disk) leaves it: every JSON type in every field,
wrong-case and unknown words, files that are FIFOs, devices, folders, links to them, too large,
not UTF-8 or not JSON. Each case is read by the one loader (the values it gives, what it says),
then a command runs with it through main.py's `main` (`batch` for most; `assess` and `report` for
some of the values issue 22 names, few: each `assess` loads the pose model afresh): exit 0 with
the default or the canonical value in the output, the problem named on the terminal, no hang, no
sign of a bug, and the settings file unchanged."""
from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from burnmap.system.settings import Settings, load_settings
from tests.hostile.batch_cases import build_inputs
from tests.hostile.inprocess import assert_clean, changed_files, run_main, snapshot

DEFAULTS = {"model_dir": None, "language": "en", "referral_guideline": "ANZBA",
            "compute_threads": 0, "late_start_policy": "no_catch_up", "m2fp_engine": "auto"}
# every JSON type a thread count is not, and whole numbers outside 0..256
NOT_THREADS = {"a-list": [2], "null": None, "true": True, "an-object": {"n": 2}, "text": "2",
               "negative": -1, "too-many": 257, "a-fraction": 2.5, "huge": 10 ** 40}
TYPES = {"a-list": ["ABA"], "null": None, "a-number": 1, "true": True, "an-object": {"ABA": 1},
         "empty": "", "too-long": "A" * 5000, "control-characters": "AB\x1bA"}


@dataclass(frozen=True)
class SettingsCase:
    id: str
    content: bytes | Callable[[Path], None]    # the file's bytes, or what to put at its path
    expected: dict = field(default_factory=dict)   # fields that differ from the defaults
    said: str = ""                              # the warning names this ("" = nothing said)
    command: str = "batch"


def _json(**values) -> bytes:
    return json.dumps(values).encode()


def _link(target: str):
    return lambda path: os.symlink(target, path)


def cases() -> list[SettingsCase]:
    c = SettingsCase
    found = [c(f"{name}-{kind}", _json(**{name: value}), said=f"{name}: ")
             for name in ("referral_guideline", "language", "late_start_policy", "m2fp_engine")
             for kind, value in TYPES.items()]
    found += [c(f"model_dir-{kind}", _json(model_dir=value), said="model_dir: ")
              for kind, value in TYPES.items() if kind not in ("null",)]
    found += [c(f"compute_threads-{kind}", _json(compute_threads=value), said="compute_threads: ")
              for kind, value in NOT_THREADS.items()]
    found += [c("compute_threads-one", _json(compute_threads=1), {"compute_threads": 1}),
              c("compute_threads-most", _json(compute_threads=256.0), {"compute_threads": 256}),
              # not JSON at all: the whole file is refused, said, and every default used
              c("compute_threads-nan", _json(compute_threads=float("nan")), said="not valid JSON"),
              c("compute_threads-infinite", _json(compute_threads=float("inf")),
                said="not valid JSON")]
    found += [
        c("referral_guideline-wrong-case", _json(referral_guideline="aba"),
          {"referral_guideline": "ABA"}),
        c("referral_guideline-spaces-and-case", _json(referral_guideline=" Anzba "),
          command="report"),
        c("referral_guideline-unknown", _json(referral_guideline="NICE"),
          said='referral_guideline: "NICE" is not one of ANZBA, ABA; using "ANZBA"',
          command="assess"),
        c("referral_guideline-list-in-report", _json(referral_guideline=["ABA"]),
          said="referral_guideline: ", command="report"),
        c("referral_guideline-null-in-assess", _json(referral_guideline=None),
          said="referral_guideline: null", command="assess"),
        c("language-wrong-case", _json(language="ZH_cn"), {"language": "zh_CN"}),
        c("language-unknown", _json(language="fr"), said="language: "),
        c("late_start_policy-wrong-case-and-spaces", _json(late_start_policy=" Catch_Up "),
          {"late_start_policy": "catch_up"}),
        c("late_start_policy-catch-up-in-assess", _json(late_start_policy="catch_up"),
          {"late_start_policy": "catch_up"}, command="assess"),
        c("late_start_policy-unknown-in-assess", _json(late_start_policy="bolus"),
          said='late_start_policy: "bolus" is not one of no_catch_up, catch_up; using '
               '"no_catch_up"', command="assess"),
        c("late_start_policy-hyphenated", _json(late_start_policy="catch-up"),
          said='late_start_policy: "catch-up" is not one of'),
        c("late_start_policy-list-in-report", _json(late_start_policy=["catch_up"]),
          said="late_start_policy: ", command="report"),
        c("late_start_policy-and-guideline-both-good", _json(late_start_policy="CATCH_UP",
                                                             referral_guideline="aba"),
          {"late_start_policy": "catch_up", "referral_guideline": "ABA"}),
        c("m2fp_engine-spaces-and-case", _json(m2fp_engine=" EAGER "), {"m2fp_engine": "eager"}),
        c("m2fp_engine-openvino-is-not-a-setting", _json(m2fp_engine="openvino"),
          said='m2fp_engine: "openvino" is not one of auto, eager; using "auto"'),
        c("m2fp_engine-cuda-in-assess", _json(m2fp_engine="cuda"), said="m2fp_engine: ",
          command="assess"),
        c("model_dir-null", _json(model_dir=None)),
        c("model_dir-missing-folder", _json(model_dir="/no/such/model"),
          {"model_dir": "/no/such/model"}),
        c("unknown-keys-of-a-newer-version", _json(threads=4, fluid_late_start="x")),
        c("with-a-utf8-bom", b"\xef\xbb\xbf" + _json(referral_guideline="ABA"),
          {"referral_guideline": "ABA"}),
        c("utf16", json.dumps({"referral_guideline": "ABA"}).encode("utf-16"),
          said="not UTF-8"),
        c("nul-bytes", b'{"language": "en"}\x00\x00', said="not valid JSON"),
        c("not-json", b"referral_guideline = ABA\n", said="not valid JSON"),
        c("nan-literal", b'{"referral_guideline": NaN}', said="not valid JSON"),
        c("deep-nesting", b"[" * 30000 + b"]" * 30000, said="not valid JSON"),
        c("a-json-list", b'["ABA"]', said="holds a JSON list"),
        c("a-json-null", b"null", said="holds a JSON NoneType"),
        c("a-json-string", b'"ABA"', said="holds a JSON str"),
        c("too-large", b'{"language": "en", "x": "' + b"y" * (70 << 10) + b'"}',
          said="larger than 64 KB"),
        c("empty-file", b"", said="not valid JSON"),
        c("a-fifo", os.mkfifo, said="not a regular file", command="assess"),
        c("dev-zero", _link("/dev/zero"), said="not a regular file", command="report"),
        c("a-folder", lambda p: p.mkdir(), said="not a regular file"),
        c("link-to-a-folder", _link("/"), said="not a regular file"),
        c("link-loop", _link("settings.json"), said="cannot be read"),
        c("dangling-link", _link("nowhere.json"), said="symbolic link to nothing"),
        c("link-to-a-good-file", _link("../good.json"), {"referral_guideline": "ABA"}),
    ]
    ids = [case.id for case in found]
    assert len(ids) == len(set(ids))
    return found


CASES = cases()


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Path:
    """The batch world plus a case with a photo, and a finished assess to report."""
    root = tmp_path_factory.mktemp("settings-corpus")
    w = root / "world"
    build_inputs(w)
    assert_clean(run_main(("assess", "--photo", "in/figure.png", "--labels", "in/labels.png",
                           "--burn", "in/burn.png", "--view", "anterior", "--case", "Li.burncase",
                           "--patient-name", "Li Na", "--patient-id", "MRN-7", "--dob",
                           "1986-05-04"), w), 0)
    # a row with a weight, so that the fluids (and the policy applied) are in its assess.json
    (w / "m_fluids.csv").write_text("id,case,photo,view,burn,labels,age,weight\n"
                                    "r1,c1,in/figure.png,anterior,in/burn.png,in/labels.png,40,70\n")
    (root / "good.json").write_text(json.dumps({"referral_guideline": "ABA"}))
    shutil.copytree(w, root / "template", symlinks=True)
    return w


def test_the_settings_corpus_is_large_enough():
    assert len(CASES) >= 30


def _argv(command: str) -> tuple[str, ...]:
    if command == "assess":
        return ("assess", "--photo", "in/figure.png", "--labels", "in/labels.png", "--burn",
                "in/burn.png", "--view", "anterior", "--age", "40", "--weight", "70",
                "--json-out", "new/a.json")
    if command == "report":
        return ("report", "Li.burncase", "--pdf", "new/r.pdf")
    return ("batch", "m_fluids.csv", "--out", "new/b")


def _applied(world: Path, command: str) -> tuple[str, str] | None:
    """(referral guideline, late-start policy) the command's assessment applied."""
    path = {"assess": "new/a.json", "batch": "new/b/r1/assess.json"}.get(command)
    if path is None:
        return None
    record = json.loads((world / path).read_text())
    return record["referral_guideline"], record["fluids"]["late_start_policy"]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_settings_hostile(case: SettingsCase, world, tmp_path, monkeypatch, caplog):
    shutil.rmtree(world)
    shutil.copytree(world.parent / "template", world, symlinks=True)
    (world / "new").mkdir()
    config = world.parent / f"config-{case.id}"   # beside good.json, as the links expect
    config.mkdir()
    path = config / "settings.json"
    path.write_bytes(case.content) if isinstance(case.content, bytes) else case.content(path)
    monkeypatch.setenv("BURNMAP_CONFIG_DIR", str(config))
    before = snapshot(config)
    caplog.set_level(logging.WARNING, logger="burnmap.system.settings")
    assert load_settings(path) == Settings(**{**DEFAULTS, **case.expected})
    run = run_main(_argv(case.command), world)
    assert_clean(run, 0)
    said = " ".join(r.getMessage() for r in caplog.records if r.name == "burnmap.system.settings")
    if case.said:
        assert case.said in said, said
        assert str(path) in said, said
    else:
        assert said == "", said
    expected = {**DEFAULTS, **case.expected}
    assert _applied(world, case.command) in (None, (expected["referral_guideline"],
                                                    expected["late_start_policy"]))
    assert not changed_files(before, snapshot(config)), "the settings file was changed"
