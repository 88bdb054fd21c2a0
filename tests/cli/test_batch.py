"""`main.py batch`: every row parsed and assessed as `parse` and `assess` would, bad rows reported
without stopping the others, a summary line per row, and a second run that redoes only what does
not verify."""
from __future__ import annotations

import csv
import json
import pickle
from pathlib import Path

import pytest

from burnmap.batch.manifest import read_manifest
from burnmap.batch.row import BatchSettings, RowResult, run_row
from burnmap.cli.assess import main as assess_main
from burnmap.cli.batch import main as batch_main
from burnmap.cli.parse import main as parse_main
from tests.cli.batch_world import ASTRONAUT, FIGURE, make_inputs, manifest


@pytest.fixture
def inputs(tmp_path, photos_dir) -> Path:
    return make_inputs(tmp_path / "in", photos_dir)


def _summary(out: Path) -> dict[str, dict]:
    with open(out / "summary.csv", newline="", encoding="utf-8") as fh:
        return {r["id"]: r for r in csv.DictReader(fh)}


def _json(path: Path, *ignored: str) -> dict:
    data = json.loads(path.read_text())
    for key in ignored:
        data.pop(key)
    return data


def test_batch_json_is_exactly_what_parse_and_assess_write(inputs, tmp_path):
    out = tmp_path / "out"
    m = manifest(inputs, [f"fig,c1,{FIGURE}", f"astro,c2,{ASTRONAUT}"])
    assert batch_main([str(m), "--out", str(out)]) == 0
    alone = tmp_path / "alone"
    alone.mkdir()
    assert assess_main(["--photo", str(inputs / "figure.png"), "--labels",
                        str(inputs / "labels.png"), "--burn", str(inputs / "burn.png"), "--view",
                        "anterior", "--age", "40", "--weight", "70", "--json-out",
                        str(alone / "a.json")]) == 0
    assert parse_main([str(inputs / "astronaut.png"), "--json-out", str(alone / "p.json"),
                       "--labels-out", str(alone / "l.png")]) == 0
    assert _json(out / "fig" / "assess.json", "assessed_at") == \
        _json(alone / "a.json", "assessed_at")
    assert _json(out / "astro" / "parse.json", "timing_s") == \
        _json(alone / "p.json", "timing_s")
    assert (out / "astro" / "labels.png").read_bytes() == (alone / "l.png").read_bytes()
    assert sorted(p.name for p in (out / "fig").iterdir()) == ["assess.json", "row.json"]
    assert _summary(out)["fig"]["tbsa_total_percent"] == "3.5"


def test_bad_rows_are_reported_and_the_others_done(inputs, tmp_path, capsys):
    out = tmp_path / "out"
    m = manifest(inputs, [
        "a,c1,missing.png,anterior,,,,", f"b,c2,{FIGURE}", "c,c3,figure.png,sideways,,,,",
        "d,c4,figure.png,anterior,burn.png,labels.png,-3,", "e,c5,figure.png,anterior,burn.png,"
        "labels.png,,", "f,c6,figure.png,anterior,labels.png,burn.png,40,",
        "g,=HYPERLINK(1),figure.png,anterior,burn.png,labels.png,40,"])
    assert batch_main([str(m), "--out", str(out)]) == 5
    rows = _summary(out)
    assert {k: r["status"] for k, r in rows.items()} == {
        "a": "refused", "b": "done", "c": "refused", "d": "refused", "e": "refused",
        "f": "refused", "g": "done"}
    assert "does not exist" in rows["a"]["message"]
    assert "sideways" in rows["c"]["message"]
    assert "age (years)" in rows["d"]["message"]
    assert "age or date of birth" in rows["e"]["message"]
    assert "0..4" in rows["f"]["message"]          # a label map given as the burn mask
    assert rows["g"]["case"] == "'=HYPERLINK(1)"    # stays text in a spreadsheet
    err = capsys.readouterr().err
    assert "line 2 (a): refused: Cannot open photo 'missing.png'" in err
    assert not (out / "a").exists()                 # a refused row leaves no folder


def test_a_second_run_skips_verified_rows_and_redoes_changed_ones(inputs, tmp_path):
    out = tmp_path / "out"
    m = manifest(inputs, [f"one,c1,{FIGURE}", "two,c2,figure.png,anterior,burn.png,labels.png,"
                                               "41,", "three,c3,figure.png,anterior,burn.png,"
                                                      "labels.png,42,"])
    assert batch_main([str(m), "--out", str(out)]) == 0
    first = (out / "one" / "assess.json").read_bytes()
    assert {r["status"] for r in _summary(out).values()} == {"done"}
    assert batch_main([str(m), "--out", str(out)]) == 0
    assert {r["status"] for r in _summary(out).values()} == {"skipped"}
    assert _summary(out)["one"]["tbsa_total_percent"] == "3.5"   # from the verified output
    assert (out / "one" / "assess.json").read_bytes() == first
    (out / "two" / "assess.json").write_text("{}")                # an output edited
    third = (out / "three" / "assess.json").read_bytes()
    (out / "three" / "row.json").unlink()                         # nothing vouches for it now
    assert batch_main([str(m), "--out", str(out)]) == 5
    statuses = {k: r["status"] for k, r in _summary(out).items()}
    assert statuses == {"one": "skipped", "two": "done", "three": "refused"}
    assert "not written by this batch" in _summary(out)["three"]["message"]
    assert (out / "three" / "assess.json").read_bytes() == third   # left as it was
    (out / "three" / "assess.json").unlink()
    assert batch_main([str(m), "--out", str(out)]) == 0
    m.write_text(m.read_text().replace(",42,", ",43,"))           # a manifest value changed
    with open(inputs / "burn.png", "ab") as fh:                    # an input changed
        fh.write(b"\0")
    assert batch_main([str(m), "--out", str(out)]) == 0
    assert {r["status"] for r in _summary(out).values()} == {"done"}


