"""The M2FP backbone's engine (burnmap/parsing/m2fp/engine.py): OpenVINO made from the loaded model,
cached per weights, checked before use, never trusted when damaged or foreign, and eager PyTorch
whenever OpenVINO is missing or fails. Real network code, synthetic weights."""
from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest
import torch

from burnmap.parsing.m2fp import engine
from burnmap.parsing.m2fp.checkpoint import load_model
from burnmap.parsing.m2fp.parser import M2FPParser
from burnmap.system.fileio import file_sha256

pytest.importorskip("openvino")


class _Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


def _build_cache(model_dir: Path, cache: Path, monkeypatch_env) -> tuple[object, Path, list]:
    """Loads a model and makes its OpenVINO cache in `cache`; returns the model, the cache folder
    and what the network guard refused meanwhile."""
    monkeypatch_env.setenv("BURNMAP_CACHE_DIR", str(cache))
    loaded = load_model(model_dir)
    refused = _Records()
    logging.getLogger("burnmap.netguard").addHandler(refused)
    try:
        engine.openvino_backbone(loaded.net.backbone, loaded.sha256, 2)
    finally:
        logging.getLogger("burnmap.netguard").removeHandler(refused)
    folders = [p for p in (cache / "m2fp-openvino").iterdir()]
    assert len(folders) == 1
    return loaded, folders[0], refused.records


@pytest.fixture(autouse=True)
def own_cache(monkeypatch, tmp_path):
    """Each test of the cache its own cache folder, not the run's shared one."""
    monkeypatch.setenv("BURNMAP_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def made0(model_seed0, tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        return _build_cache(model_seed0, tmp_path_factory.mktemp("ov0"), mp)


@pytest.fixture(scope="module")
def cache1(model_seed1, tmp_path_factory) -> Path:
    """Seed 1's cache folder only: its loaded model (250 MB) is not held through the module."""
    with pytest.MonkeyPatch.context() as mp:
        return _build_cache(model_seed1, tmp_path_factory.mktemp("ov1"), mp)[1]


def _copy_cache(folder: Path) -> Path:
    """The cache as the test's own data folder holds it."""
    target = engine.cache_root() / folder.name
    shutil.copytree(folder, target)
    return target


def _image(h: int = 192, w: int = 256) -> torch.Tensor:
    return torch.randn(1, 3, h, w, generator=torch.Generator().manual_seed(7))


def _assert_same(a: dict, b: dict) -> None:
    for name in engine.FEATURES:
        assert a[name].shape == b[name].shape
        assert (a[name] - b[name]).abs().max() <= 1e-4 * b[name].abs().max()


def test_conversion_opens_no_connection_and_has_no_telemetry(made0):
    _, folder, refused = made0
    assert refused == []                       # the network guard saw no attempt at all
    assert "openvino_telemetry" not in sys.modules
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["format"] == engine.FORMAT
    assert set(manifest["files"]) == set(engine.FILES)


def test_cached_engine_is_used_without_rebuilding_and_equals_eager(made0, caplog):
    loaded, folder, _ = made0
    target = _copy_cache(folder)
    before = {p.name: p.stat().st_mtime_ns for p in target.iterdir()}
    with caplog.at_level(logging.INFO, logger=engine.__name__):
        backbone = engine.Backbone(loaded.net.backbone, loaded.sha256, "auto", 2)
    assert backbone.name == "openvino"
    assert backbone.problem is None
    assert "making it" not in caplog.text
    assert {p.name: p.stat().st_mtime_ns for p in target.iterdir()} == before
    x = _image(224, 160)   # neither probe size
    with torch.inference_mode():
        _assert_same(backbone(x), loaded.net.backbone(x))


@pytest.mark.parametrize(("damage", "reason"), [
    ("truncate_bin", "backbone.bin has changed"),
    ("flip_bin", "backbone.bin has changed"),
    ("remove_xml", "backbone.xml cannot be read"),
    ("garbage_manifest", "manifest is unreadable"),
    ("list_manifest", "not an object"),
    ("other_weights", "made for another weights_sha256"),
    ("other_format", "made for another format"),
    ("other_openvino", "made for another openvino"),
    ("no_manifest", "there is none yet"),
])
def test_damaged_or_foreign_cache_is_named(made0, damage, reason):
    loaded, folder, _ = made0
    target = _copy_cache(folder)
    manifest_path = target / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    if damage == "truncate_bin":
        with open(target / "backbone.bin", "r+b") as fh:
            fh.truncate(1000)
    elif damage == "flip_bin":
        with open(target / "backbone.bin", "r+b") as fh:
            fh.seek(5000)
            byte = fh.read(1)
            fh.seek(5000)
            fh.write(bytes([byte[0] ^ 1]))
    elif damage == "remove_xml":
        (target / "backbone.xml").unlink()
    elif damage == "garbage_manifest":
        manifest_path.write_bytes(b"\xff\xfe{not json")
    elif damage == "list_manifest":
        manifest_path.write_text("[]")
    elif damage == "no_manifest":
        manifest_path.unlink()
    else:
        key = {"other_weights": "weights_sha256", "other_format": "format",
               "other_openvino": "openvino"}[damage]
        manifest[key] = 0 if key == "format" else "0" * 64
        manifest_path.write_text(json.dumps(manifest))
    import openvino
    problem = engine.cache_problem(target, loaded.sha256, openvino.get_version())
    assert problem is not None
    assert reason in problem


def test_damaged_cache_is_rebuilt_and_then_used(made0, caplog):
    loaded, folder, _ = made0
    target = _copy_cache(folder)
    with open(target / "backbone.bin", "r+b") as fh:
        fh.seek(4096)
        fh.write(b"\0" * 64)
    (target.parent / "an-older-model").mkdir()   # another model's cache goes
    with caplog.at_level(logging.INFO, logger=engine.__name__):
        backbone = engine.Backbone(loaded.net.backbone, loaded.sha256, "auto", 2)
    assert "backbone.bin has changed since it was made; making it" in caplog.text
    assert backbone.name == "openvino"
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]
    import openvino
    assert engine.cache_problem(target, loaded.sha256, openvino.get_version()) is None
    x = _image()
    with torch.inference_mode():
        _assert_same(backbone(x), loaded.net.backbone(x))


