"""Browse mode: filtering the week by day, program and format, searching, opening details,
going back with Escape, the programs list, and the idle timeout that clears everything."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input, Select, TabbedContent

from kiosk.app import KioskApp
from kiosk.model import Meeting
from kiosk.schedule import Occurrence, Schedule
from kiosk.screens.browse import BrowseScreen
from kiosk.screens.loop import LoopScreen
from kiosk.screens.meeting import MeetingScreen
from kiosk.screens.program import ProgramScreen
from kiosk.store import Store
from kiosk.widgets.meeting_list import MeetingList
from tests.app_helpers import CHICAGO, TUESDAY_EVENING, change_settings, make_app, screen_text

TODAY = TUESDAY_EVENING.date()


def sample_week(path: Path) -> list[Occurrence]:
    """The week as the schedule sees it, to compare the list against."""
    schedule = Schedule(Store(path).load(), zone=CHICAGO)
    return [o for _day, occurrences in schedule.week(TODAY) for o in occurrences]


def week_list(app: KioskApp) -> MeetingList:
    return app.screen.query_one("#week-list", MeetingList)


async def enter_browse(app: KioskApp, pilot: Pilot[None]) -> BrowseScreen:
    await pilot.press("space")
    await pilot.pause()
    assert isinstance(app.screen, BrowseScreen)
    return app.screen


async def test_browse_lists_the_whole_week_in_order(sample_path: Path) -> None:
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await enter_browse(app, pilot)
        rows = week_list(app).rows
        expected = sample_week(sample_path)
        assert [(o.id, o.start) for o in rows] == [(o.id, o.start) for o in expected]
        assert len(rows) == 22
        assert "22 meetings in the next 7 days" in screen_text(app)


async def test_filtering_by_day_with_the_keyboard(sample_path: Path) -> None:
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        browse = await enter_browse(app, pilot)
        browse.query_one("#filter-day", Select).focus()
        # The options are: Any day, Today, Tomorrow, Thu...: two downs pick tomorrow.
        await pilot.press("enter", "down", "down", "enter")
        await pilot.pause()
        rows = week_list(app).rows
        tomorrow = TODAY + timedelta(days=1)
        assert browse.chosen.day == tomorrow
        assert len(rows) == 4
        assert {o.start.date() for o in rows} == {tomorrow}
        assert "4 of 22 meetings match" in screen_text(app)


async def test_filtering_by_program_and_format(sample_path: Path) -> None:
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        browse = await enter_browse(app, pilot)
        browse.query_one("#filter-program", Select).value = "refuge-recovery"
        await pilot.pause()
        expected = [o for o in sample_week(sample_path) if o.program == "refuge-recovery"]
        assert [o.id for o in week_list(app).rows] == [o.id for o in expected]
        assert len(expected) == 5

        browse.query_one("#filter-format", Select).value = "online"
        await pilot.pause()
        rows = week_list(app).rows
        assert [o.id for o in rows] == ["refuge-tue-evening", "refuge-online-sat"]
        assert {o.record.attendance_option for o in rows} == {"hybrid", "online"}

        browse.query_one("#filter-format", Select).value = "hybrid"
        await pilot.pause()
        assert [o.id for o in week_list(app).rows] == ["refuge-tue-evening"]


async def test_searching_narrows_the_list_case_insensitively(sample_path: Path) -> None:
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        browse = await enter_browse(app, pilot)
        await pilot.press("slash")
        assert app.focused is browse.query_one("#search", Input)
        await pilot.press(*"QUIET room")  # the room of the Refuge Recovery meetings
        await pilot.pause()
        rows = week_list(app).rows
        assert rows and all(o.record.room == "Quiet Room" for o in rows)
        assert len(rows) == 3

        browse.query_one("#search", Input).value = "cameras"  # only in one meeting's notes
        await pilot.pause()
        assert {o.id for o in week_list(app).rows} == {"smart-noon-online"}

        browse.query_one("#search", Input).value = "oak grove family"  # every word must match
        await pilot.pause()
        assert {o.id for o in week_list(app).rows} == {
            "smart-ff-wed-hybrid", "smart-ff-fri-morning",
        }

        browse.query_one("#search", Input).value = "no such words"
        await pilot.pause()
        assert week_list(app).row_count == 0
        assert "No meetings match" in screen_text(app)


async def test_enter_opens_a_meeting_and_escape_goes_back_step_by_step(
    sample_path: Path,
) -> None:
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        browse = await enter_browse(app, pilot)
        browse.query_one("#filter-program", Select).value = "grief-group"
        await pilot.pause()
        week_list(app).focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert app.screen.meeting_id == "grief-sun-afternoon"
        assert "Oak Grove Public Library" in screen_text(app)

        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is browse
        assert browse.chosen.program == "grief-group"  # still filtered after coming back

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LoopScreen)


async def test_a_tap_on_a_row_opens_that_meeting(sample_path: Path) -> None:
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await enter_browse(app, pilot)
        listing = week_list(app)
        # Row 0 is the header line, so the third meeting is on line 3.
        await pilot.click(listing, offset=(30, 3))
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert app.screen.meeting_id == sample_week(sample_path)[2].id


async def test_the_programs_tab_opens_a_program_and_its_meetings(sample_path: Path) -> None:
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        browse = await enter_browse(app, pilot)
        browse.query_one(TabbedContent).active = "tab-programs"
        await pilot.pause()
        browse.query_one("#program-list").focus()
        await pilot.press("down", "down", "enter")  # the third program: Refuge Recovery
        await pilot.pause()
        assert isinstance(app.screen, ProgramScreen)
        assert app.screen.slug == "refuge-recovery"
        assert "Nobody is asked to believe anything" in screen_text(app)
        meetings = app.screen.query_one(MeetingList)
        assert {o.program for o in meetings.rows} == {"refuge-recovery"}
        assert meetings.row_count == 5

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert app.screen.meeting_id == meetings.rows[0].id
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert app.screen is browse


async def test_idle_timeout_returns_to_the_loop_and_clears_the_filters(
    sample_path: Path,
) -> None:
    change_settings(sample_path, idle_timeout_seconds=3)
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.tick_timer is not None
        app.tick_timer.pause()  # the test ticks by hand
        browse = await enter_browse(app, pilot)
        browse.query_one("#filter-format", Select).value = "online"
        browse.query_one("#search", Input).value = "smart"
        await pilot.pause()
        filtered = week_list(app).row_count
        assert 0 < filtered < 22
        app.show_meeting("smart-noon-online")
        await pilot.pause()

        await app.tick()
        await app.tick()
        await pilot.press("down")  # any input starts the wait again
        await app.tick()
        await app.tick()
        assert isinstance(app.screen, MeetingScreen)
        await app.tick()
        await pilot.pause()
        assert isinstance(app.screen, LoopScreen)

        await pilot.press("space")
        await pilot.pause()
        assert app.screen is browse
        assert browse.chosen.format == "" and browse.chosen.text == ""
        assert week_list(app).row_count == 22


async def test_idle_timeout_with_a_real_one_second_tick(sample_path: Path) -> None:
    change_settings(sample_path, idle_timeout_seconds=1)
    app, _clock = make_app(sample_path, open_view="meeting:smart-ff-tue-online")
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, MeetingScreen)
        for _quarter in range(40):  # a second or two; up to 10 s on a loaded machine
            await pilot.pause(0.25)
            if isinstance(app.screen, LoopScreen):
                break
        assert isinstance(app.screen, LoopScreen)


async def test_twenty_thousand_meetings_stay_quick_to_show_and_filter(tmp_path: Path) -> None:
    """Rows are drawn on demand: filtering 20,000 occurrences is one pass, not a rebuild."""
    base = Store(Path(__file__).parent / "data" / "sample.json").load()
    meetings = tuple(
        Meeting(id=f"m{n}", name=f"Meeting {n}", program=base.programs[n % 4].slug,
                time=f"{8 + n % 12:02d}:{(n * 5) % 60:02d}", end_time=None, day=n % 7,
                attendance_option=("in_person", "online", "hybrid")[n % 3],
                location="Hall", room=f"Room {n % 40}", notes="quiet" if n % 40 == 0 else "",
                conference_url="https://example.org/j" if n % 3 else None)
        for n in range(20_000)
    )
    path = tmp_path / "big.json"
    Store(path).write_listings(replace(base, meetings=meetings, events=()))
    app, _clock = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        browse = await enter_browse(app, pilot)
        assert week_list(app).row_count == 20_000
        search = browse.query_one("#search", Input)
        search.focus()
        await pilot.press(*"QUIET")
        await pilot.pause()
        assert week_list(app).row_count == 500
        assert all(o.record.notes == "quiet" for o in week_list(app).rows)
        week_list(app).focus()
        await pilot.press("end", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert app.screen.meeting_id == browse.query_one("#week-list", MeetingList).rows[-1].id


def test_the_week_starts_today(sample_path: Path) -> None:
    app, _clock = make_app(sample_path)
    assert [day for day, _o in app.week] == [TODAY + timedelta(days=n) for n in range(7)]
    assert app.week[0][0] == date(2026, 11, 24)


async def test_rows_still_shown_after_a_new_list_are_not_drawn_again(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cached rows follow the occurrence, not its place: a list one row shorter at the top
    draws only the row newly under the cursor and the one come into view; the same rows
    again (a search key erased) draw nothing new."""
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await enter_browse(app, pilot)
        listing = week_list(app)
        rows = list(listing.rows)
        drawn: list[str] = []
        draw_row = MeetingList._row

        def counting(self: MeetingList, occurrence: Occurrence, width: int) -> Content:
            drawn.append(occurrence.id)
            return draw_row(self, occurrence, width)

        monkeypatch.setattr(MeetingList, "_row", counting)
        visible = listing.scrollable_content_region.height - 1  # under the header
        assert len(rows) > visible + 1
        listing.show(rows[1:], TODAY)
        await pilot.pause()
        assert drawn == [rows[1].id, rows[visible].id]
        drawn.clear()
        listing.show(rows, TODAY)
        await pilot.pause()
        assert drawn == []
        assert [o.id for o in listing.rows] == [o.id for o in rows]


