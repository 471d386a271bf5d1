"""The attract loop: slides in turn, Today's statuses following the clock, the header clock,
midnight, and leaving the loop with a key or a tap."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import ContentSwitcher, Static

from kiosk.model import Meeting
from kiosk.screens.browse import BrowseScreen
from kiosk.screens.loop import LoopScreen
from kiosk.store import Store
from kiosk.widgets.slides import TodaySlide
from tests.app_helpers import (
    CHICAGO,
    change_settings,
    make_app,
    screen_text,
    static_text,
)

SLIDE_TITLES = {
    "slide-today": "Today's meetings",
    "slide-page-peer-support": "What is peer support?",
    "slide-program-smart-recovery": "SMART Recovery",
    "slide-program-smart-family-friends": "SMART Family & Friends",
    "slide-program-refuge-recovery": "Refuge Recovery",
    "slide-program-grief-group": "Grief Group",
}


async def test_the_loop_shows_every_slide_in_turn_and_wraps(sample_path: Path) -> None:
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        loop = app.screen
        assert isinstance(loop, LoopScreen)
        await pilot.pause()  # the first frame has only the first slide; the rest follow it
        assert loop.slide_ids == list(SLIDE_TITLES)
        seen = []
        for _slide in range(len(SLIDE_TITLES) + 1):
            await pilot.pause()
            current = loop.query_one(ContentSwitcher).current
            assert current is not None
            assert SLIDE_TITLES[current] in screen_text(app)
            seen.append(current)
            loop.action_next_slide()
        assert seen == [*SLIDE_TITLES, "slide-today"]


async def test_the_dwell_timer_advances_the_slides(sample_path: Path) -> None:
    change_settings(sample_path, dwell_seconds=1)
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        switcher = app.screen.query_one(ContentSwitcher)
        assert switcher.current == "slide-today"
        await pilot.pause(1.3)
        assert switcher.current == "slide-page-peer-support"


async def test_a_program_slide_says_when_it_next_meets(sample_path: Path) -> None:
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        app.loop_screen.show_slide("slide-program-grief-group")
        await pilot.pause()
        text = screen_text(app)
        assert "Support after losing someone to substance use." in text
        assert "Next meeting: Tomorrow, 7:00 PM–8:30 PM" in text
        assert "Grief Group Wednesday" in text


async def test_today_statuses_follow_the_clock(sample_path: Path) -> None:
    """Refuge Tuesday (7:15–8:30 PM): starting soon, counting down, in progress, ended."""
    app, clock = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Refuge Recovery Tuesday" in static_text(app, "#today-soon")
        assert "starts in 20 min" in static_text(app, "#today-soon")
        assert "Refuge Recovery Tuesday" not in static_text(app, "#today-now")

        clock.advance(timedelta(minutes=11))  # 19:06
        await app.tick()
        await pilot.pause()
        assert "starts in 9 min" in static_text(app, "#today-soon")

        clock.advance(timedelta(minutes=9))  # 19:15
        await app.tick()
        await pilot.pause()
        assert "Refuge Recovery Tuesday" in static_text(app, "#today-now")
        assert not app.screen.query_one("#today-soon", Static).display

        clock.advance(timedelta(minutes=76))  # 20:31
        await app.tick()
        await pilot.pause()
        earlier = static_text(app, "#today-earlier")
        assert "Refuge Recovery Tuesday" in earlier
        assert "Ended  Refuge Recovery Tuesday" in earlier
        assert "Refuge Recovery Tuesday" not in static_text(app, "#today-now")


async def test_a_cancelled_meeting_says_cancelled(sample_path: Path) -> None:
    Store(sample_path).update(
        Meeting, "smart-ff-tue-online", lambda m: replace(m, cancelled=("2026-11-24",))
    )
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        later = static_text(app, "#today-later")
        assert "8:00 PM–9:00 PM  Cancelled" in later
        assert "SMART Family & Friends Tuesday" in later


async def test_when_nothing_more_is_on_today_the_slide_says_what_is_next(
    sample_path: Path,
) -> None:
    app, _clock = make_app(sample_path, start=datetime(2026, 11, 24, 22, 0, tzinfo=CHICAGO))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert static_text(app, "#today-idle") == "Nothing is on right now."
        coming = static_text(app, "#today-next")
        assert coming.startswith("Tomorrow, 7:30 AM–8:30 AM")
        assert "SMART Recovery Early Start" in coming
        assert not app.screen.query_one("#today-later", Static).display


async def test_the_header_clock_redraws_only_when_the_minute_changes(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        clock_static = app.screen.query_one("#header-time", Static)
        shown: list[str] = []
        original_update = clock_static.update
        monkeypatch.setattr(
            clock_static, "update", lambda c: (shown.append(str(c)), original_update(c))
        )
        for _second in range(30):
            clock.advance(timedelta(seconds=1))  # 18:55:30
            await app.tick()
        await pilot.pause()
        assert shown == []
        clock.advance(timedelta(seconds=30))
        await app.tick()
        await pilot.pause()
        assert shown == ["6:56 PM"]
        assert "6:56 PM" in screen_text(app)


async def test_the_date_rolls_over_at_midnight_in_the_kiosk_zone(sample_path: Path) -> None:
    app, clock = make_app(sample_path, start=datetime(2026, 11, 24, 23, 59, 30, tzinfo=CHICAGO))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Tuesday, November 24" in screen_text(app)
        clock.advance(timedelta(seconds=45))
        await app.tick()
        await pilot.pause()
        assert app.today.isoformat() == "2026-11-25"
        assert app.week[0][0].isoformat() == "2026-11-25"
        assert "Wednesday, November 25" in screen_text(app)
        assert "SMART Recovery Early Start" in static_text(app, "#today-later")


@pytest.mark.parametrize("key", ["space", "a", "enter", "tab", "ctrl+q"])
async def test_any_key_leaves_the_loop_for_browse(sample_path: Path, key: str) -> None:
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)


async def test_a_tap_leaves_the_loop_for_browse(sample_path: Path) -> None:
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click(offset=(40, 12))
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)


async def test_the_loop_starts_on_today_after_a_visit(sample_path: Path) -> None:
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.loop_screen.action_next_slide()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.loop_screen
        assert app.loop_screen.query_one(ContentSwitcher).current == "slide-today"


async def test_a_busy_day_lists_a_few_and_counts_the_rest(sample_path: Path) -> None:
    store = Store(sample_path)
    for n in range(12):
        store.add(Meeting(id=f"extra-{n}", name=f"Extra meeting {n}", program="grief-group",
                          time="21:30", end_time="22:30", day=2, location="Hall"))
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        later = static_text(app, "#today-later")
        assert later.count("Extra meeting") == 4  # as many as fit whole at 100x30
        assert "SMART Family & Friends Tuesday" in later
        # 16 today: 1 on now, 1 soon, 1 earlier and 5 later shown, the other 8 counted
        more = static_text(app, "#today-more")
        assert more == "and 8 more today — press any key to see them all"


async def test_the_loop_says_spanish_is_there_and_its_key_browses_in_spanish(
    sample_path: Path,
) -> None:
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Español: E" in screen_text(app)
        await pilot.press("e")
        await pilot.pause()
        assert app.language == "es"
        assert "Reuniones de esta semana" in screen_text(app)
        await app.return_to_loop()
        await pilot.pause()
        assert app.language == "en"
        assert "Español: E" in screen_text(app)


async def test_today_fits_nothing_while_it_is_composed_again(sample_path: Path) -> None:
    """A tick can reach the Today slide while it is composed again (crossing into a big
    screen's columns): fitting then waits for its resize instead of raising NoMatches."""
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        slide = app.loop_screen.query_one(TodaySlide)
        await slide.remove_children()
        slide.fit()
        assert app.is_running
