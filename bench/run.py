"""Every benchmark figure of the kiosk in one table, each against its floor (issue 6).

Start-up, idle cost, browse latency, reload and the data path, measured side by side with a
bare Textual app doing the least the same job needs, in the same run, because the machine is
shared and its timings noisy: the ratio is the figure to read. Targets are printed and marked
met or missed; they are a benchmark's figures, not tests (CI never runs this).

    .venv/bin/python bench/run.py             # the full table, about 6 minutes (make bench)
    .venv/bin/python bench/run.py --quick     # smaller and shorter: a smoke run in a minute
    .venv/bin/python bench/run.py --profile   # then where the time goes (cProfile)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):  # run as `python bench/run.py`: make `bench` importable
    sys.path.insert(0, str(ROOT))

from bench import data_path, idle, startup  # noqa: E402
from bench.browse import measure_browse, measure_echo_floor  # noqa: E402
from bench.figures import NOW_TEXT, Figure, median, p95, profile_text  # noqa: E402
from bench.make_data import make_listings  # noqa: E402
from bench.reload import measure_reload  # noqa: E402
from kiosk.store import Store  # noqa: E402

SAMPLE = ROOT / "data" / "kiosk.json"
MIB = 1024 * 1024
IDLE_DWELL = 3
"""A shorter dwell for a second idle figure: many slide changes in the window."""


@dataclass(frozen=True)
class Plan:
    """How much to measure: the full run, or `--quick`."""

    runs: int
    big: int
    data_sizes: tuple[int, ...]
    idle_seconds: float
    warm_up: float
    details: int
    writes: int

    def label(self, count: int) -> str:
        return f"{count:,} meetings"


FULL = Plan(runs=5, big=20_000, data_sizes=data_path.SIZES, idle_seconds=30, warm_up=5,
            details=10, writes=5)
QUICK = Plan(runs=2, big=5_000, data_sizes=(1_000, 5_000), idle_seconds=5, warm_up=2,
             details=3, writes=1)


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:.1f} ms"


def ratio_figure(name: str, value: float, floor: float, show: Callable[[float], str],
                 limit: float | None = None) -> Figure:
    """A figure against its floor; with `limit`, the target is ratio ≤ limit."""
    ratio = value / floor
    return Figure(name, show(value), show(floor), ratio,
                  target=f"≤ {limit}× floor" if limit else "-",
                  met=None if limit is None else ratio <= limit)


def below(name: str, value: float, limit: float, floor: float | None = None,
          strict: bool = True) -> Figure:
    """A time with an absolute target (`value` < `limit`, or ≤ if not `strict`)."""
    met = value < limit if strict else value <= limit
    return Figure(name, ms(value) if limit < 1 else f"{value:.2f} s",
                  "-" if floor is None else ms(floor),
                  None if floor is None else value / floor,
                  target=f"{'<' if strict else '≤'} {ms(limit) if limit < 1 else f'{limit} s'}",
                  met=met)


# -- the five measurements ------------------------------------------------------------------


def startup_figures(sample: Path, big: Path, plan: Plan) -> list[Figure]:
    samples = startup.interleaved(
        {"floor": None, "sample": sample, "big": big, "big, first": big}, plan.runs,
        no_snapshot=("big, first",))
    floor = median(samples["floor"])
    note = f"median of {plan.runs}"
    return [
        ratio_figure(f"start-up, sample ({note})", median(samples["sample"]), floor, ms, 1.3),
        ratio_figure(f"start-up, {plan.label(plan.big)} ({note})", median(samples["big"]),
                     floor, ms, 2.0),
        ratio_figure(f"start-up, {plan.label(plan.big)}, no snapshot yet ({note})",
                     median(samples["big, first"]), floor, ms),
    ]


def idle_figures(sample: Path, fast_dwell: Path, plan: Plan) -> list[Figure]:
    """The kiosk on the sample's own dwell (12 s: the target), and on `IDLE_DWELL` (context:
    a slide change every few seconds), each against the clock floor."""
    window = f"{plan.idle_seconds:g} s after {plan.warm_up:g} s"
    floor = idle.measure(idle.floor_command(), plan.warm_up, plan.idle_seconds)
    figures = []
    for path, limit in ((sample, 1.5), (fast_dwell, None)):
        dwell = Store(path).load().settings.dwell_seconds
        kiosk = idle.measure(idle.kiosk_command(path, NOW_TEXT), plan.warm_up, plan.idle_seconds)
        if "Press any key" not in kiosk.screen:  # the loop's footer, on every slide
            raise RuntimeError(f"the kiosk did not show its loop in tmux:\n{kiosk.screen}")
        figures.append(ratio_figure(f"idle CPU s/min, sample, dwell {dwell} s ({window})",
                                    kiosk.cpu_per_minute, floor.cpu_per_minute,
                                    lambda v: f"{v:.2f} s", limit))
        if limit is not None:
            figures.append(ratio_figure("idle RSS, sample", kiosk.rss, floor.rss,
                                        lambda v: f"{v / MIB:.1f} MiB", 1.3))
    return figures


def browse_figures(big: Path, plan: Plan) -> list[Figure]:
    times = asyncio.run(measure_browse(big, plan.details))
    floor = asyncio.run(measure_echo_floor())
    size = plan.label(plan.big)
    return [
        below(f"search key → list, {size}, p95 of {len(times.keys)}", p95(times.keys), 0.050,
              p95(floor)),
        Figure(f"search key → list, {size}, median", ms(median(times.keys)), ms(median(floor)),
               median(times.keys) / median(floor)),
        below(f"filter → list, {size}, p95 of {len(times.filters)}", p95(times.filters), 0.050,
              p95(floor)),
        below(f"detail with QR, {size}, median of {len(times.details)}", median(times.details),
              0.030, median(floor)),
        Figure(f"detail with QR, {size}, p95", ms(p95(times.details)), ms(p95(floor)),
               p95(times.details) / p95(floor)),
    ]


def reload_figures(sample: Path, big: Path, plan: Plan) -> list[Figure]:
    figures = []
    for where, name, path in [(where, name, path) for where in ("loop", "browse")
                              for name, path in (("sample", sample), (plan.label(plan.big), big))]:
        copy = path.with_name(f"reload-{where}-{path.name}")  # the others measure the original
        shutil.copyfile(path, copy)
        title = f"reload write → {where}, {name}"
        figures += attempt(title, lambda copy=copy, where=where, title=title: [
            reload_figure(title, asyncio.run(measure_reload(copy, plan.writes, where)))])
    return figures


def reload_figure(title: str, seconds: list[float]) -> Figure:
    return below(f"{title}, worst of {len(seconds)} (median {median(seconds):.2f} s)",
                 max(seconds), 2.0, strict=False)


def attempt(title: str, measure: Callable[[], list[Figure]]) -> list[Figure]:
    """The figures, or one row saying why they could not be measured (the rest go on)."""
    try:
        return measure()
    except Exception as error:  # a broken measurement is a finding, not the end of the table
        print(f"{title}: {error!r}", file=sys.stderr)
        reason = str(error).splitlines()[0] if str(error) else ""
        return [Figure(f"{title}: FAILED: {type(error).__name__}: {reason}", "-", met=False)]


def data_path_figures(paths: dict[int, Path], plan: Plan) -> list[Figure]:
    """bench/data_path.py's figures: time and memory per size, and whether growth is linear."""
    figures: list[Figure] = []
    per_meeting: dict[int, tuple[float, float]] = {}
    for size, path in sorted(paths.items()):
        steps = data_path.time_steps(path, plan.runs)
        memory = data_path.memory_in_child(path)
        per_meeting[size] = (steps.load / size, memory.retained / size)
        label = plan.label(size)
        figures += [
            Figure(f"load + validate, {label}", ms(steps.load),
                   per_meeting=f"{steps.load / size * 1e6:.1f} µs"),
            Figure(f"Schedule + week, {label}", ms(steps.schedule + steps.week),
                   per_meeting=f"{(steps.schedule + steps.week) / size * 1e6:.1f} µs"),
            Figure(f"listings in memory, {label}", f"{memory.retained / MIB:.1f} MiB",
                   per_meeting=f"{memory.retained / 1024 / size:.2f} KiB"),
        ]
    figures += linear_figures(per_meeting)
    today, note = data_path.time_cli_today(paths[max(paths)], plan.runs)
    figures.append(Figure(f"kiosk today, {plan.label(max(paths))} ({note})",
                          "-" if today is None else ms(today)))
    return figures


