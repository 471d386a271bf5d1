"""What every benchmark shares: the pinned moment, small statistics and the rows of the table."""

from __future__ import annotations

import cProfile
import io
import pstats
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from kiosk.clock import Clock

ZONE = ZoneInfo("America/Chicago")
NOW = datetime(2026, 11, 24, 18, 55, tzinfo=ZONE)
"""A Tuesday evening: the sample's Today slide has meetings in progress and starting soon."""
NOW_TEXT = "2026-11-24T18:55"
"""The same moment for `kiosk --now`."""


def pinned_clock(running: bool = True) -> Clock:
    """The kiosk's clock at `NOW`: running forward as with `--now`, or frozen."""
    return Clock(ZONE, NOW, running=running)


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def p95(samples: Sequence[float]) -> float:
    """The 95th percentile (nearest rank), so one slow sample in 30 counts."""
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def profile_text(work: Callable[[], object], top: int = 30) -> str:
    """cProfile of one call of `work`: the top functions by cumulative time, then by own time."""
    profiler = cProfile.Profile()
    profiler.runcall(work)
    report = io.StringIO()
    stats = pstats.Stats(profiler, stream=report).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top // 2)
    return report.getvalue()


@dataclass(frozen=True)
class Figure:
    """One row of the table: a measurement, its floor (if any), and its target."""

    name: str
    value: str
    floor: str = "-"
    ratio: float | None = None
    per_meeting: str = "-"
    target: str = "-"
    met: bool | None = None
    """None: no target (context only)."""

    @property
    def verdict(self) -> str:
        return {None: "-", True: "met", False: "MISSED"}[self.met]
