"""Soak: a week of kiosk life in minutes, to see that nothing wears out over months.

The kiosk runs headless (Textual's Pilot) on a frozen clock the soak moves forward one step at
a time: every step is a tick (`KioskApp.tick`: the data poll, the clock, the day roll-over) and
a slide change, as the dwell timer would make it. Along the way the listings file is changed
`reloads` times through `Store` (as staff commands do) and each change must reach the screen
(the loop's footer line), a visitor browses now and then and is returned to the loop by the
idle timeout, and the days roll over, across a daylight saving change (by default the week of
2027-03-14, spring forward in America/Chicago).

`soak()` is the core, with parameters, so tests/test_soak.py runs a short one; run this file
(`make soak`) for the full week. It prints the resident memory at the start and the end, and
the slides shown, roll-overs and reloads.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psutil
from textual.widgets import Static

from kiosk.app import KioskApp
from kiosk.clock import Clock
from kiosk.screens.loop import LoopScreen
from kiosk.store import Store

SAMPLE = Path(__file__).resolve().parent.parent / "tests" / "data" / "sample.json"
CHICAGO = ZoneInfo("America/Chicago")
SPRING_FORWARD_WEEK = datetime(2027, 3, 10, 12, 0, tzinfo=CHICAGO)
"""A Wednesday noon: seven days from here cross 2027-03-14 02:00, when clocks skip an hour."""
RELOAD_MARK = "Soak reload"


@dataclass
class SoakResult:
    """What a soak saw; `bench/soak.py` prints it and tests/test_soak.py checks it."""

    rss_start: int = 0
    rss_end: int = 0
    slides_shown: int = 0
    rollovers: int = 0
    reloads_written: int = 0
    reloads_seen: int = 0
    visits: int = 0
    returned_to_loop: int = 0
    days: list[date] = field(default_factory=list)
    rss_by_day: list[int] = field(default_factory=list)
    """Resident memory at each roll-over: growth that levels off is caches filling, growth
    that goes on every day is a leak."""
    utc_offsets: set[timedelta] = field(default_factory=set)
    still_running: bool = False
    after_reloads: list[int] = field(default_factory=list)
    after_visits: list[int] = field(default_factory=list)
    """`soak(measure=...)`'s reading after each reload and each visit: a slope that goes on
    is memory kept per reload or per visit (tests/test_soak.py)."""

    def report(self) -> str:
        mib = 1024 * 1024
        offsets = ", ".join(sorted(f"{o.total_seconds() / 3600:+.0f} h" for o in self.utc_offsets))
        return "\n".join((
            f"days simulated:  {len(self.days) - 1} ({self.days[0]} to {self.days[-1]}), "
            f"UTC offsets seen: {offsets}",
            f"RSS at start:    {self.rss_start / mib:.1f} MiB",
            f"RSS at end:      {self.rss_end / mib:.1f} MiB "
            f"({(self.rss_end - self.rss_start) / mib:+.1f} MiB)",
            "RSS each midnight: " + ", ".join(f"{rss / mib:.1f}" for rss in self.rss_by_day)
            + " MiB",
            f"slides shown:    {self.slides_shown}",
            f"day roll-overs:  {self.rollovers}",
            f"reloads:         {self.reloads_written} written through Store, "
            f"{self.reloads_seen} seen on screen",
            f"visitors:        {self.visits} browsed, {self.returned_to_loop} returned to the "
            "loop by the idle timeout",
            f"still running:   {self.still_running}",
        ))


def footer_line(app: KioskApp) -> str:
    """The loop's footer line (settings.footer_text), as the screen shows it."""
    return str(app.loop_screen.query_one("#crisis-line", Static).content)


