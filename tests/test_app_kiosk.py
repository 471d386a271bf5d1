"""Kiosk basics: nothing quits from the keyboard in kiosk mode, views opened at start, the
meeting detail (with a scannable join code), reloading listings, and headless screenshots."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Select

from kiosk.app import KioskApp, parse_view
from kiosk.clock import Clock
from kiosk.preview import save_screenshot
from kiosk.screens.browse import BrowseScreen
from kiosk.screens.loop import LoopScreen
from kiosk.screens.meeting import MeetingScreen
from kiosk.screens.program import ProgramScreen
from kiosk.store import Store
from kiosk.widgets.qr import QRCode
from tests.app_helpers import (
    CHICAGO,
    ONLINE_FIELDS,
    TUESDAY_EVENING,
    field_values,
    make_app,
    screen_text,
    static_text,
)
from tests.qr_reader import decode_qr_from_screen


@pytest.mark.parametrize("keys", [("ctrl+q",), ("ctrl+c",), ("space", "ctrl+q", "ctrl+c")])
async def test_kiosk_mode_cannot_be_quit_from_the_keyboard(
    sample_path: Path, keys: tuple[str, ...]
) -> None:
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        assert app.is_running
        assert app.return_code is None


async def test_outside_kiosk_mode_ctrl_q_quits(sample_path: Path) -> None:
    app, _clock = make_app(sample_path, kiosk_mode=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0
        assert not app.is_running


async def test_there_is_no_command_palette(sample_path: Path) -> None:
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "ctrl+p")
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        assert "ctrl+p" not in screen_text(app).casefold()


@pytest.mark.parametrize(
    ("view", "screen_type", "stack_depth"),
    [
        ("loop", LoopScreen, 1),
        ("today", LoopScreen, 1),
        ("browse", BrowseScreen, 2),
        ("program:grief-group", ProgramScreen, 3),
        ("meeting:smart-noon-online", MeetingScreen, 3),
        ("meeting:grief-potluck-december", MeetingScreen, 3),
    ],
)
async def test_a_view_can_be_open_at_start(
    sample_path: Path, view: str, screen_type: type, stack_depth: int
) -> None:
    app, _clock = make_app(sample_path, open_view=view)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, screen_type)
        assert len(app.screen_stack) == stack_depth
        for _level in range(stack_depth - 1):
            await pilot.press("escape")
            await pilot.pause()
        assert isinstance(app.screen, LoopScreen)


@pytest.mark.parametrize("view", ["", "weird", "program:", "meeting", "browse:x", "loop:1"])
def test_unknown_views_are_refused(view: str) -> None:
    with pytest.raises(ValueError, match="unknown view"):
        parse_view(view)


@pytest.mark.parametrize("view", ["program:nope", "meeting:nope"])
def test_views_of_missing_records_are_refused(sample_path: Path, view: str) -> None:
    with pytest.raises(ValueError, match="no "):
        KioskApp(Store(sample_path), Clock.frozen(CHICAGO, TUESDAY_EVENING), open_view=view)


async def test_online_meeting_detail_shows_how_to_join_and_a_scannable_code(
    sample_path: Path,
) -> None:
    app, _clock = make_app(sample_path, open_view="meeting:smart-ff-tue-online")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert field_values(app) == ONLINE_FIELDS
        assert static_text(app, "#meeting-name") == "SMART Family & Friends Tuesday"
        assert static_text(app, "#meeting-program") == "SMART Family & Friends"
        text = screen_text(app)
        assert "Scan to join online" in text
        assert "zoom.us/j/88015562217" in text  # the link as a visitor reads it, under the code
        assert decode_qr_from_screen(app, app.screen.query_one(QRCode)) == [
            "https://zoom.us/j/88015562217"
        ]


async def test_detail_lists_cancelled_dates_and_a_live_status(sample_path: Path) -> None:
    app, clock = make_app(sample_path, open_view="meeting:refuge-thu-evening")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        fields = field_values(app)
        assert fields["Cancelled"] == "Thursday, November 26"  # Thanksgiving
        # So the next one is the week after.
        assert fields["Next"] == "Thursday, December 3, 7:00 PM–8:15 PM"
        assert fields["Where"] == (
            "Riverside Wellness Commons\n4620 North Harbor Avenue, Chicago, IL 60640\nStudio 3"
        )
        assert fields["Notes"] == "No meeting on Thanksgiving (November 26)."
        assert "Phone" not in fields
        assert not any(code.display for code in app.screen.query(QRCode))  # nothing to scan

    app, clock = make_app(sample_path, open_view="meeting:refuge-tue-evening")
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.tick_timer is not None
        app.tick_timer.pause()
        await pilot.pause()
        assert "starts in 20 min" in screen_text(app)
        clock.advance(timedelta(minutes=25))
        await app.tick()
        await pilot.pause()
        assert "In progress" in screen_text(app)


async def test_event_detail_shows_its_date(sample_path: Path) -> None:
    app, _clock = make_app(sample_path, open_view="meeting:grief-potluck-december")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        fields = field_values(app)
        assert fields["Next"] == "Saturday, December 12, 5:30 PM–8:30 PM"
        assert fields["Length"] == "3 hrs"
        assert "Meets" not in fields  # a one-off has no weekly pattern
        assert static_text(app, "#meeting-program") == "Grief Group"


async def test_reloading_listings_refreshes_every_screen(sample_path: Path) -> None:
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        data = json.loads(sample_path.read_text(encoding="utf-8"))
        for settings in data["settings"].values():
            settings["org_name"] = "Riverside Recovery Hub"
        data["programs"]["99"] = {"slug": "all-recovery", "name": "All Recovery", "order": 9}
        sample_path.write_text(json.dumps(data), encoding="utf-8")

        app.reload_listings()
        await pilot.pause()
        assert "Riverside Recovery Hub" in screen_text(app)
        program_select = app.screen.query_one("#filter-program", Select)
        program_select.value = "all-recovery"  # the new program is a choice now
        await pilot.pause()
        assert program_select.value == "all-recovery"

        await pilot.press("escape")
        await pilot.pause()
        loop = app.screen
        assert isinstance(loop, LoopScreen)
        assert "slide-program-all-recovery" in loop.slide_ids
        assert "Riverside Recovery Hub" in screen_text(app)


def test_save_screenshot_writes_the_requested_view(sample_path: Path, tmp_path: Path) -> None:
    clock = Clock.frozen(CHICAGO, TUESDAY_EVENING)
    today_svg = tmp_path / "today.svg"
    save_screenshot(Store(sample_path), clock, "today", (100, 30), today_svg)
    detail_svg = tmp_path / "detail.svg"
    save_screenshot(Store(sample_path), clock, "meeting:smart-noon-online", (100, 30), detail_svg)
    today, detail = today_svg.read_text(), detail_svg.read_text()
    assert today.startswith("<svg")
    assert "Happening&#160;now" in today and "Scan&#160;to&#160;join" not in today
    assert "Scan&#160;to&#160;join&#160;online" in detail
    with pytest.raises(ValueError):
        save_screenshot(Store(sample_path), clock, "meeting:nope", (80, 24), tmp_path / "x.svg")


async def test_a_tick_while_the_app_shuts_down_does_nothing(sample_path: Path) -> None:
    """The one-second timer may fire once more after the screens are gone (seen in CI)."""
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert not app.screen_stack
    await app.tick()  # raised ScreenStackError