def test_other_weights_passed_off_as_ours_fail_the_probe_and_are_rebuilt(made0, cache1, caplog):
    """A cache whose manifest is consistent but whose model is another's (seed 1 under seed 0's
    name): only the probe can tell, and it does."""
    loaded0, folder0, _ = made0
    target = engine.cache_root() / folder0.name
    shutil.copytree(cache1, target)
    manifest = json.loads((target / "manifest.json").read_text())
    manifest["weights_sha256"] = loaded0.sha256
    (target / "manifest.json").write_text(json.dumps(manifest))
    with caplog.at_level(logging.INFO, logger=engine.__name__):
        backbone = engine.Backbone(loaded0.net.backbone, loaded0.sha256, "auto", 2)
    assert "it disagrees with PyTorch" in caplog.text
    assert backbone.name == "openvino"
    x = _image()
    with torch.inference_mode():
        _assert_same(backbone(x), loaded0.net.backbone(x))


def test_missing_openvino_means_eager_or_a_clear_refusal(made0, monkeypatch):
    loaded, _, _ = made0
    monkeypatch.setitem(sys.modules, "openvino", None)   # import openvino raises ImportError
    backbone = engine.Backbone(loaded.net.backbone, loaded.sha256, "auto", 2)
    assert backbone.name == "eager"
    assert backbone.problem == "OpenVINO is not installed"
    with pytest.raises(engine.EngineError, match="OpenVINO is not installed"):
        engine.Backbone(loaded.net.backbone, loaded.sha256, "openvino", 2)
    assert engine.Backbone(loaded.net.backbone, loaded.sha256, "eager").problem is None


