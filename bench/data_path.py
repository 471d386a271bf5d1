"""How the data path grows with the listings: load, memory, schedule queries and `kiosk today`.

For 1,000, 20,000 and 100,000 generated meetings (bench/make_data.py) it times `Store.load`
(read, parse, validate), the same load reusing the last load's `RecordChecks` (what a reload of
a file with one record changed costs, but for that record: read, parse, and the rules across
records), `Schedule(...)`, `Schedule.today(now)` and `Schedule.week(day)`, each
the median of several runs, and divides by the number of meetings: a per-meeting cost that stays
flat means linear growth. Memory is measured in a fresh child process per size, so one size's
freed memory does not hide the next one's: tracemalloc's peak and what stays allocated, and the
growth of the resident set (psutil). `--profile` prints where the time of the largest load goes.

    .venv/bin/python bench/data_path.py                 # the full table, about a minute
    .venv/bin/python bench/data_path.py --sizes 1000 20000 --runs 3 --profile
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import importlib.util
import io
import json
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):  # run as `python bench/data_path.py`: make `bench` importable
    sys.path.insert(0, str(ROOT))

from bench.make_data import make_listings  # noqa: E402
from kiosk.schedule import Schedule, parse_instant  # noqa: E402
from kiosk.store import Store  # noqa: E402
from kiosk.validate import RecordChecks  # noqa: E402

SIZES = (1_000, 20_000, 100_000)
CLI_SIZE = 20_000
NOW = "2026-11-24T18:55:00"  # a Tuesday evening, wall-clock time in the kiosk's zone
WEEK_START = date(2026, 11, 22)  # the Sunday that starts that week
MIB = 1024 * 1024


@dataclass(frozen=True)
class Timings:
    """Median seconds of each step for one listings size."""

    load: float
    reload: float
    """`load` reusing the last load's per-record checks (every record unchanged)."""
    schedule: float
    today: float
    week: float


@dataclass(frozen=True)
class Memory:
    """Bytes: tracemalloc's peak and retained during one load, and the resident-set growth."""

    peak: int
    retained: int
    rss_delta: int


def median_seconds(work: Callable[[], object], runs: int) -> float:
    """Median wall time of `runs` calls, collecting garbage first so runs start alike."""
    samples = []
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def time_steps(path: Path, runs: int) -> Timings:
    store = Store(path)
    listings = store.load()
    if listings.errors:
        raise SystemExit(f"{path}: the generated listings have errors: {listings.errors[:3]}")
    schedule = Schedule(listings)
    now = parse_instant(NOW, schedule.zone)
    # As in the kiosk, what stays alive between loads is frozen (`keep_out_of_full_collections`):
    # left in the oldest generation, every full collection during a load would walk it again,
    # and a load would cost more per meeting the more meetings are loaded already.
    gc.freeze()
    try:
        load = median_seconds(store.load, runs)
        checks = RecordChecks()
        store.load(None, checks)
        reload = median_seconds(lambda: store.load(None, RecordChecks(checks)), runs)
        return Timings(
            load=load,
            reload=reload,
            schedule=median_seconds(lambda: Schedule(listings), runs),
            today=median_seconds(lambda: schedule.today(now), runs),
            week=median_seconds(lambda: schedule.week(WEEK_START), runs),
        )
    finally:
        gc.unfreeze()


def probe_memory(path: Path) -> Memory:
    """One load for the resident set, then one under tracemalloc (it costs memory itself)."""
    process = psutil.Process()
    gc.collect()
    rss_before = process.memory_info().rss
    listings = Store(path).load()
    rss_delta = process.memory_info().rss - rss_before
    del listings
    gc.collect()
    tracemalloc.start()
    _held = Store(path).load()  # alive while measuring, so "retained" is what listings keep
    retained, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return Memory(peak=peak, retained=retained, rss_delta=rss_delta)