def linear_figures(per_meeting: dict[int, tuple[float, float]]) -> list[Figure]:
    """Cost per meeting at the largest size over that at the smallest: ≤ 1.5 is linear."""
    small, large = min(per_meeting), max(per_meeting)
    rows = []
    for index, what in enumerate(("load time", "memory")):
        growth = per_meeting[large][index] / per_meeting[small][index]
        rows.append(Figure(f"{what} per meeting, {large:,} vs {small:,}", f"{growth:.2f}×",
                           target="≤ 1.5× (linear)", met=growth <= 1.5))
    return rows


# -- the table ------------------------------------------------------------------------------

COLUMNS = ("figure", "measured", "floor", "ratio", "per meeting", "target", "result")


def cells(figure: Figure) -> tuple[str, ...]:
    ratio = "-" if figure.ratio is None else f"{figure.ratio:.2f}×"
    return (figure.name, figure.value, figure.floor, ratio, figure.per_meeting, figure.target,
            figure.verdict)


def print_table(sections: Sequence[tuple[str, list[Figure]]]) -> None:
    """One Markdown table (it goes into bench/README.md as it is), a section per measurement."""
    rows = [COLUMNS] + [cells(f) for _title, figures in sections for f in figures]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]

    def line(row: Sequence[str]) -> str:
        return "| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |"

    print(line(COLUMNS))
    print(line(["-" * w for w in widths]))
    for title, figures in sections:
        print(line([f"**{title}**", *[""] * (len(COLUMNS) - 1)]))
        for figure in figures:
            print(line(cells(figure)))


