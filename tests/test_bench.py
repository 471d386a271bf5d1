"""The benchmark code still works (bench/run.py is not run in CI): its pieces at tiny size.

Nothing here asserts on a timing: only that a measurement happened (a positive time) and that
it measured the right thing (the rows the list showed, the table's shape).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench import startup
from bench.browse import measure_browse, measure_echo_floor
from bench.figures import Figure, p95
from bench.run import linear_figures, print_table
from kiosk import snapshot


def test_startup_runs_the_floor_and_the_kiosk_in_fresh_processes(
    sample_path: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.json"
    shutil.copyfile(sample_path, other)
    samples = startup.interleaved({"floor": None, "sample": sample_path, "first": other},
                                  runs=1, no_snapshot=("first",))
    assert [len(s) for s in samples.values()] == [1, 1, 1]
    assert all(s[0] > 0 for s in samples.values())
    # the kiosk kept the sample's snapshot (in this test's cache folder); never the other's
    assert snapshot.path_for(sample_path).exists()
    assert not snapshot.path_for(other).exists()


async def test_browse_latency_times_each_key_and_checks_the_list(sample_path: Path) -> None:
    times = await measure_browse(sample_path, detail_count=1, searches=("quiet",))
    assert len(times.keys) == 2 * len("quiet")  # typed, then erased
    assert len(times.filters) == 4 and len(times.details) == 1
    assert all(t > 0 for t in times.keys + times.filters + times.details)
    # What the list showed: the whole week, the Quiet Room meetings, the filters' rows.
    assert times.row_counts[""] == 22
    assert times.row_counts["quiet"] == 3
    assert times.row_counts["#filter-program=refuge-recovery"] < times.row_counts[""]
    assert times.row_counts["#filter-program="] == 22


async def test_the_key_floor_echoes_every_key() -> None:
    seconds = await measure_echo_floor(("ab",))
    assert len(seconds) == 4 and all(s > 0 for s in seconds)


def test_p95_is_a_sample_near_the_top() -> None:
    samples = [float(n) for n in range(1, 21)]
    assert p95(samples) == 19.0
    assert p95([3.0]) == 3.0


def test_one_table_with_targets_marked(capsys: pytest.CaptureFixture[str]) -> None:
    figures = linear_figures({1_000: (2e-6, 1000.0), 20_000: (4e-6, 1000.0)})
    assert [f.met for f in figures] == [False, True]  # time per meeting doubled; memory flat
    print_table([("data path", [Figure("load", "1.0 ms", per_meeting="1.0 µs"), *figures])])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("| figure") and "result" in lines[0]
    assert "MISSED" in lines[-2] and lines[-1].rstrip(" |").endswith("met")
