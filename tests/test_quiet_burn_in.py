"""Quiet hours (the calm slide with the next day's first meeting) and the burn-in shift."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk.display import BURN_IN_POSITIONS, burn_in_position
from kiosk.model import Listings
from kiosk.schedule import Schedule, quiet_hours_end
from kiosk.screens.browse import BrowseScreen
from kiosk.screens.loop import QUIET_SLIDE_ID, TODAY_SLIDE_ID, LoopScreen
from kiosk.store import Store
from tests.app_helpers import CHICAGO, TUESDAY_EVENING, change_settings, make_app, screen_text

TUESDAY_LATE = datetime(2026, 11, 24, 21, 59, tzinfo=CHICAGO)


@pytest.mark.parametrize(("now", "start", "end", "expected"), [
    (datetime(2026, 11, 24, 23, 0), "22:00", "07:00", datetime(2026, 11, 25, 7, 0)),
    (datetime(2026, 11, 25, 3, 0), "22:00", "07:00", datetime(2026, 11, 25, 7, 0)),
    (datetime(2026, 11, 24, 22, 0), "22:00", "07:00", datetime(2026, 11, 25, 7, 0)),
    (datetime(2026, 11, 25, 7, 0), "22:00", "07:00", None),
    (datetime(2026, 11, 24, 21, 59), "22:00", "07:00", None),
    (datetime(2026, 11, 24, 13, 0), "12:30", "14:00", datetime(2026, 11, 24, 14, 0)),
    (datetime(2026, 11, 24, 15, 0), "12:30", "14:00", None),
    (datetime(2026, 11, 24, 23, 0), None, None, None),
    # Spring forward: the night of 2027-03-13/14 is an hour shorter, the end is still 07:00.
    (datetime(2027, 3, 14, 1, 30), "22:00", "07:00", datetime(2027, 3, 14, 7, 0)),
])
def test_quiet_hours_end(
    now: datetime, start: str | None, end: str | None, expected: datetime | None
) -> None:
    found = quiet_hours_end(now.replace(tzinfo=CHICAGO), start, end, CHICAGO)
    assert found == (expected.replace(tzinfo=CHICAGO) if expected else None)
    if found is not None:
        assert found.utcoffset() == found.replace(tzinfo=CHICAGO).utcoffset()


def test_first_meeting_after_quiet_hours(sample_path: Path) -> None:
    schedule = Schedule(Store(sample_path).load(), CHICAGO)
    first = schedule.first_from(datetime(2026, 11, 25, 7, 0, tzinfo=CHICAGO))
    assert first is not None
    assert (first.name, first.start.hour, first.start.minute) == (
        "SMART Recovery Early Start", 7, 30)
    later = schedule.first_from(datetime(2026, 11, 25, 7, 31, tzinfo=CHICAGO))
    assert later is not None and later.start > first.start
    assert Schedule(Listings(), CHICAGO).first_from(first.start) is None


async def test_quiet_hours_show_the_calm_slide_until_they_end(sample_path: Path) -> None:
    change_settings(sample_path, quiet_hours_start="22:00", quiet_hours_end="07:00")
    app, clock = make_app(sample_path, start=TUESDAY_LATE)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.tick_timer is not None
        app.tick_timer.pause()
        loop = app.loop_screen
        assert loop.switcher.current == TODAY_SLIDE_ID
        clock.advance(timedelta(minutes=1))
        await app.tick()
        await pilot.pause()
        assert loop.switcher.current == QUIET_SLIDE_ID
        text = screen_text(app)
        assert "See you tomorrow" in text
        assert "Tomorrow, 7:30 AM" in text and "SMART Recovery Early Start" in text
        loop.action_next_slide()  # the dwell timer: the calm slide stays
        assert loop.switcher.current == QUIET_SLIDE_ID

        await pilot.press("space")  # a visitor can still browse
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        await app.return_to_loop()
        await pilot.pause()
        assert loop.switcher.current == QUIET_SLIDE_ID

        clock.advance(timedelta(hours=3))  # after midnight: the same meeting, now "Today"
        await app.tick()
        await pilot.pause()
        assert "Today, 7:30 AM" in screen_text(app)

        clock.advance(timedelta(hours=6))  # 07:00 Wednesday
        await app.tick()
        await pilot.pause()
        assert isinstance(app.screen, LoopScreen)
        assert loop.switcher.current == TODAY_SLIDE_ID
        assert "See you tomorrow" not in screen_text(app)
        loop.action_next_slide()
        assert loop.switcher.current != TODAY_SLIDE_ID  # cycling again


def test_burn_in_position_is_a_function_of_the_time() -> None:
    assert burn_in_position(TUESDAY_EVENING, 0) is None
    positions = [burn_in_position(TUESDAY_EVENING + timedelta(minutes=10 * n), 10)
                 for n in range(BURN_IN_POSITIONS + 1)]
    assert sorted(set(positions)) == list(range(BURN_IN_POSITIONS))  # every corner in turn
    assert positions[0] == positions[-1]
    assert burn_in_position(TUESDAY_EVENING + timedelta(minutes=9), 10) in (
        positions[0], positions[1])


async def test_burn_in_shift_moves_the_whole_picture(sample_path: Path) -> None:
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        header = app.screen.query_one("#header")
        assert (header.region.x, header.region.y, header.region.width) == (0, 0, 100)
        unshifted = screen_text(app)

    change_settings(sample_path, burn_in_shift_minutes=10)
    app, clock = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.tick_timer is not None
        app.tick_timer.pause()
        corners = set()
        for _step in range(BURN_IN_POSITIONS):
            await pilot.pause()
            header = app.screen.query_one("#header")
            assert header.region.width == 99  # one column is given up, never cut off
            corners.add((header.region.x, header.region.y))
            clock.advance(timedelta(minutes=10))
            await app.tick()
        assert corners == {(0, 0), (1, 0), (1, 1), (0, 1)}
        assert screen_text(app) != unshifted
