"""Loading M2FP model directories: formats, strict key checks, refusal of unsafe or broken files."""
from __future__ import annotations

import hashlib
import json
import os
import shutil

import numpy as np
import pytest
import torch

from burnmap.parsing.base import ParseCancelled
from burnmap.parsing.m2fp.checkpoint import (
    ModelLoadError,
    describe_mismatch,
    load_model,
    locate_model_dir,
    read_state_dict,
)
from burnmap.parsing.m2fp.config import M2FPConfig, ModelConfigError, config_from_dict, load_config
from burnmap.parsing.m2fp.network.model import M2FPNet
from burnmap.parsing.m2fp.parser import M2FPParser, network_size
from tests.helpers.openings import counting, times_opened


@pytest.fixture(scope="module")
def state0(model_seed0):
    return read_state_dict(model_seed0 / "pytorch_model.pt")


def _dir_with(tmp_path, model_seed0, obj, name="pytorch_model.pt"):
    shutil.copy(model_seed0 / "configuration.json", tmp_path / "configuration.json")
    torch.save(obj, tmp_path / name)
    return tmp_path


def test_state_dict_matches_the_published_key_and_shape_list(m2fp_shared):
    spec = json.loads((m2fp_shared / "state_dict_spec.json").read_text())["tensors"]
    net = M2FPNet(M2FPConfig())
    ours = {k: list(v.shape) for k, v in net.state_dict().items()}
    assert ours == {k: v["shape"] for k, v in spec.items()}
    assert len(ours) == 928


def test_loads_modelscope_layout_and_records_sha256(model_seed0):
    model = load_model(model_seed0)
    digest = hashlib.sha256((model_seed0 / "pytorch_model.pt").read_bytes()).hexdigest()
    assert model.sha256 == digest
    assert model.config.classes[-1] == "Human"
    assert model.config.num_parsing == 20


def test_bare_state_dict_and_safetensors_load_the_same_weights(tmp_path, model_seed0, state0):
    from safetensors.torch import save_file
    (tmp_path / "bare").mkdir()
    model = load_model(_dir_with(tmp_path / "bare", model_seed0, state0))
    key = "sem_seg_head.predictor.class_embed.weight"
    assert torch.equal(model.net.state_dict()[key], state0[key])
    del model           # one loaded model at a time (each is 250 MB, twice that while loading)
    st_dir = tmp_path / "st"
    st_dir.mkdir()
    save_file({k: v.contiguous() for k, v in state0.items()}, str(st_dir / "model.safetensors"))
    shutil.copy(model_seed0 / "configuration.json", st_dir)
    model_st = load_model(st_dir)
    assert torch.equal(model_st.net.state_dict()[key], state0[key])


def test_missing_unexpected_and_misshaped_keys_are_named(tmp_path, model_seed0, state0):
    broken = dict(state0)
    del broken["sem_seg_head.predictor.decoder_norm.bias"]
    broken["sem_seg_head.extra.weight"] = torch.zeros(3)
    broken["sem_seg_head.predictor.mask_embed.layers.0.bias"] = torch.zeros(255)
    _dir_with(tmp_path, model_seed0, {"model": broken})
    with pytest.raises(ModelLoadError) as err:
        load_model(tmp_path)
    text = str(err.value)
    assert "missing: sem_seg_head.predictor.decoder_norm.bias" in text
    assert "unexpected: sem_seg_head.extra.weight" in text
    assert "wrong shape: sem_seg_head.predictor.mask_embed.layers.0.bias" in text


def test_checkpoint_needing_code_execution_is_refused_not_run(tmp_path, model_seed0):
    marker = tmp_path / "code_was_executed"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    _dir_with(tmp_path, model_seed0, {"model": {"w": torch.zeros(1)}, "extra": Payload()})
    with pytest.raises(ModelLoadError, match="refused"):
        load_model(tmp_path)
    assert not marker.exists()