async def test_search_finds_formats_in_both_languages_and_join_links(sample_path: Path) -> None:
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        browse = await enter_browse(app, pilot)
        week = sample_week(sample_path)
        joinable = {o.id for o in week if o.record.attendance_option in ("online", "hybrid")}
        hybrid = {o.id for o in week if o.record.attendance_option == "hybrid"}
        walk_in = {o.id for o in week if o.record.attendance_option in ("in_person", "hybrid")}
        zoom = {o.id for o in week if "zoom.us" in (o.record.conference_url or "")}
        for text, expected in (("online", joinable), ("En Línea", joinable),
                               ("linea", joinable), ("hybrid", hybrid), ("híbrida", hybrid),
                               ("in person", walk_in), ("presencial", set()),
                               ("en persona", walk_in), ("zoom", zoom)):
            browse.query_one("#search", Input).value = text
            await pilot.pause()
            assert {o.id for o in week_list(app).rows} == expected, text
        assert len(joinable) > 2  # more than the names that say "online"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_todays_rows_say_their_status_and_every_row_where(
    sample_path: Path, size: tuple[int, int]
) -> None:
    app, _clock = make_app(sample_path)  # Tuesday 6:55 PM
    async with app.run_test(size=size) as pilot:
        await enter_browse(app, pilot)
        lines = screen_text(app).splitlines()

        def row(name: str) -> str:
            return next(line for line in lines if name in line)

        assert "Where" in row("Time  ")
        assert "Happening now" in row("6:00 PM–7:30 PM")  # SMART Recovery Tuesday Evening
        assert "Room 1" in row("6:00 PM–7:30 PM")
        assert "In 20 min" in row("7:15 PM–8:30 PM")  # Refuge Recovery Tuesday
        assert "Ended" in row("10:00 AM–11:00 AM")  # SMART Recovery Tuesday Morning
        assert "Today" in row("8:00 PM–9:00 PM")  # SMART Family & Friends Tuesday: later
        assert row("8:00 PM–9:00 PM").rstrip().endswith("Online")
        app.clock.advance(timedelta(minutes=40))  # 7:35 PM: the evening meeting is over
        await app.tick()
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert "Ended" in row("6:00 PM–7:30 PM")
        assert "Happening now" in row("7:15 PM–8:30 PM")


async def test_with_no_meetings_at_all_browse_says_so(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.json"
    path.write_text("{}", encoding="utf-8")
    app, _clock = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await enter_browse(app, pilot)
        text = screen_text(app)
        assert "No meetings are listed for the next 7 days." in text
        assert "Try another day" not in text  # there is no filter to clear
