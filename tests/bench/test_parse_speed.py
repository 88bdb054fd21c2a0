"""bench/parse_speed.py's own arithmetic: medians over runs, the issue-26 goals, busy processes."""
from __future__ import annotations

from bench.parse_speed import STAGES, _goal, busy_processes, summarise


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