# -- files and main -------------------------------------------------------------------------


@dataclass(frozen=True)
class Files:
    """The listings measured, all private copies in a temporary folder."""

    sample: Path
    fast_dwell: Path
    """The sample with `IDLE_DWELL` seconds per slide."""
    big: Path
    sizes: dict[int, Path]
    """The data path's sizes (the big file among them when its size is one)."""


def write_files(workdir: Path, plan: Plan) -> Files:
    sample = workdir / "kiosk.json"
    shutil.copyfile(SAMPLE, sample)
    listings = Store(sample).load()
    fast_dwell = workdir / "kiosk-fast-dwell.json"
    Store(fast_dwell).write_listings(
        replace(listings, settings=replace(listings.settings, dwell_seconds=IDLE_DWELL)))
    paths: dict[int, Path] = {}
    for size in sorted({plan.big, *plan.data_sizes}):
        paths[size] = workdir / f"meetings-{size}.json"
        Store(paths[size]).write_listings(make_listings(size))
    return Files(sample, fast_dwell, paths[plan.big],
                 {size: paths[size] for size in plan.data_sizes})


def profiles(sample: Path, big: Path) -> None:
    """Where the time goes in the figures that have missed targets."""
    print("\n## Profile: kiosk start-up on the big file (fresh process, imports included)\n")
    print(startup.profile_startup(big))
    print("\n## Profile: browse on the big file (one search, three details)\n")
    print(profile_text(lambda: asyncio.run(measure_browse(big, 3, ("palatine",)))))
    print("\n## Profile: Store.load of the big file\n")
    print(data_path.profile_load(big, 25))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="2 runs, 5,000 meetings, 5 s idle: a smoke run in about a minute")
    parser.add_argument("--runs", type=int, help="runs per start-up and data-path timing")
    parser.add_argument("--idle-seconds", type=float, help="idle window per app (default 30)")
    parser.add_argument("--profile", action="store_true", help="then profile (cProfile)")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    plan = replace(plan, runs=args.runs or plan.runs,
                   idle_seconds=args.idle_seconds or plan.idle_seconds)
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as workdir:
        os.environ["XDG_CACHE_HOME"] = str(Path(workdir) / "cache")  # snapshots: not the user's
        files = write_files(Path(workdir), plan)
        sample, big = files.sample, files.big
        sections = []
        for title, measure in (
            ("start-up (process start → first frame, headless 120x40)",
             lambda: startup_figures(sample, big, plan)),
            ("idle in a real terminal (tmux 120x40)",
             lambda: idle_figures(sample, files.fast_dwell, plan)),
            ("browse (headless 120x40; key → first frame with the new list)",
             lambda: browse_figures(big, plan)),
            ("reload (Store.add → the new meeting on screen, real 1 s tick)",
             lambda: reload_figures(sample, big, plan)),
            ("data path (bench/data_path.py)", lambda: data_path_figures(files.sizes, plan)),
        ):
            print(f"measuring {title}...", file=sys.stderr)
            sections.append((title, attempt(title, measure)))
        print_table(sections)
        if args.profile:
            profiles(sample, big)
    return 0


if __name__ == "__main__":
    sys.exit(main())