def memory_in_child(path: Path) -> Memory:
    output = subprocess.run(
        [sys.executable, "-m", "bench.data_path", "--memory-probe", str(path)],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    return Memory(**json.loads(output))


def time_cli_today(path: Path, runs: int) -> tuple[float | None, str]:
    """`kiosk today` in-process (its whole work, output discarded), if the CLI exists yet."""
    if importlib.util.find_spec("kiosk.cli") is None:
        return None, "skipped: kiosk/cli/ does not exist yet"
    from kiosk.cli import main

    def run() -> None:
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                code = main(["--db", str(path), "--now", NOW, "today"])
            except SystemExit as exit_:
                code = exit_.code
        if code not in (0, None):
            raise RuntimeError(f"kiosk today exited with {code}")

    try:
        return median_seconds(run, runs), f"median of {runs}"
    except Exception as error:  # report rather than lose the rest of the table
        return None, f"skipped: kiosk today failed: {error!r}"


def profile_load(path: Path, top: int) -> str:
    profiler = cProfile.Profile()
    profiler.runcall(Store(path).load)
    report = io.StringIO()
    stats = pstats.Stats(profiler, stream=report).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return report.getvalue()


def per_meeting_us(seconds: float, meetings: int) -> str:
    return f"{seconds / meetings * 1e6:8.2f}"


def print_tables(rows: list[tuple[int, float, Timings, Memory]], runs: int) -> None:
    print(f"\nTime (median of {runs} runs), now = {NOW}, week from {WEEK_START}")
    print(f"{'meetings':>9} | {'load ms':>9} {'µs/mtg':>8} | {'reload ms':>9} {'µs/mtg':>8} |"
          f" {'Schedule ms':>11} {'µs/mtg':>8} |"
          f" {'today ms':>9} {'µs/mtg':>8} | {'week ms':>9} {'µs/mtg':>8}")
    for size, _, t, _ in rows:
        print(f"{size:>9,} | {t.load * 1e3:9.1f} {per_meeting_us(t.load, size)} |"
              f" {t.reload * 1e3:9.1f} {per_meeting_us(t.reload, size)} |"
              f" {t.schedule * 1e3:11.1f} {per_meeting_us(t.schedule, size)} |"
              f" {t.today * 1e3:9.2f} {per_meeting_us(t.today, size)} |"
              f" {t.week * 1e3:9.1f} {per_meeting_us(t.week, size)}")
    print("\nMemory of one load (child process per size)")
    print(f"{'meetings':>9} | {'file MB':>8} | {'tracemalloc peak MiB':>20} {'KiB/mtg':>8} |"
          f" {'retained MiB':>12} {'KiB/mtg':>8} | {'RSS Δ MiB':>9} {'KiB/mtg':>8}")
    for size, file_mb, _, m in rows:
        print(f"{size:>9,} | {file_mb:8.1f} | {m.peak / MIB:20.1f} {m.peak / 1024 / size:8.2f} |"
              f" {m.retained / MIB:12.1f} {m.retained / 1024 / size:8.2f} |"
              f" {m.rss_delta / MIB:9.1f} {m.rss_delta / 1024 / size:8.2f}")
    if len(rows) > 1:
        (small, _, first, _), (large, _, last, _) = rows[0], rows[-1]
        growth = (last.load / large) / (first.load / small)
        print(f"\nload cost per meeting at {large:,} is {growth:.2f}× that at {small:,} "
              "(1.0 = linear)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--runs", type=int, default=5, help="runs per timing (median)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", action="store_true", help="profile the largest load")
    parser.add_argument("--top", type=int, default=25, help="profile lines to print")
    parser.add_argument("--memory-probe", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_probe:
        print(json.dumps(probe_memory(args.memory_probe).__dict__))
        return 0

    rows: list[tuple[int, float, Timings, Memory]] = []
    paths: dict[int, Path] = {}
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as workdir:
        for size in sorted(set(args.sizes) | {CLI_SIZE}):
            paths[size] = Path(workdir) / f"meetings-{size}.json"
            Store(paths[size]).write_listings(make_listings(size, args.seed))
        for size in sorted(args.sizes):
            print(f"measuring {size:,} meetings...", file=sys.stderr)
            file_mb = paths[size].stat().st_size / 1e6
            rows.append((size, file_mb, time_steps(paths[size], args.runs),
                         memory_in_child(paths[size])))
        cli_seconds, cli_note = time_cli_today(paths[CLI_SIZE], args.runs)
        print_tables(rows, args.runs)
        cli_time = "-" if cli_seconds is None else f"{cli_seconds * 1e3:.1f} ms"
        print(f"\nkiosk today on {CLI_SIZE:,} meetings: {cli_time} ({cli_note})")
        if args.profile:
            largest = max(args.sizes)
            print(f"\nProfile of Store.load at {largest:,} meetings")
            print(profile_load(paths[largest], args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