async def soak(
    path: Path,
    *,
    days: float = 7,
    start: datetime = SPRING_FORWARD_WEEK,
    step: timedelta = timedelta(minutes=1),
    reloads: int = 100,
    visit_every: int = 180,
    size: tuple[int, int] = (100, 30),
    measure: Callable[[], int] | None = None,
) -> SoakResult:
    """Run the kiosk on the listings at `path` (changed in place) for `days` simulated days.

    Each `step` of simulated time is one tick and one slide change; `reloads` changes are
    spread evenly over the run, and a visitor presses a key every `visit_every` steps.
    `measure` (e.g. bytes allocated and still alive) is read after each reload and visit.
    """
    process = psutil.Process()
    result = SoakResult(rss_start=process.memory_info().rss)
    store = Store(path)
    clock = Clock.frozen(CHICAGO, start)
    app = KioskApp(store, clock)
    steps = int(timedelta(days=days) / step)
    reload_every = max(1, steps // (reloads + 1)) if reloads else 0
    async with app.run_test(size=size) as pilot:
        assert app.tick_timer is not None
        app.tick_timer.pause()  # the soak is the clock
        loop = app.loop_screen
        assert loop.slide_timer is not None
        loop.slide_timer.pause()
        result.days.append(app.today)
        for number in range(1, steps + 1):
            clock.advance(step)
            await app.tick()
            if app.today != result.days[-1]:
                result.rollovers += 1
                result.days.append(app.today)
                result.rss_by_day.append(process.memory_info().rss)
            result.utc_offsets.add(app.now().utcoffset() or timedelta())
            if isinstance(app.screen, LoopScreen):
                before = loop.switcher.current
                loop.action_next_slide()
                result.slides_shown += loop.switcher.current != before
            if reload_every and number % reload_every == 0 and result.reloads_written < reloads:
                result.reloads_written += 1
                text = f"{RELOAD_MARK} {result.reloads_written}"
                store.update_settings(footer_text=text)
                await app.tick()  # the poll notices the new file and reads it in a worker
                await app.workers.wait_for_complete()
                await pilot.pause()
                result.reloads_seen += footer_line(app) == text
                if measure:
                    result.after_reloads.append(measure())
            if visit_every and number % visit_every == 0:
                result.visits += 1
                await pilot.press("space", "down", "enter")
                for _second in range(app.listings.settings.idle_timeout_seconds):
                    await app.tick()
                await pilot.pause()
                result.returned_to_loop += isinstance(app.screen, LoopScreen)
                if measure:
                    result.after_visits.append(measure())
            if number % 60 == 0:
                await pilot.pause()
        await pilot.pause()
        result.still_running = app.is_running and app.return_code is None
    result.rss_end = process.memory_info().rss
    return result


FLOOR_PROBE = """
import asyncio, psutil
from bench.floor import ClockApp
async def main():
    async with ClockApp().run_test(size=(120, 40)):
        await asyncio.sleep(5)
        print(psutil.Process().memory_info().rss)
asyncio.run(main())
"""
"""The floor: a bare Textual clock app run as the soak runs the kiosk (headless, by Pilot)."""


def floor_rss() -> int:
    """The floor's resident memory, in a fresh process of this Python."""
    done = subprocess.run([sys.executable, "-c", FLOOR_PROBE], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).resolve().parent.parent)
    return int(done.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=float, default=7)
    parser.add_argument("--reloads", type=int, default=100)
    parser.add_argument("--start", type=datetime.fromisoformat, default=None,
                        help="a Chicago wall-clock start, e.g. 2026-10-28T12:00 (fall back)")
    args = parser.parse_args()
    start = args.start.replace(tzinfo=CHICAGO) if args.start else SPRING_FORWARD_WEEK
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kiosk.json"
        shutil.copyfile(SAMPLE, path)
        result = asyncio.run(soak(path, days=args.days, reloads=args.reloads, start=start))
    print(result.report())
    floor, mib = floor_rss(), 1024 * 1024
    print(f"floor:           {floor / mib:.1f} MiB (a bare Textual clock app, headless as here); "
          f"at the end {result.rss_end / floor:.2f}x, growth from the first midnight "
          f"{(result.rss_end - result.rss_by_day[0]) / mib:+.1f} MiB")


if __name__ == "__main__":
    main()
