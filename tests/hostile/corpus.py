"""The hostile corpus: bad inputs and outputs for every command, each with its documented outcome.

Every case runs `main.py` in a fresh copy of the world (tests/hostile/world.py) and is checked for
its exit code, no traceback, no hang, every input, case and companion file byte-identical and no
partial output (test_cli_corpus.py). Paths are relative to the world's folder.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from tests.hostile.world import CONTROL_NAME

OK, BAD, NO_MODEL, BAD_MODEL, BUG, ROWS_REFUSED = 0, 2, 3, 4, 1, 5


@dataclass(frozen=True)
class Hostile:
    id: str
    argv: tuple[str, ...]
    exit: int
    outputs: tuple[str, ...] = ()      # must exist afterwards (only for exit 0)
    may_change: tuple[str, ...] = ()   # inputs a successful command may change
    setup: tuple[tuple[str, ...], ...] = ()
    unprivileged: bool = False         # run without CAP_DAC_OVERRIDE: permissions really apply
    stderr: str = ""                   # the message must contain this
    check: str = ""                    # an extra check by name (test_cli_corpus.CHECKS)
    env: dict = field(default_factory=dict)


FIGURE = ("--photo", "photo.png", "--labels", "labels.png", "--view", "anterior")
CASE_ASSESS = ("assess", *FIGURE, "--burn", "burn.png")   # the stored date of birth gives the age
ASSESS = (*CASE_ASSESS, "--age", "40")
ZHANG_ARGS = ("--patient-name", "Zhang Wei", "--patient-id", "MRN-1", "--dob", "1980-02-01")


def _photos() -> list[Hostile]:
    bad = {"missing": ("nothing_here.png", "does not exist"), "folder": ("out", "folder"),
           "empty": ("empty.png", "empty"), "text": ("notes.jpg", "supported format"),
           "pdf": ("doc.png", "supported format"), "truncated_png": ("truncated.png", "damaged"),
           "truncated_jpg": ("truncated.jpg", "damaged"), "gif": ("anim.gif", "supported format"),
           "bomb": ("bomb.png", "too large"), "long_side": ("side.png", "too large"),
           "thin_1x20000": ("thin_1x20000.png", "at least 32 pixels"),
           "thin_2x5000": ("thin_2x5000.png", "at least 32 pixels"),
           "tiny": ("tiny_4x4.png", "at least 32 pixels"), "device": ("/dev/zero", "regular"),
           "fifo": ("pipe.png", "regular"), "symlink_loop": ("loop.png", "")}
    setup = {"fifo": (("fifo", "pipe.png"),), "symlink_loop": (("symlink", "loop.png",
                                                                  "loop.png"),)}
    cases = []
    for key, (path, message) in bad.items():
        for command in ("parse", "assess"):
            fitting = key in ("thin_1x20000", "thin_2x5000", "tiny")
            masks = ("--burn", f"burn_{key}.png") if fitting else \
                ("--labels", "labels.png", "--burn", "burn.png")
            argv = ("parse", path, "--json-out", "out/p.json") if command == "parse" else \
                ("assess", "--photo", path, *masks, "--view", "anterior", "--age", "40",
                 "--json-out", "out/a.json")
            cases.append(Hostile(f"{command}-photo-{key}", argv, BAD, stderr=message,
                                 setup=setup.get(key, ())))
    cases.append(Hostile("parse-photo-unreadable", ("parse", "photo.png"), BAD,
                         setup=(("chmod", "000", "photo.png"),), unprivileged=True,
                         stderr="denied"))
    cases += [Hostile("parse-photo-control-characters", ("parse", CONTROL_NAME, "--json-out",
                                                          "out/p.json"), OK,
                      outputs=("out/p.json",), check="escaped"),
              Hostile("parse-missing-photo-control-characters", ("parse", "x" + CONTROL_NAME),
                      BAD, check="escaped")]
    for key, path in (("cmyk", "cmyk.jpg"), ("palette", "palette_photo.png"),
                      ("16bit", "photo16.png"), ("odd_name", "odd name #1 ?% ü.png"),
                      ("symlink", "link.png")):
        cases.append(Hostile(f"parse-photo-{key}", ("parse", path, "--json-out", "out/p.json",
                                                    "--labels-out", "out/l.png"), OK,
                             outputs=("out/p.json", "out/l.png"),
                             setup=(("symlink", "photo.png", "link.png"),) if key == "symlink"
                             else ()))
    return cases


def _parse_outputs() -> list[Hostile]:
    p = ("parse", "photo.png")
    cases = [Hostile(f"parse-{flag}-onto-photo", (*p, f"--{flag}", "photo.png"), BAD,
                     stderr="the photo") for flag in ("json-out", "labels-out", "overlay-out")]
    cases += [
        Hostile("parse-out-hardlink-to-photo", (*p, "--json-out", "hard.png"), BAD,
                setup=(("hardlink", "photo.png", "hard.png"),), stderr="same file"),
        Hostile("parse-out-symlink-to-photo", (*p, "--labels-out", "soft.png"), BAD,
                setup=(("symlink", "photo.png", "soft.png"),), stderr="the photo"),
        Hostile("parse-out-folder", (*p, "--json-out", "out"), BAD, stderr="folder"),
        Hostile("parse-out-dev-full", (*p, "--json-out", "/dev/full"), BAD, stderr="device"),
        Hostile("parse-out-fifo", (*p, "--json-out", "pipe.json"), BAD,
                setup=(("fifo", "pipe.json"),), stderr="device"),
        Hostile("parse-out-missing-folder", (*p, "--json-out", "nowhere/p.json"), BAD,
                stderr="does not exist"),
        Hostile("parse-out-readonly-folder", (*p, "--json-out", "readonly/p.json"), BAD,
                setup=(("chmod", "555", "readonly"),), unprivileged=True, stderr="read-only"),
        Hostile("parse-out-twice", (*p, "--json-out", "out/x", "--labels-out", "out/x"), BAD,
                stderr="another output"),
        Hostile("parse-out-onto-a-case", (*p, "--labels-out", "Zhang.burncase"), BAD,
                stderr="case file"),
        Hostile("parse-out-onto-a-case-companion", (*p, "--labels-out", "other.burncase-wal"),
                BAD, stderr="case file"),
        # the overlay onto a folder must not leave the labels written before it
        Hostile("parse-overlay-onto-folder-after-labels", (*p, "--labels-out", "out/l.png",
                                                           "--overlay-out", "out"), BAD),
        Hostile("parse-out-onto-model-weights", (*p, "--model", "model_garbage", "--json-out",
                                                 "model_garbage/pytorch_model.pt"), BAD,
                stderr="model"),
        Hostile("parse-out-onto-model-config", (*p, "--model", "model_garbage", "--json-out",
                                                "model_garbage/configuration.json"), BAD),
    ]
    cases += [Hostile(f"parse-alpha-{v}", (*p, "--alpha", v), BAD)
              for v in ("nan", "inf", "-0.1", "1.5", "half")]
    cases += [Hostile("parse-default-parser-outputs", (*p, "--labels-out", "out/l.png",
                                                        "--overlay-out", "out/o.png",
                                                        "--json-out", "out/p.json"), OK,
                      outputs=("out/l.png", "out/o.png", "out/p.json"), check="default_parser")]
    return cases


def _models() -> list[Hostile]:
    p = ("parse", "photo.png", "--json-out", "out/p.json")
    cases = [Hostile(f"parse-model-{name}", (*p, "--model", f"model_{name}"), BAD_MODEL)
             for name in ("deep", "list", "notjson", "wrongtype", "empty", "garbage", "evil")]
    cases += [Hostile(f"parse-model-{k}", (*p, "--model", f"model_{k}"), BAD_MODEL, stderr=m)
              for k, m in (("listdict", "'backbone' is not an object"),
                           ("nanthr", "parsing_ins_score_thr=nan"))]
    cases += [
        Hostile("parse-m2fp-without-model", (*p, "--parser", "m2fp"), NO_MODEL,
                stderr="models"),
        Hostile("parse-model-missing-folder", (*p, "--model", "no_such_model"), NO_MODEL),
        Hostile("parse-model-is-a-file", (*p, "--model", "model_file"), NO_MODEL),
        Hostile("parse-model-env-evil", p, BAD_MODEL, env={"BURNMAP_MODEL_DIR": "model_evil"}),
        Hostile("parse-model-weights-unreadable", (*p, "--model", "model_garbage"), BAD_MODEL,
                setup=(("chmod", "000", "model_garbage/pytorch_model.pt"),), unprivileged=True),
        # a FIFO or a device named like a model file: refused, never waited on nor passed over
        Hostile("parse-model-weights-fifo", (*p, "--model", "model_pipe"), BAD_MODEL,
                setup=(("folder", "model_pipe"),
                       ("copy", "model_garbage/configuration.json",
                        "model_pipe/configuration.json"),
                       ("fifo", "model_pipe/pytorch_model.pt")),
                stderr="pytorch_model.pt is a FIFO (named pipe), not a regular file"),
        Hostile("parse-model-weights-device", (*p, "--model", "model_dev"), BAD_MODEL,
                setup=(("folder", "model_dev"), ("symlink", "/dev/zero",
                                                  "model_dev/pytorch_model.pt")),
                stderr="pytorch_model.pt is a device, not a regular file"),
        Hostile("parse-model-config-fifo", (*p, "--model", "model_pipe"), BAD_MODEL,
                setup=(("folder", "model_pipe"), ("fifo", "model_pipe/configuration.json"),
                       ("copy", "model_garbage/pytorch_model.pt",
                        "model_pipe/pytorch_model.pt")),
                stderr="configuration.json is a FIFO (named pipe), not a regular file"),
        Hostile("parse-parser-unknown", (*p, "--parser", "magic"), BAD),
    ]
    return cases


def _masks() -> list[Hostile]:
    a = ("assess", *FIGURE, "--age", "40", "--json-out", "out/a.json")
    bad = {"missing": "nothing.png", "folder": "out", "fifo": "pipe.png", "rgb": "burn_rgb.png",
           "value7": "burn_7.png", "16bit_300": "burn16_300.png", "wrong_size": "burn_small.png",
           "huge": "burn_huge.png", "truncated": "truncated.png", "text": "notes.jpg",
           "device": "/dev/zero", "empty": "empty.png"}
    messages = {"value7": "7", "16bit_300": "300", "huge": "too large", "fifo": "regular",
                "wrong_size": "400 x 400", "rgb": "single-channel"}
    cases = [Hostile(f"assess-burn-{k}", (*a, "--burn", v), BAD, stderr=messages.get(k, ""),
                     setup=(("fifo", "pipe.png"),) if k == "fifo" else ())
             for k, v in bad.items()]
    labels = {"value25": ("labels_25.png", "25"), "rgb": ("labels_rgb.png", "single-channel"),
              "16bit_300": ("labels16_300.png", "300"), "wrong_size": ("burn_small.png", "x"),
              "fifo": ("pipe2.png", "regular"), "missing": ("nothing.png", "exist")}
    b = ("assess", "--photo", "photo.png", "--burn", "burn.png", "--view", "anterior", "--age",
         "40", "--json-out", "out/a.json")
    cases += [Hostile(f"assess-labels-{k}", (*b, "--labels", v), BAD, stderr=m,
                      setup=(("fifo", "pipe2.png"),) if k == "fifo" else ())
              for k, (v, m) in labels.items()]
    cases += [
        Hostile("assess-burn-palette-by-index", (*a, "--burn", "burn_palette_dark.png"), OK,
                outputs=("out/a.json",), check="head_deep_3_5"),
        Hostile("assess-burn-16bit-in-range", (*a, "--burn", "burn16_ok.png"), OK,
                outputs=("out/a.json",), check="head_deep_3_5"),
        Hostile("assess-labels-palette", ("assess", "--photo", "photo.png", "--labels",
                                          "labels_palette.png", "--burn", "burn.png", "--view",
                                          "anterior", "--age", "40", "--json-out", "out/a.json"),
                OK, outputs=("out/a.json",), check="head_ft_3_5"),
    ]
    return cases


def _charts() -> list[Hostile]:
    """Issue 25: `assess --chart` and `--chart-region`, validated like every input."""
    a = ("assess", *FIGURE, "--burn", "burn.png", "--age", "40", "--json-out", "out/a.json")
    files = {"missing": ("nothing.png", "exist"), "folder": ("out", ""),
             "value6": ("chart_6.png", "6"), "outside": ("chart_outside.png", "outside"),
             "rgb": ("chart_rgb.png", "single-channel"), "wrong_size": ("chart_small.png", "860 x 1000"),
             "text": ("notes.jpg", ""), "device": ("/dev/zero", ""),
             "photo": ("photo.png", "single-channel"), "labels": ("labels.png", "only 0..5")}
    cases = [Hostile(f"assess-chart-{k}", (*a, "--chart", v), BAD, stderr=m)
             for k, (v, m) in files.items()]
    regions = {"fields": ("trunk:posterior:30", "REGION:SURFACE:DEPTH:PERCENT"),
               "region": ("back:posterior:deep:30", "unknown region"),
               "surface": ("genitalia:posterior:deep:30", "no surface"),
               "depth": ("trunk:posterior:charred:30", "unknown depth"),
               "nan": ("trunk:posterior:deep:nan", "percent"),
               "inf": ("trunk:posterior:deep:inf", "percent"),
               "zero": ("trunk:posterior:deep:0", "percent"),
               "over": ("trunk:posterior:deep:101", "percent"),
               "examined-part": ("trunk:posterior:examined:50", "give 100"),
               "photographed": ("head:anterior:deep:30", "a photo measures all"),
               "escape": ("\x1b[31mtrunk:posterior:deep:30", "unknown region")}
    cases += [Hostile(f"assess-chart-region-{k}", (*a, "--chart-region", v), BAD, stderr=m)
              for k, (v, m) in regions.items()]
    cases += [
        Hostile("assess-chart-region-over-100-together",
                (*a, "--chart-region", "trunk:posterior:deep:60", "--chart-region",
                 "trunk:posterior:full:50"), BAD, stderr="more than 100"),
        Hostile("assess-json-onto-chart", (*a[:-1], "chart_ok.png", "--chart", "chart_ok.png"),
                BAD),
        Hostile("assess-chart-region-back", (*a, "--chart-region", "trunk:posterior:deep:50"),
                OK, outputs=("out/a.json",), check="back_on_chart"),
        Hostile("assess-chart-file-back", (*a, "--chart", "chart_ok.png"), OK,
                outputs=("out/a.json",), check="back_on_chart"),
    ]
    return cases


def _numbers() -> list[Hostile]:
    a = (*ASSESS[:-2], "--json-out", "out/a.json")   # without --age
    bad = {"age-nan": ("--age", "nan"), "age-inf": ("--age", "inf"), "age-neg": ("--age", "-1"),
           "age-131": ("--age", "131"), "weight-0": ("--age", "40", "--weight", "0"),
           "weight-neg": ("--age", "40", "--weight", "-3"),
           "weight-nan": ("--age", "40", "--weight", "nan"),
           "weight-huge": ("--age", "40", "--weight", "1e9"),
           "fluid-nan": ("--age", "40", "--weight", "70", "--fluid-given", "nan"),
           "fluid-inf": ("--age", "40", "--weight", "70", "--fluid-given", "inf"),
           "fluid-neg": ("--age", "40", "--weight", "70", "--fluid-given", "-1"),
           "fluid-huge": ("--age", "40", "--weight", "70", "--fluid-given", "1e12"),
           "dob-future": ("--dob", "2999-01-01"), "dob-1899": ("--dob", "1899-12-31"),
           "dob-garbage": ("--dob", "04/05/86"),
           "dob-contradicts-age": ("--dob", "2024-06-01", "--age", "40"),
           "injury-future": ("--age", "40", "--injury-time", "2999-01-01T00:00+00:00"),
           "injury-year-1": ("--age", "40", "--injury-time", "0001-01-01T00:00"),
           "injury-garbage": ("--age", "40", "--injury-time", "yesterday"),
           "injury-before-birth": ("--dob", "2000-01-01", "--injury-time", "1999-01-01T00:00"),
           "injury-1900-age-40": ("--age", "40", "--injury-time", "1900-06-01T00:00"),
           "injury-before-birth-by-age": ("--age", "10", "--injury-time", "2001-01-01T00:00"),
           "injury-date-only": ("--age", "40", "--injury-time", "2026-01-06"),
           "injury-date-basic": ("--age", "40", "--injury-time", "20260106"),
           "electrical-value": ("--age", "40", "--electrical=yes"),
           "no-age": (), "person-0": ("--age", "40", "--person", "0"),
           "person-5": ("--age", "40", "--person", "5"),
           "view-sideways": ("--age", "40", "--view", "sideways"),
           "name-10000": ("--age", "40", "--patient-name", "W" * 10000),
           "record-100": ("--age", "40", "--patient-id", "7" * 100)}
    cases = [Hostile(f"assess-{k}", (*a, *v), BAD) for k, v in bad.items()]
    berlin = {"TZ": "Europe/Berlin"}   # clocks forward 29 March 2026, back 25 October 2026
    cases += [Hostile("assess-injury-dst-gap", (*a, "--age", "40", "--injury-time",
                                                "2026-03-29T02:30"), BAD, env=berlin,
                      stderr="did not exist in local time"),
              Hostile("assess-injury-dst-twice", (*a, "--age", "40", "--injury-time",
                                                  "2026-10-25T02:30"), BAD, env=berlin,
                      stderr="+02:00 for the first or +01:00 for the second")]
    cases += [Hostile("assess-dob-agrees-with-age", (*a, "--dob", "1986-05-04", "--age", "40"),
                      OK, outputs=("out/a.json",), check="age_from_dob"),
              Hostile("assess-json-finite", (*a, "--age", "40", "--weight", "70",
                                             "--fluid-given", "0"), OK,
                      outputs=("out/a.json",), check="finite_json")]
    return cases


def _assess_outputs() -> list[Hostile]:
    a = CASE_ASSESS
    onto = {"photo": "photo.png", "burn": "burn.png", "labels": "labels.png",
            "case": "Zhang.burncase", "case-wal": "Zhang.burncase-wal",
            "case-lock": "Zhang.burncase.lock", "folder": "out", "dev-full": "/dev/full"}
    cases = [Hostile(f"assess-json-onto-{k}", (*a, "--case", "Zhang.burncase", *ZHANG_ARGS,
                                               "--json-out", v), BAD)
             for k, v in onto.items()]
    cases.append(Hostile("assess-json-onto-hardlinked-burn", (*ASSESS, "--json-out", "hb.png"),
                         BAD, setup=(("hardlink", "burn.png", "hb.png"),), stderr="same file"))
    cases.append(Hostile("assess-json-onto-another-case", (*ASSESS, "--json-out",
                                                           "Zhang.burncase"), BAD,
                         stderr="case file"))
    return cases


def _cases() -> list[Hostile]:
    a = CASE_ASSESS
    cases = [
        Hostile("assess-case-dotted-name", (*ASSESS, "--case", "Zhang.Wei", "--patient-name",
                                            "Zhang Wei", "--patient-id", "MRN-2"), OK,
                outputs=("Zhang.Wei.burncase",),
                check="dotted_case"),
        Hostile("assess-case-other-name", (*a, "--case", "Zhang.burncase", "--patient-name",
                                           "Li Na"), BAD, stderr="Zhang Wei"),
        Hostile("assess-case-other-record", (*a, "--case", "Zhang.burncase", "--patient-id",
                                             "MRN-99"), BAD, stderr="MRN-99"),
        Hostile("assess-case-other-dob", (*a, "--case", "Zhang.burncase", "--dob",
                                          "1990-01-01"), BAD, stderr="1980-02-01"),
        Hostile("assess-case-update-patient", (*a, "--case", "Zhang.burncase", "--patient-name",
                                               "Zhang Wei-Li", "--update-patient"), OK,
                may_change=("Zhang.burncase",),
                check="identity_audited"),
        Hostile("assess-case-same-patient", (*a, "--case", "Zhang.burncase", *ZHANG_ARGS),
                OK, may_change=("Zhang.burncase",),
                check="two_photos"),
        Hostile("assess-case-readonly-file", (*a, "--case", "Zhang.burncase"), BAD,
                setup=(("chmod", "444", "Zhang.burncase"),), unprivileged=True,
                stderr="read-only"),
        Hostile("assess-case-readonly-folder", (*ASSESS, "--case", "readonly/new.burncase"),
                BAD, setup=(("chmod", "555", "readonly"),), unprivileged=True,
                stderr="read-only"),
        Hostile("assess-case-missing-folder", (*ASSESS, "--case", "nowhere/new.burncase"), BAD,
                stderr="does not exist"),
        Hostile("assess-case-is-folder", (*ASSESS, "--case", "dir.burncase"), BAD,
                setup=(("folder", "dir.burncase"),), stderr="folder"),
        Hostile("assess-case-is-a-fifo", (*ASSESS, "--case", "pipe.burncase"), BAD,
                setup=(("fifo", "pipe.burncase"),), stderr="not a BurnMap case file"),
        Hostile("assess-case-locked", (*a, "--case", "Zhang.burncase"), BAD,
                setup=(("lock", "Zhang.burncase"),), stderr="editing"),
        # something other than a lock file at the lock's name: refused, never waited on nor
        # removed (a FIFO hung the command for ever)
        Hostile("assess-case-lock-is-a-fifo", (*a, "--case", "Zhang.burncase"), BAD,
                setup=(("fifo", "Zhang.burncase.lock"),),
                stderr="'Zhang.burncase' cannot be changed: its lock file 'Zhang.burncase.lock' "
                       "is a FIFO (named pipe), not a regular file; remove it."),
        Hostile("assess-case-lock-is-a-folder", (*a, "--case", "Zhang.burncase"), BAD,
                setup=(("folder", "Zhang.burncase.lock"),),
                stderr="its lock file 'Zhang.burncase.lock' is a folder"),
        Hostile("assess-new-case-lock-is-a-fifo", (*ASSESS, "--case", "new.burncase",
                                                   "--patient-name", "Li Na"), BAD,
                setup=(("fifo", "new.burncase.lock"),),
                stderr="'new.burncase' cannot be created: its lock file 'new.burncase.lock' is "
                       "a FIFO (named pipe)"),
        Hostile("assess-case-journal-is-a-fifo", (*a, "--case", "Zhang.burncase"), BAD,
                setup=(("fifo", "Zhang.burncase-journal"),),
                stderr="its companion file 'Zhang.burncase-journal' is a FIFO (named pipe)"),
        # the suffix is appended, never put in place of another: the photo is not touched
        Hostile("assess-case-named-like-photo", (*ASSESS, "--case", "photo.png",
                                                 "--patient-name", "Li Na", "--patient-id",
                                                 "MRN-3"), OK,
                outputs=("photo.png.burncase",)),
    ]
    for name in ("damaged", "text", "foreign", "newer", "truncated"):
        cases.append(Hostile(f"assess-case-{name}", (*ASSESS, "--case", f"{name}.burncase"),
                             BAD))
    return cases


def _reports() -> list[Hostile]:
    r = ("report", "Zhang.burncase")
    cases = [Hostile(f"report-pdf-onto-{k}", (*r, "--pdf", v), BAD) for k, v in {
        "case": "Zhang.burncase", "case-wal": "Zhang.burncase-wal", "case-shm":
        "Zhang.burncase-shm", "case-lock": "Zhang.burncase.lock", "folder": "out",
        "dev-full": "/dev/full", "missing-folder": "nowhere/r.pdf"}.items()]
    cases += [
        Hostile("report-pdf-hardlink-to-case", (*r, "--pdf", "hard.pdf"), BAD,
                setup=(("hardlink", "Zhang.burncase", "hard.pdf"),), stderr="same file"),
        Hostile("report-pdf-symlink-to-case", (*r, "--pdf", "soft.pdf"), BAD,
                setup=(("symlink", "Zhang.burncase", "soft.pdf"),)),
        Hostile("report-pdf-fifo", (*r, "--pdf", "pipe.pdf"), BAD, setup=(("fifo", "pipe.pdf"),)),
        Hostile("report-case-is-a-fifo", ("report", "pipe.burncase", "--pdf", "out/r.pdf"), BAD,
                setup=(("fifo", "pipe.burncase"),), stderr="not a BurnMap case file"),
        Hostile("report-case-is-a-device", ("report", "/dev/zero", "--pdf", "out/r.pdf"), BAD,
                stderr="not a BurnMap case file"),
        # a report only reads the case: written all the same, the export not recorded
        Hostile("report-case-lock-is-a-fifo", (*r, "--pdf", "out/r.pdf"), OK,
                outputs=("out/r.pdf",), setup=(("fifo", "Zhang.burncase.lock"),),
                check="not_recorded_lock_fifo"),
        Hostile("report-pdf-readonly-folder", (*r, "--pdf", "readonly/r.pdf"), BAD,
                setup=(("chmod", "555", "readonly"),), unprivileged=True),
        Hostile("report-dicom-onto-case", (*r, "--pdf", "out/r.pdf", "--dicom",
                                           "Zhang.burncase"), BAD),
        Hostile("report-dicom-onto-file", (*r, "--pdf", "out/r.pdf", "--dicom", "photo.png"),
                BAD),
        Hostile("report-dicom-member-is-folder", (*r, "--pdf", "out/r.pdf", "--dicom", "dcm"),
                BAD, setup=(("folder", "dcm/report.dcm"),)),
        Hostile("report-dicom-missing-parent", (*r, "--pdf", "out/r.pdf", "--dicom",
                                                "nowhere/dcm"), BAD),
        Hostile("report-lang-unknown", (*r, "--pdf", "out/r.pdf", "--lang", "xx"), BAD),
        Hostile("report-ok-writable", (*r, "--pdf", "out/r.pdf", "--dicom", "out/dcm"), OK,
                outputs=("out/r.pdf", "out/dcm", "out/dcm/report.dcm", "out/dcm/overlay_1.dcm"),
                may_change=("Zhang.burncase",), check="export_audited"),
        Hostile("report-readonly-case", (*r, "--pdf", "out/r.pdf"), OK, outputs=("out/r.pdf",),
                setup=(("chmod", "444", "Zhang.burncase"),), unprivileged=True,
                check="not_recorded"),
        Hostile("report-case-readonly-folder", ("report", "readonly/Zhang.burncase", "--pdf",
                                                "out/r.pdf"), OK, outputs=("out/r.pdf",),
                setup=(("copy", "Zhang.burncase", "readonly/Zhang.burncase"),
                       ("chmod", "555", "readonly")), unprivileged=True, check="not_recorded"),
        Hostile("report-case-locked", (*r, "--pdf", "out/r.pdf"), OK, outputs=("out/r.pdf",),
                setup=(("lock", "Zhang.burncase"),), check="not_recorded"),
        Hostile("report-rtl-name", ("report", "rtl.burncase", "--pdf", "out/r.pdf"), OK,
                outputs=("out/r.pdf",), may_change=("rtl.burncase",),
                check="rtl_shaped"),
        Hostile("report-control-characters", ("report", "ctrl.burncase", "--pdf", "out/r.pdf",
                                              "--dicom", "out/dcm"), OK,
                outputs=("out/r.pdf", "out/dcm", "out/dcm/report.dcm", "out/dcm/overlay_1.dcm"),
                may_change=("ctrl.burncase",),
                check="dicom_clean"),
    ]
    for name, message in (("damaged", "not a BurnMap case"), ("text", "not a BurnMap case"),
                          ("foreign", "not a BurnMap case"), ("newer", "newer"),
                          ("truncated", ""), ("missing", "does not exist"),
                          ("future_dob", "future"), ("long_name", "10,000"),
                          ("ancient_injury", "1900"), ("noid", "two patient identifiers"),
                          ("nophoto", "parsed"), ("noage", "age")):
        cases.append(Hostile(f"report-case-{name}", ("report", f"{name}.burncase", "--pdf",
                                                     "out/r.pdf"), BAD, stderr=message))
    return cases


def _batch() -> list[Hostile]:
    out = ("--out", "out/b")
    bad_manifests = {
        "missing": ("nothing.csv", "does not exist", ()), "empty": ("batch_empty.csv", "empty", ()),
        "header-only": ("batch_header.csv", "no rows", ()),
        "missing-column": ("batch_nocol.csv", "lacks the column(s) view", ()),
        "unknown-column": ("batch_unknown.csv", "unknown manifest column(s) 'mrn'", ()),
        "semicolons": ("batch_semicolon.csv", "not ';'", ()),
        "latin1": ("batch_latin1.csv", "not UTF-8", ()),
        "duplicate-ids": ("batch_dup.csv", "same id", ()),
        "unsafe-id": ("batch_badid.csv", "'../r1'", ()),
        "binary-photo": ("photo.png", "not a text file", ()),
        "a-case-file": ("Zhang.burncase", "not a text file", ()),
        "folder": ("out", "not a regular file", ()),
        "device": ("/dev/zero", "not a regular file", ()),
        "fifo": ("pipe.csv", "not a regular file", (("fifo", "pipe.csv"),)),
    }
    cases = [Hostile(f"batch-manifest-{k}", ("batch", path, *out), BAD, stderr=message,
                     setup=setup) for k, (path, message, setup) in bad_manifests.items()]
    b = ("batch", "batch.csv")
    cases += [Hostile(f"batch-out-{k}", (*b, "--out", path, *extra), BAD, stderr=message,
                      setup=setup, unprivileged=k == "readonly")
              for k, (path, extra, message, setup) in {
                  "is-the-manifest": ("batch.csv", (), "not a folder", ()),
                  "is-a-photo": ("photo.png", (), "not a folder", ()),
                  "is-a-device": ("/dev/null", (), "not a folder", ()),
                  "inputs-folder": (".", (), "holds the manifest", ()),
                  "missing-parent": ("nowhere/b", (), "does not exist", ()),
                  "readonly": ("readonly/b", (), "read-only", (("chmod", "555", "readonly"),)),
                  "summary-is-a-folder": ("out/b", (), "folder",
                                          (("folder", "out/b/summary.csv"),)),
                  "bad-scheduler": ("out/b", ("--scheduler", "tcp://127.0.0.1:8786"),
                                    "dask://HOST:PORT", ()),
                  "alpha-nan": ("out/b", ("--alpha", "nan"), "", ()),
              }.items()]
    done = ("out/b", "out/b/summary.csv", "out/b/r1", "out/b/r1/assess.json", "out/b/r1/row.json")
    cases += [
        Hostile("batch-ok", (*b, *out), OK, outputs=(*done, "out/b/r2", "out/b/r2/parse.json",
                                                     "out/b/r2/labels.png", "out/b/r2/row.json"),
                check="batch_ok"),
        # bad rows (a FIFO, a wrong mask, a case file or a device as the photo, a NaN age) are
        # reported and the good row is done
        Hostile("batch-bad-rows", ("batch", "batch_mixed.csv", *out), ROWS_REFUSED, outputs=done,
                setup=(("fifo", "pipe.png"),), stderr="line 3 (r2): refused", check="batch_mixed"),
        # a row whose output would be its own burn mask: --out holds an input, the mask untouched
        Hostile("batch-row-output-onto-its-input", ("batch", "batch_onto.csv", *out),
                BAD, setup=(("folder", "out/b/r1"), ("copy", "burn.png", "out/b/r1/assess.json")),
                stderr="holds the burn of manifest line 2"),
        # a row folder that is a link elsewhere (here: the world itself) is not written through
        Hostile("batch-row-folder-is-a-symlink", (*b, *out), ROWS_REFUSED,
                outputs=("out/b/summary.csv", "out/b/r2", "out/b/r2/parse.json",
                         "out/b/r2/labels.png", "out/b/r2/row.json"),
                setup=(("folder", "out/b"), ("symlink", "../..", "out/b/r1")),
                stderr="symbolic link"),
    ]
    return cases


def _batch_rows() -> list[Hostile]:
    out = ("--out", "out/b")
    r2 = ("out/b", "out/b/summary.csv", "out/b/r2", "out/b/r2/assess.json", "out/b/r2/row.json")
    return [Hostile("batch-person-superscript-two", ("batch", "batch_person.csv", *out),
                    ROWS_REFUSED, outputs=r2, stderr="person '\u00b2' must be 1"),
            Hostile("batch-control-characters-printed-escaped", ("batch", "batch_ctrl.csv", *out),
                    ROWS_REFUSED, outputs=("out/b", "out/b/summary.csv"), check="escaped")]


def _selftest() -> list[Hostile]:
    return [Hostile("selftest-default-parser", ("selftest",), OK, check="no_selftest_leftovers"),
            *(Hostile(f"help-{a[0].strip('-')}", a, OK, check="help_only")
              for a in (("selftest", "--help"), ("--help",), ("-h",))),
            Hostile("selftest-evil-model", ("selftest",), BUG,
                    env={"BURNMAP_MODEL_DIR": "model_evil"}, stderr="selftest FAILED")]


def corpus() -> list[Hostile]:
    cases = (_photos() + _parse_outputs() + _models() + _masks() + _charts() + _numbers() +
             _assess_outputs() + _cases() + _reports() + _batch() + _batch_rows() + _selftest())
    ids = [c.id for c in cases]
    assert len(ids) == len(set(ids)), "corpus ids must be unique"
    return cases