def test_a_crash_while_writing_leaves_the_row_undone(inputs, tmp_path, monkeypatch):
    out = tmp_path / "out"
    m = manifest(inputs, [f"one,c1,{FIGURE}"])
    assert batch_main([str(m), "--out", str(out)]) == 0
    m.write_text(m.read_text().replace(",40,", ",41,"))
    from burnmap.batch import folder as batch_folder
    from burnmap.casefile import outputs

    class FullDisk(outputs.StagedOutputs):
        def commit(self):
            raise OSError(28, "No space left on device")
    before = {p.name: p.read_bytes() for p in (out / "one").iterdir()}
    monkeypatch.setattr(batch_folder, "StagedOutputs", FullDisk)
    assert batch_main([str(m), "--out", str(out)]) == 5
    assert _summary(out)["one"]["status"] == "refused"
    assert {p.name: p.read_bytes() for p in (out / "one").iterdir()} == before   # no temp files
    monkeypatch.undo()
    assert batch_main([str(m), "--out", str(out)]) == 0
    assert _summary(out)["one"]["status"] == "done"


def test_a_broken_model_stops_the_batch_with_exit_4_and_a_summary(inputs, tmp_path):
    model = tmp_path / "model"
    model.mkdir()
    (model / "configuration.json").write_text("{}")
    (model / "pytorch_model.pt").write_bytes(b"not a checkpoint" * 64)
    out = tmp_path / "out"
    m = manifest(inputs, [f"a,c1,{ASTRONAUT}", f"b,c2,{ASTRONAUT}"])
    assert batch_main([str(m), "--out", str(out), "--model", str(model)]) == 4
    assert {r["status"] for r in _summary(out).values()} == {"not run"}


def test_run_row_is_a_plain_picklable_function(inputs, tmp_path):
    """What a dask worker receives and sends back."""
    row = read_manifest(manifest(inputs, [f"one,c1,{FIGURE}"]))[0]
    settings = BatchSettings(assessor="dr.batch")
    job = pickle.loads(pickle.dumps((run_row, row, settings)))
    (tmp_path / "out").mkdir()
    result = job[0](job[1], str(tmp_path / "out"), job[2])
    assert isinstance(pickle.loads(pickle.dumps(result)), RowResult)
    assert result.status == "done"
    assert result.result["tbsa_total_percent"] == 3.5
    assert json.loads((tmp_path / "out/one/assess.json").read_text())["assessor"] == "dr.batch"


def test_progress_is_one_line_per_row_in_a_log(inputs, tmp_path, capsys):
    m = manifest(inputs, [f"one,c1,{FIGURE}", f"two,c2,{FIGURE}"])
    assert batch_main([str(m), "--out", str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    assert "[1/2] one: done" in captured.err
    assert "[2/2] two: done" in captured.err
    assert "2 rows: 2 done, 0 skipped, 0 refused, 0 failed" in captured.out


def test_the_electrical_column_selects_4_ml_and_refuses_what_is_not_yes_or_no(inputs, tmp_path):
    out = tmp_path / "out"
    path = inputs / "electrical.csv"
    path.write_text("id,case,photo,view,burn,labels,age,weight,electrical\n"
                    "yes,c1,figure.png,anterior,burn.png,labels.png,40,70,YES\n"
                    "no,c2,figure.png,anterior,burn.png,labels.png,40,70,no\n"
                    "blank,c3,figure.png,anterior,burn.png,labels.png,40,70,\n"
                    "maybe,c4,figure.png,anterior,burn.png,labels.png,40,70,maybe\n")
    assert batch_main([str(path), "--out", str(out)]) == 5
    rows = _summary(out)
    assert {k: r["status"] for k, r in rows.items()} == {
        "yes": "done", "no": "done", "blank": "done", "maybe": "refused"}
    assert rows["maybe"]["message"] == "electrical 'maybe' is not yes or no"
    consensus = {k: json.loads((out / k / "assess.json").read_text())["fluids"]["formulas"][1]
                 for k in ("yes", "no", "blank")}
    # burned face 3.5 % TBSA, 70 kg: 4 x 70 x 3.5 = 980 mL with an electrical injury, else 490
    assert {k: c["total_24h_ml"] for k, c in consensus.items()} == {
        "yes": pytest.approx(980), "no": pytest.approx(490), "blank": pytest.approx(490)}


def test_a_changed_late_start_policy_redoes_the_rows(inputs, tmp_path, monkeypatch):
    """The policy is in the receipt's settings fingerprint: rows assessed under one policy are
    not skipped as verified under the other."""
    config = tmp_path / "config"
    config.mkdir()
    monkeypatch.setenv("BURNMAP_CONFIG_DIR", str(config))
    out = tmp_path / "out"
    m = manifest(inputs, ["one,c1,figure.png,anterior,burn.png,labels.png,40,"])
    for policy, status in (("catch_up", "done"), ("catch_up", "skipped"),
                           ("no_catch_up", "done")):
        (config / "settings.json").write_text(json.dumps({"late_start_policy": policy}))
        assert batch_main([str(m), "--out", str(out)]) == 0
        assert _summary(out)["one"]["status"] == status
        receipt = json.loads((out / "one" / "row.json").read_text())
        assert receipt["settings"]["late_start_policy"] == policy
