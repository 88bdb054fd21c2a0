"""bench/common.py, the benchmarks' shared table, JSON file and child process: what is printed and
written, for real (no mocks)."""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from bench.common import RESULTS, add_json_out, print_table, run_child, write_json


def test_print_table_is_markdown_with_one_format_for_numbers(capsys):
    print_table("Title", ["name", "seconds", "count", "limit"],
                [["first", 1.23456, 3, None], ["second | b", np.float64(12.5), np.int64(10), 2.0]],
                digits=[None, 2, None, 0])
    lines = capsys.readouterr().out.split("\n")
    assert lines[:2] == ["Title", ""]
    assert lines[2:6] == ["| name        | seconds | count | limit |",
                          "|-------------|--------:|------:|------:|",
                          "| first       |    1.23 |     3 |       |",
                          "| second \\| b |   12.50 |    10 |     2 |"]
    assert lines[6:] == ["", ""]     # a blank line after the table


def test_print_table_one_digits_for_all_columns_and_text_left_aligned(capsys):
    print_table("T", ["what", "value"], [["a", 0.5], ["b", "n/a"]], digits=3)
    out = capsys.readouterr().out.splitlines()
    assert out[2:] == ["| what | value |", "|------|-------|", "| a    | 0.500 |",
                       "| b    | n/a   |", ""]


def test_print_table_refuses_ragged_rows():
    with pytest.raises(ValueError, match="2 cells under 3 headers"):
        print_table("T", ["a", "b", "c"], [[1, 2]])
    with pytest.raises(ValueError, match="2 digits for 3 columns"):
        print_table("T", ["a", "b", "c"], [[1, 2, 3]], digits=[1, 2])


def test_write_json_makes_the_folder_adds_the_context_and_says_where(tmp_path, capsys):
    path = tmp_path / "results" / "deeper" / "demo.json"
    payload = {"results": {"op": {"median_ms": 1.5}}, "cpus": 7}
    torch_loaded = "torch" in sys.modules
    assert write_json(path, "demo", payload) == path
    assert capsys.readouterr().out == f"written {path}\n"
    data = json.loads(path.read_text())
    assert list(data) == ["benchmark", "context", "results", "cpus"]
    assert data["benchmark"] == "demo"
    assert data["results"] == payload["results"]
    assert data["cpus"] == 7
    context = data["context"]
    assert set(context) == {"utc", "python", "torch", "cpus", "platform", "commit"}
    assert datetime.fromisoformat(context["utc"]).utcoffset().total_seconds() == 0
    assert context["python"] == ".".join(map(str, sys.version_info[:3]))
    assert isinstance(context["cpus"], int)
    assert context["platform"]
    assert context["torch"] is None or context["torch"][0].isdigit()
    assert ("torch" in sys.modules) == torch_loaded     # the version is read without importing it
    head = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True,
                          cwd=Path(__file__).parent).stdout.strip()
    assert context["commit"] == (head or None)


def test_write_json_keeps_its_own_keys(tmp_path):
    for key in ("benchmark", "context"):
        with pytest.raises(ValueError, match=key):
            write_json(tmp_path / "x.json", "demo", {key: 1})
    assert not (tmp_path / "x.json").exists()


def test_add_json_out_defaults_to_the_results_folder(tmp_path):
    parser = argparse.ArgumentParser()
    add_json_out(parser, "demo")
    assert parser.parse_args([]).json_out == RESULTS / "demo.json"
    assert parser.parse_args(["--json-out", str(tmp_path / "a.json")]).json_out == \
        tmp_path / "a.json"


def test_run_child_returns_the_last_json_line_and_reports_failures(tmp_path):
    script = tmp_path / "child.py"
    script.write_text("import json, sys\nprint('noise')\n"
                      "if sys.argv[1] == 'fail':\n    sys.exit('went wrong')\n"
                      "print(json.dumps({'args': sys.argv[1:]}))\n")
    assert run_child(script, "ok", 3) == {"args": ["ok", "3"]}
    with pytest.raises(SystemExit, match="went wrong"):
        run_child(script, "fail")
