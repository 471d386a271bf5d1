"""Temporarily closed (type ``TC``), shown: online with a note when it has a link; else kept,
and shown "Temporarily closed" in browse, on its program and its detail, never as on today."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from kiosk.cli import main
from kiosk.interop.meeting_guide import parse_feed
from kiosk.screens.browse import BrowseScreen
from kiosk.screens.meeting import MeetingScreen
from kiosk.screens.program import ProgramScreen
from tests.app_helpers import field_values, make_app, screen_text, static_text

CLOSED = "smart-tue-evening"
"""In progress on the sample's Tuesday evening (18:00-19:30) until its location closed."""
CLOSED_NAME = "SMART Recovery Tuesday Evening"
ONLINE_NOW = "smart-ff-tue-online"
"""Online at 20:00, now with its location marked temporarily closed too."""


def close_locations(path: Path) -> None:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    for meeting in data["meetings"].values():
        if meeting["id"] == CLOSED:
            meeting.update(attendance_option="inactive", types=["TC", "O"])
        elif meeting["id"] == ONLINE_NOW:
            meeting["types"] = ["TC"]
    path.write_text(json.dumps(data), encoding="utf-8")


async def settle(pilot: Pilot[None]) -> None:
    for _round in range(3):
        await pilot.pause()


def test_a_closed_location_without_a_link_is_kept_as_temporarily_closed() -> None:
    record = {"name": "Noon", "slug": "noon", "day": 4, "time": "12:00", "types": ["TC"],
              "location": "Library", "formatted_address": "300 S 7th St, Springfield, IL, USA"}
    result = parse_feed([record])
    [meeting] = result.meetings
    assert (meeting.attendance_option, meeting.is_closed) == ("inactive", True)
    [problem] = result.problems
    assert (problem.record, problem.field, problem.severity) == ("meeting noon", "types", "warning")
    assert "listed as temporarily closed" in problem.message


async def test_a_closed_meeting_is_shown_closed_and_never_as_on(sample_path: Path) -> None:
    close_locations(sample_path)
    app, _clock = make_app(sample_path)
    assert not app.listings.problems
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        today = "".join(static_text(app, f"#today-{name}") for name in ("now", "soon", "later"))
        assert "SMART Family & Friends Tuesday" in today
        assert CLOSED_NAME not in screen_text(app)  # not happening, not starting

        await pilot.press("space")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        row = next(r for r in screen_text(app).splitlines()
                   if "6:00 PM–7:30 PM" in r and "Today" in r)  # not "Happening now"
        assert "Temporarily closed" in row and "In person" not in row

        app.show_meeting(CLOSED)
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        fields = field_values(app)
        assert (fields["Format"], fields["Next"]) == ("Temporarily closed", "Temporarily closed")
        assert fields["Where"] == "Location temporarily closed"
        assert static_text(app, "#meeting-status") == "Temporarily closed"

        await pilot.press("escape")
        app.show_meeting(ONLINE_NOW)
        await settle(pilot)
        fields = field_values(app)
        assert (fields["Format"], fields["Where"]) == ("Online", "Location temporarily closed")

        await pilot.press("escape")
        app.show_program("smart-recovery")
        await settle(pilot)
        assert isinstance(app.screen, ProgramScreen)
        row = next(r for r in screen_text(app).splitlines()
                   if "6:00 PM–7:30 PM" in r and "Today" in r)  # not "Happening now"
        assert "Temporarily closed" in row


def test_today_json_says_closed(sample_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    close_locations(sample_path)
    capsys.readouterr()
    assert main(["--db", str(sample_path), "--now", "2026-11-24T18:55", "today", "--json"]) == 0
    statuses = {item["id"]: item["status"] for item in json.loads(capsys.readouterr().out)}
    assert statuses[CLOSED] == "closed"
    assert statuses[ONLINE_NOW] == "later"
