"""The meeting detail's QR codes, read back off the rendered screen as a phone camera would.

Every code on screen must decode: "Scan to join online" to the meeting's link, and "Add to
calendar" to a VEVENT (parsed with icalendar) whose start is the meeting's next time as an
instant and whose summary is its name. The calendar code is shown whole or left out entirely:
no module of a code may be drawn anywhere but inside a code that is shown.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Event as VEvent
from textual.pilot import Pilot

from kiosk.app import KioskApp
from kiosk.model import Meeting
from kiosk.qr import ErrorCorrection, Matrix, qr_matrix, qr_version
from kiosk.schedule import Occurrence
from kiosk.screens.meeting import MeetingScreen
from kiosk.widgets import qr as qr_widgets
from kiosk.widgets.qr import CalendarQRCode, CodeRow, QRCode, QRCodeBase
from tests.app_helpers import CHICAGO, change_settings, make_app, screen_text
from tests.qr_reader import decode_qr_from_screen, screen_strips

BLOCKS = set("▀▄█")
LARGE = [(160, 50), (240, 67)]
THEMES = ["kiosk", "high-contrast"]


async def settle(pilot: Pilot[None]) -> None:
    for _round in range(3):
        await pilot.pause()


def expected_occurrence(app: KioskApp, gathering_id: str) -> Occurrence | None:
    """The next time it meets, straight from the schedule (not from the screen)."""
    record = app.find_gathering(gathering_id)
    now = app.now()
    if isinstance(record, Meeting):
        return app.schedule.next_occurrence(record, now)
    assert record is not None
    found = [o for o in app.schedule.on_date(date.fromisoformat(record.date))
             if o.id == gathering_id and o.end > now and not o.cancelled]
    return found[0] if found else None


def shown_codes(app: KioskApp) -> list[QRCodeBase]:
    return [code for code in app.screen.query(QRCodeBase) if code.display]


def assert_no_stray_modules(app: KioskApp) -> None:
    """Block characters only inside the codes that are shown: nothing partial anywhere else."""
    regions = [code.content_region for code in shown_codes(app)]
    for y, strip in enumerate(screen_strips(app)):
        for x, character in enumerate(strip.text):
            if character in BLOCKS:
                assert any(region.contains(x, y) for region in regions), (x, y, character)


def assert_calendar_entry(text: str, occurrence: Occurrence) -> None:
    vevent = VEvent.from_ical(text)
    start = vevent.decoded("DTSTART")
    assert start.tzinfo is not None, "an instant, not a floating local time"
    assert start == occurrence.start
    assert vevent.decoded("DTEND") == occurrence.end
    assert str(vevent["SUMMARY"]) == occurrence.record.name


async def check_detail(app: KioskApp, gathering_id: str, *, calendar_expected: bool) -> None:
    """Every code shown decodes to what it should, and nothing else looks like a code."""
    assert isinstance(app.screen, MeetingScreen)
    record = app.find_gathering(gathering_id)
    assert record is not None
    occurrence = expected_occurrence(app, gathering_id)
    codes = shown_codes(app)
    join = [code for code in codes if isinstance(code, QRCode)]
    calendar = [code for code in codes if isinstance(code, CalendarQRCode)]
    assert len(join) == (1 if record.is_online and record.conference_url else 0)
    if join:
        assert decode_qr_from_screen(app, join[0]) == [record.conference_url]
    if calendar_expected and occurrence is not None:
        assert len(calendar) == 1, f"{gathering_id}: no calendar code"
        (text,) = decode_qr_from_screen(app, calendar[0])
        assert text.startswith("BEGIN:VEVENT\r\n") and text.endswith("END:VEVENT\r\n")
        assert_calendar_entry(text, occurrence)
        assert "Add to calendar" in screen_text(app)
    elif not calendar:
        assert "Add to calendar" not in screen_text(app)  # left out: title and all
    assert len(decode_qr_from_screen(app)) == len(codes)
    assert_no_stray_modules(app)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", LARGE, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_code_on_every_detail_decodes(
    sample_path: Path, size: tuple[int, int], theme: str
) -> None:
    change_settings(sample_path, theme=theme)
    app, _clock = make_app(sample_path)
    async with app.run_test(size=size) as pilot:
        assert app.theme == theme
        ids = [g.id for g in (*app.listings.meetings, *app.listings.events)]
        assert len(ids) > 15
        app.action_browse()
        for gathering_id in ids:
            app.show_meeting(gathering_id)
            await settle(pilot)
            await check_detail(app, gathering_id, calendar_expected=True)
            await pilot.press("escape")
            await settle(pilot)


async def test_at_80x24_only_the_join_code_is_shown(sample_path: Path) -> None:
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_browse()
        for gathering in (*app.listings.meetings, *app.listings.events):
            app.show_meeting(gathering.id)
            await settle(pilot)
            assert not app.screen.query_one(CalendarQRCode).display
            await check_detail(app, gathering.id, calendar_expected=False)
            await pilot.press("escape")
            await settle(pilot)


@pytest.mark.parametrize(
    ("size", "join_scale", "calendar_scale"),
    [((160, 50), 1, 1), ((240, 67), 2, 2)],
    ids=["160x50", "240x67"],
)
async def test_the_join_code_shrinks_to_make_room_beside_it(
    sample_path: Path, size: tuple[int, int], join_scale: int, calendar_scale: int
) -> None:
    app, _clock = make_app(sample_path, open_view="meeting:smart-ff-tue-online")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        join = app.screen.query_one(QRCode)
        calendar = app.screen.query_one(CalendarQRCode)
        assert (join.max_scale, calendar.max_scale) == (join_scale, calendar_scale)
        assert join.region.right <= calendar.region.x, "the join code first, the calendar beside"
        info = app.screen.query_one("#meeting-info")
        assert info.outer_size.width >= 48
        occurrence = expected_occurrence(app, "smart-ff-tue-online")
        assert occurrence is not None
        assert occurrence.start == datetime(2026, 11, 24, 20, 0, tzinfo=CHICAGO)
        await check_detail(app, "smart-ff-tue-online", calendar_expected=True)


async def test_the_calendar_code_comes_and_goes_with_the_room(sample_path: Path) -> None:
    app, _clock = make_app(sample_path, open_view="meeting:refuge-thu-evening")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert decode_qr_from_screen(app) == []
        await pilot.resize_terminal(160, 50)
        await settle(pilot)
        await check_detail(app, "refuge-thu-evening", calendar_expected=True)
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert not app.screen.query_one(CalendarQRCode).display
        assert decode_qr_from_screen(app) == []
        assert_no_stray_modules(app)


async def test_the_calendar_code_moves_on_to_the_next_time(sample_path: Path) -> None:
    app, clock = make_app(sample_path, open_view="meeting:smart-tue-evening")  # in progress
    async with app.run_test(size=(160, 50)) as pilot:
        assert app.tick_timer is not None
        app.tick_timer.pause()
        await settle(pilot)
        (before,) = decode_qr_from_screen(app)
        clock.advance(timedelta(hours=3))  # it has ended: next Tuesday's comes up
        await app.tick()
        await settle(pilot)
        (after,) = decode_qr_from_screen(app)
        occurrence = expected_occurrence(app, "smart-tue-evening")
        assert occurrence is not None
        assert_calendar_entry(after, occurrence)
        assert VEvent.from_ical(after).decoded("DTSTART") - VEvent.from_ical(before).decoded(
            "DTSTART") == timedelta(days=7)


async def test_a_cancelled_one_off_has_no_calendar_code(sample_path: Path) -> None:
    data = json.loads(sample_path.read_text(encoding="utf-8"))
    for event in data["events"].values():
        event["cancelled"] = True
    sample_path.write_text(json.dumps(data), encoding="utf-8")
    app, _clock = make_app(sample_path, open_view="meeting:grief-potluck-december")
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        assert "Cancelled" in screen_text(app)
        assert not app.screen.query_one(CalendarQRCode).display
        assert decode_qr_from_screen(app) == []
        assert_no_stray_modules(app)


async def test_an_entry_too_long_for_version_10_is_left_out(sample_path: Path) -> None:
    app, _clock = make_app(sample_path, open_view="meeting:grief-potluck-december")
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        calendar = app.screen.query_one(CalendarQRCode)
        assert calendar.display
        calendar.vevent = calendar.vevent.replace("LOCATION:", "LOCATION:" + "x" * 120)
        matrix = qr_matrix(calendar.vevent, "L")
        assert matrix is not None and qr_version(matrix) > 10
        app.screen.query_one(CodeRow).fit()
        await settle(pilot)
        assert not calendar.display
        assert decode_qr_from_screen(app) == []
        assert_no_stray_modules(app)


@pytest.mark.parametrize(("size", "made"), [((120, 40), False), ((160, 50), True)],
                         ids=["120x40", "160x50"])
async def test_a_calendar_code_that_cannot_fit_is_not_made(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int], made: bool
) -> None:
    """A calendar entry's code takes qrcode 20-30 ms to make. Where even the smallest code
    there is could not fit beside the join code (120x40: the facts keep 48 columns), it is left
    out without being made; where one may fit, it is made to know, and shown if it does."""
    made_for: list[str] = []
    make = qr_widgets.qr_matrix

    def noting(text: str, error_correction: ErrorCorrection = "M") -> Matrix | None:
        if error_correction == CalendarQRCode.ERROR_CORRECTION:
            made_for.append(text)
        return make(text, error_correction)

    monkeypatch.setattr(qr_widgets, "qr_matrix", noting)
    app, _clock = make_app(sample_path)
    async with app.run_test(size=size) as pilot:
        app.action_browse()
        app.show_meeting("smart-ff-tue-online")
        await settle(pilot)
        assert bool(made_for) is made
        assert app.screen.query_one(CalendarQRCode).display is made
        await check_detail(app, "smart-ff-tue-online", calendar_expected=made)


def test_the_calendar_entry_is_made_without_icalendar() -> None:
    """icalendar costs a running kiosk 3-5 MiB and its first detail 30 ms; the detail's entry is
    written out by `kiosk.interop.calendar_entry` (and read back with icalendar above)."""
    probe = ("import sys, kiosk.app, kiosk.screens.meeting;"
             "print(sorted(m for m in sys.modules if 'icalendar' in m))")
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                           check=True)
    assert found.stdout.strip() == "[]"