def test_engine_failing_during_a_parse_goes_on_in_eager(made0):
    loaded, folder, _ = made0
    _copy_cache(folder)
    backbone = engine.Backbone(loaded.net.backbone, loaded.sha256, "auto", 2)
    assert backbone.name == "openvino"

    class Broken:
        def create_infer_request(self):
            raise RuntimeError("the device went away")

    backbone.engine.compiled = Broken()
    x = _image()
    with torch.inference_mode():
        _assert_same(backbone(x), loaded.net.backbone(x))
    assert backbone.name == "eager"
    assert "the device went away" in backbone.problem


def test_buffers_are_given_back_only_between_requests(made0):
    """Threads parse at once: each result equals eager PyTorch's, and the compiled model's
    intermediate buffers are released only when no request runs (OpenVINO refuses it then)."""
    loaded, folder, _ = made0
    _copy_cache(folder)
    backbone = engine.Backbone(loaded.net.backbone, loaded.sha256, "auto", 2)
    ov_backbone = backbone.engine
    compiled, released_while = ov_backbone.compiled, []

    class Watched:
        def create_infer_request(self):
            return compiled.create_infer_request()

        def release_memory(self):
            released_while.append(ov_backbone._running)
            compiled.release_memory()

    ov_backbone.compiled = Watched()
    sizes = [(96, 128), (160, 224), (224, 160), (128, 96)]
    results = [None] * len(sizes)

    def run(i):
        results[i] = backbone(_image(*sizes[i]))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(sizes))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert backbone.name == "openvino", backbone.problem
    assert released_while
    assert set(released_while) == {0}
    with torch.inference_mode():
        for size, got in zip(sizes, results, strict=True):
            _assert_same(got, loaded.net.backbone(_image(*size)))


def test_parser_engine_argument(model_seed0):
    with pytest.raises(ValueError, match="engine must be one of"):
        M2FPParser(model_seed0, engine="cuda")
    assert M2FPParser(model_seed0, engine="eager").backbone.name == "eager"


def test_spec_bundles_what_the_engine_loads_and_nothing_that_could_phone_home():
    """Runs the spec's own openvino_binaries() (PyInstaller itself is only on build machines)."""
    spec = (Path(__file__).resolve().parents[2] / "pyinstaller.spec").read_text()
    code = spec[spec.index("OPENVINO_UNUSED = ("):spec.index("binaries = openvino_binaries()")]
    namespace = {"Path": Path}
    exec(code, namespace)
    names = [Path(src).name.removeprefix("lib") for src, dest in namespace["openvino_binaries"]()]
    for needed in ("openvino.", "openvino_intel_cpu_plugin", "openvino_ir_frontend",
                   "openvino_pytorch_frontend", "tbb"):
        assert any(n.startswith(needed) for n in names), needed
    assert not any("gpu" in n or "npu" in n or "tensorflow" in n for n in names)
    assert "openvino_telemetry" in spec[spec.index("excludes = ["):]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
@pytest.mark.timeout(10)
@pytest.mark.parametrize("name", ["backbone.bin", "backbone.xml", "manifest.json"])
def test_a_fifo_in_the_cache_is_named_not_waited_on(tmp_path, name):
    """The cache's files were hashed with a plain open(): a FIFO put in the cache hung every
    model load for ever. Now it is a damaged cache like any other (rebuilt)."""
    folder = tmp_path / "cache"
    folder.mkdir()
    for member in engine.FILES:
        (folder / member).write_bytes(member.encode() * 100)
    manifest = {"weights_sha256": "a" * 64, "openvino": "v", "format": engine.FORMAT,
                "part": "backbone", "files": {m: file_sha256(folder / m)
                                              for m in engine.FILES}}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    assert engine.cache_problem(folder, "a" * 64, "v") is None   # whole and ours
    (folder / name).unlink()
    os.mkfifo(folder / name)
    problem = engine.cache_problem(folder, "a" * 64, "v")
    expected = "manifest is unreadable" if name == "manifest.json" else f"{name} cannot be read"
    assert expected in problem
