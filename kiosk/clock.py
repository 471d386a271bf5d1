"""The kiosk's sense of "now": the wall clock, or a pinned instant that runs forward from there.

Tests use `Clock.frozen()` and move it with `advance()`, so nothing reads the wall clock.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo


class Clock:
    """`now()` in the kiosk's zone. Pinned clocks start at `start` and tick with real time."""

    def __init__(
        self, zone: ZoneInfo, start: datetime | None = None, running: bool = True
    ) -> None:
        self.zone = zone
        self._start = start
        self._running = running
        self._origin = time.monotonic()
        self._offset = timedelta()

    @classmethod
    def frozen(cls, zone: ZoneInfo, start: datetime) -> Clock:
        """A clock that moves only when told to (`advance`): for tests and screenshots."""
        return cls(zone, start, running=False)

    @property
    def pinned(self) -> bool:
        return self._start is not None

    def now(self) -> datetime:
        if self._start is None:
            base = datetime.now(UTC)
        else:
            elapsed = time.monotonic() - self._origin if self._running else 0.0
            base = self._start + timedelta(seconds=elapsed)
        return (base + self._offset).astimezone(self.zone)

    def advance(self, delta: timedelta) -> None:
        self._offset += delta

    def with_zone(self, zone: ZoneInfo) -> Clock:
        clock = Clock(zone, self._start, self._running)
        clock._origin, clock._offset = self._origin, self._offset
        return clock