@pytest.mark.parametrize("content", [b"", b"not a checkpoint at all", None])
def test_damaged_weights_give_a_clear_error(tmp_path, model_seed0, content):
    shutil.copy(model_seed0 / "configuration.json", tmp_path)
    weights = tmp_path / "pytorch_model.pt"
    if content is None:  # a truncated copy of the real file
        content = (model_seed0 / "pytorch_model.pt").read_bytes()[:1_000_000]
    weights.write_bytes(content)
    with pytest.raises(ModelLoadError, match=r"pytorch_model\.pt"):
        load_model(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
@pytest.mark.timeout(30)
@pytest.mark.parametrize(("name", "kind", "said"), [
    ("pytorch_model.pt", "fifo", r"pytorch_model\.pt is a FIFO \(named pipe\), not a regular file"),
    ("configuration.json", "fifo",
     r"configuration\.json is a FIFO \(named pipe\), not a regular file"),
    ("pytorch_model.pt", "device", r"pytorch_model\.pt is a device, not a regular file"),
])
def test_a_special_file_named_like_a_model_file_is_refused_not_waited_on(tmp_path, model_seed0,
                                                                          name, kind, said):
    """A copy of the model with one file replaced: a FIFO as the weights was passed over ("no
    weights"), as the configuration the defaults were silently used; read with a plain open()
    (a file swapped for a FIFO once the folder was looked at) each hung for ever."""
    for member in ("configuration.json", "pytorch_model.pt"):
        if member != name:
            os.symlink(model_seed0 / member, tmp_path / member)
        elif kind == "fifo":
            os.mkfifo(tmp_path / member)
        else:
            os.symlink("/dev/zero", tmp_path / member)
    with pytest.raises(ModelLoadError, match=said):
        load_model(tmp_path)
    read = read_state_dict if name == "pytorch_model.pt" else load_config
    with pytest.raises((ModelLoadError, ModelConfigError), match=said):
        read(tmp_path / name)


def test_the_weights_are_opened_once_so_the_identity_is_of_the_tensors_loaded(model_seed0):
    """Hashed through one opening and read through another, the identity could be of a file
    other than the one loaded (replaced in between), and the second opening could find a FIFO
    there and wait for ever."""
    weights = model_seed0 / "pytorch_model.pt"
    with counting() as opened:
        model = load_model(model_seed0)
    assert times_opened(opened, weights) == 1
    assert times_opened(opened, model_seed0 / "configuration.json") == 1
    assert model.sha256 == hashlib.sha256(weights.read_bytes()).hexdigest()


def test_missing_folder_or_weights(tmp_path):
    with pytest.raises(ModelLoadError, match="does not exist"):
        load_model(tmp_path / "nowhere")
    with pytest.raises(ModelLoadError, match="no weights"):
        load_model(tmp_path)


def test_configuration_falls_back_and_is_checked(tmp_path, model_seed0, state0):
    assert config_from_dict({"model": {}}) == M2FPConfig()
    torch.save({"model": state0}, tmp_path / "pytorch_model.pt")
    assert load_model(tmp_path).config == M2FPConfig()  # no configuration.json at all
    cfg = json.loads((model_seed0 / "configuration.json").read_text())
    cfg["model"]["decoder"]["num_queries"] = 50
    (tmp_path / "configuration.json").write_text(json.dumps(cfg))
    with pytest.raises(ModelLoadError, match="query_feat"):
        load_model(tmp_path)
    cfg["model"]["decoder"]["num_queries"] = 100
    cfg["model"]["backbone"]["res5_dilation"] = 2
    (tmp_path / "configuration.json").write_text(json.dumps(cfg))
    with pytest.raises(ModelLoadError, match="res5_dilation"):
        load_model(tmp_path)
    (tmp_path / "configuration.json").write_text("{broken")
    with pytest.raises(ModelLoadError, match=r"configuration\.json"):
        load_model(tmp_path)


def test_class_count_must_match_names():
    with pytest.raises(ModelConfigError, match="class names"):
        config_from_dict({"model": {"classes": ["a", "b"]}})


def test_describe_mismatch_is_empty_for_the_real_layout(state0):
    assert describe_mismatch(M2FPNet(M2FPConfig()), state0) == []


def test_model_directory_search_order(tmp_path, monkeypatch):
    setting, env, beside = tmp_path / "setting", tmp_path / "env", tmp_path / "models" / "m2fp"
    for d in (setting, env, beside):
        d.mkdir(parents=True)
    monkeypatch.setenv("BURNMAP_MODEL_DIR", str(env))
    assert locate_model_dir(setting, tmp_path) == setting
    assert locate_model_dir(None, tmp_path) == env
    monkeypatch.delenv("BURNMAP_MODEL_DIR")
    assert locate_model_dir(None, tmp_path) == beside
    assert locate_model_dir(None, tmp_path / "elsewhere") is None


@pytest.mark.parametrize(("hw", "expected"), [((512, 512), (640, 640)), ((960, 1280), (640, 853)),
                                          ((3000, 4000), (640, 853)), ((100, 1000), (133, 1333))])
def test_network_size_follows_the_reference_rule(hw, expected):
    assert network_size(*hw) == expected


@pytest.fixture(scope="module")
def eager_seed0(model_seed0):
    """Progress, cancelling and refusals are the parser's, whatever runs its backbone."""
    return M2FPParser(model_seed0, engine="eager")


@pytest.mark.slow
def test_progress_reports_every_stage_and_cancel_stops(eager_seed0):
    photo = np.full((96, 128, 3), 120, dtype=np.uint8)
    seen = []
    parsing = eager_seed0.parse(photo, progress=lambda f, m: seen.append((f, m)))
    assert [m for _, m in seen] == [*list(M2FPParser.STAGES), "done"]
    assert [f for f, _ in seen] == sorted(f for f, _ in seen)
    assert parsing.labels.shape == (96, 128)
    assert set(parsing.timings) == set(M2FPParser.STAGES)
    assert parsing.model.sha256 == eager_seed0.model.sha256
    calls = []

    def cancel_after_two():
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(ParseCancelled, match="pixel decoder"):
        eager_seed0.parse(photo, cancelled=cancel_after_two)


def test_parse_rejects_non_rgb_arrays(eager_seed0):
    with pytest.raises(ValueError, match="H x W x 3 uint8"):
        eager_seed0.parse(np.zeros((10, 10), dtype=np.uint8))
