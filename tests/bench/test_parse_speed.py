"""bench/parse_speed.py's own arithmetic: medians over runs, the issue-26 goals, busy processes."""
from __future__ import annotations

import pytest

from bench.parse_speed import STAGES, _goal, busy_processes, main, merge_rounds, summarise


def _row(totals, load=0, size="1280x960"):
    runs = [{"total_s": t, "stages_s": {s: t / len(STAGES) for s in STAGES}} for t in totals]
    return summarise({"size": size, "load": load, "runs": runs, "peak_rss_mb": 900})


def test_summary_is_the_median_and_range_of_the_runs():
    row = _row([3.0, 1.0, 20.0])
    assert (row["total_s"], row["min_s"], row["max_s"]) == (3.0, 1.0, 20.0)
    assert row["stages_s"]["backbone"] == 3.0 / len(STAGES)


def test_goals_quiet_seconds_and_loaded_ratio():
    quiet = {"1280x960": 1.4}
    assert _goal(_row([1.4]), quiet).endswith("met")
    assert _goal(_row([1.6]), {"1280x960": 1.6}).endswith("MISSED")
    assert _goal(_row([3.5], load=2), quiet).endswith("met")          # 2.5x exactly
    assert _goal(_row([3.6], load=2), quiet).endswith("MISSED")
    assert _goal(_row([9.0], load=3), quiet) == ""                     # the goal is for N = 2


def test_busy_processes_spin_until_killed():
    procs = busy_processes(2)
    try:
        assert all(p.poll() is None for p in procs)
    finally:
        for p in procs:
            p.kill()
            p.wait()
    assert all(p.returncode is not None for p in procs)


def test_rounds_merge_their_runs_and_ratios_pair_round_by_round():
    # Round 2 ran on a machine twice as slow: each round's ratio is still 0.5, while the ratio
    # of the pooled medians would not be.
    a = [_row([1.0, 1.0, 1.0]), _row([2.0, 2.0, 2.0])]
    b = [_row([2.0, 2.0, 2.0]), _row([4.0, 4.0, 4.0])]
    for r in a:
        r["engine"] = "auto"
    for r in b:
        r["engine"] = "eager"
    rows = merge_rounds({("auto", "1280x960", 0): a, ("eager", "1280x960", 0): b}, "eager")
    auto, eager = rows
    assert auto["ratio_to_last"] == 0.5
    assert eager["ratio_to_last"] == 1.0
    assert len(auto["runs"]) == 6
    assert auto["round_totals_s"] == [1.0, 2.0]
    assert (auto["total_s"], auto["min_s"], auto["max_s"]) == (1.5, 1.0, 2.0)


@pytest.mark.parametrize(("argv", "says"), [(["--rounds", "0"], "--rounds"),
                                        (["--engine", "auto", "auto"], "each engine once")])
def test_bad_rounds_or_repeated_engines_are_refused_before_any_work(monkeypatch, argv, says):
    monkeypatch.setattr("sys.argv", ["parse_speed.py", "--quick", *argv])
    with pytest.raises(SystemExit) as stop:
        main()
    assert says in str(stop.value.code)
