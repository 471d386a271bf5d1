"""Meetings by appointment (issue 14, point 2): a feed's meeting with no day and no time is
imported and kept, listed in browse and on its program's page under "By appointment", its detail
says so, and it is never on a day's list, on today's or in `kiosk today --json`. The listings
file may hold one; `kiosk check`, `meetings list/add` and every export take it in their stride."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input, Select, TabbedContent

from kiosk.cli import main
from kiosk.model import Meeting
from kiosk.schedule import Appointment, Occurrence
from kiosk.screens.browse import BrowseScreen
from kiosk.screens.meeting import MeetingScreen
from kiosk.screens.program import ProgramScreen
from kiosk.store import Store
from kiosk.widgets.meeting_list import MeetingList
from tests.app_helpers import (
    TUESDAY,
    TUESDAY_EVENING,
    change_settings,
    field_values,
    make_app,
    screen_text,
)
from tests.test_watch import edit_file

FEED = [{
    "name": "Sponsor Chat", "slug": "sponsor-chat", "group": "Refuge Recovery",
    "conference_url": "https://zoom.us/j/5550001111", "notes": "Call the office to arrange",
}]
NOW = TUESDAY_EVENING.isoformat()


@pytest.fixture
def imported(sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The sample with the by-appointment meeting imported from a feed."""
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(FEED), encoding="utf-8")
    assert main(["--db", str(sample_path), "import", str(feed), "--format", "meeting-guide"]) == 0
    out = capsys.readouterr().out
    assert "+ sponsor-chat: Sponsor Chat" in out and "warning" not in out
    assert "1 new meeting(s) by appointment (no day or time)" in out  # an info line
    return sample_path


def test_the_import_keeps_it_by_appointment(imported: Path) -> None:
    meeting = Store(imported).load().meeting("sponsor-chat")
    assert meeting is not None and meeting.by_appointment
    assert (meeting.program, meeting.attendance_option) == ("refuge-recovery", "online")


def test_never_today_and_listed_as_by_appointment_by_the_cli(
    imported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(imported), "--now", NOW, "today", "--json"]) == 0
    today = json.loads(capsys.readouterr().out)
    assert today and "sponsor-chat" not in {item["id"] for item in today}
    assert main(["--db", str(imported), "check"]) == 0
    assert ": 0 errors, 1 warning." in capsys.readouterr().out  # the sample has no PIN
    assert main(["--db", str(imported), "meetings", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    [row] = [line for line in listed if line.startswith("sponsor-chat")]
    assert "by appointment" in row
    assert listed[-1].startswith("sponsor-chat")  # after every meeting with a day
    assert main(["--db", str(imported), "meetings", "list", "--day", "tue"]) == 0
    assert "sponsor-chat" not in capsys.readouterr().out


@pytest.mark.parametrize("kind", ["meeting-guide", "csv", "ics"])
def test_every_export_writes_or_skips_it(imported: Path, tmp_path: Path, kind: str) -> None:
    output = tmp_path / f"export.{kind}"
    assert main(["--db", str(imported), "export", "--format", kind, "-o", str(output)]) == 0
    text = output.read_text(encoding="utf-8")
    if kind == "ics":
        assert "sponsor-chat" not in text  # no date to put it on
        return
    target = tmp_path / "again.json"
    target.write_bytes(imported.read_bytes())
    assert main(["--db", str(target), "import", str(output), "--format", kind]) == 0
    again = Store(target).load().meeting("sponsor-chat")
    assert again is not None and again.by_appointment
    if kind == "meeting-guide":
        [record] = [r for r in json.loads(text) if r["slug"] == "sponsor-chat"]
        assert "day" not in record and "time" not in record


def test_meetings_add_takes_neither_day_nor_time_but_not_one_alone(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--db", str(sample_path), "meetings", "add", "--program", "grief-group"]
    assert main([*base, "--id", "one-to-one", "--name", "One to one"]) == 0
    assert "One to one, by appointment" in capsys.readouterr().out
    assert main([*base, "--id", "half", "--name", "Half", "--day", "tue"]) == 1
    err = capsys.readouterr().err
    assert "time: is missing: a meeting has both a day and a time, or neither" in err
    listings = Store(sample_path).load()
    added = listings.meeting("one-to-one")
    assert added is not None and added.by_appointment and listings.meeting("half") is None


def week_list(app: object) -> MeetingList:
    return app.screen.query_one("#week-list", MeetingList)  # type: ignore[attr-defined]


async def test_browse_lists_it_under_its_heading_after_the_week(imported: Path) -> None:
    app, _clock = make_app(imported)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        listing = week_list(app)
        rows = listing.rows
        assert all(isinstance(o, Occurrence) for o in rows[:-1])
        assert isinstance(rows[-1], Appointment) and rows[-1].id == "sponsor-chat"
        assert listing.row_count == len(rows) + 1  # and its heading
        text = screen_text(app)
        assert "22 meetings in the next 7 days" in text  # it is not one of them

        await pilot.press("end")
        await pilot.pause()
        assert listing.highlighted is rows[-1]
        lines = screen_text(app).splitlines()
        [heading] = [n for n, line in enumerate(lines) if line.strip() == "By appointment"]
        assert "Sponsor Chat" in lines[heading + 1] and "Online" in lines[heading + 1]
        await pilot.press("up")  # over the heading, to the week's last meeting
        assert listing.highlighted is rows[-2]
        await pilot.press("down")
        assert listing.highlighted is rows[-1]

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        fields = field_values(app)
        assert fields["Meets"] == "By appointment"
        assert "Next" not in fields and "Length" not in fields
        assert fields["Notes"] == "Call the office to arrange"
        await pilot.press("escape")
        await pilot.pause()

        browse.query_one("#search", Input).value = "arrange"  # searched like the rest
        await pilot.pause()
        assert [o.id for o in listing.rows] == ["sponsor-chat"]
        assert "By appointment" in screen_text(app)
        browse.query_one("#filter-format", Select).value = "in_person"
        await pilot.pause()
        assert listing.rows == [] and "By appointment" not in screen_text(app)
        browse.query_one("#filter-format", Select).value = ""
        browse.query_one("#filter-day", Select).value = TUESDAY.isoformat()
        await pilot.pause()
        assert listing.rows == []  # on no day's list
        browse.query_one("#search", Input).value = ""
        await pilot.pause()
        assert "sponsor-chat" not in {o.id for o in listing.rows}
        assert "By appointment" not in screen_text(app)


async def test_its_program_page_lists_it_under_its_heading(imported: Path) -> None:
    app, _clock = make_app(imported)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        app.screen.query_one(TabbedContent).active = "tab-programs"
        await pilot.pause()
        app.show_program("refuge-recovery")
        await pilot.pause()
        assert isinstance(app.screen, ProgramScreen)
        rows = app.screen.query_one(MeetingList).rows
        assert [o.id for o in rows if isinstance(o, Appointment)] == ["sponsor-chat"]
        assert len(rows) == 6  # the program's five this week, then it
        text = screen_text(app)
        assert "By appointment" in text and "Sponsor Chat" in text


async def test_never_on_the_loop_today(imported: Path) -> None:
    app, _clock = make_app(imported)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Sponsor Chat" not in screen_text(app)
        assert all(o.id != "sponsor-chat" for o in app.schedule.today(TUESDAY_EVENING))
        meeting = app.listings.meeting("sponsor-chat")
        assert isinstance(meeting, Meeting)
        assert app.schedule.next_occurrence(meeting, TUESDAY_EVENING) is None


async def test_in_spanish_it_is_con_cita_previa(imported: Path) -> None:
    change_settings(imported, language="es")
    app, _clock = make_app(imported)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        assert "Con cita previa" in screen_text(app)
        app.show_meeting("sponsor-chat")
        await pilot.pause()
        assert field_values(app)["Se reúne"] == "Con cita previa"


async def test_in_large_text_its_card_says_by_appointment(imported: Path) -> None:
    change_settings(imported, large_text=True)
    app, _clock = make_app(imported)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        listing = week_list(app)
        await pilot.press("end")
        await pilot.pause()
        assert listing.highlighted is listing.rows[-1]
        lines = [line.strip() for line in screen_text(app).splitlines()]
        card = lines.index("Sponsor Chat")
        assert lines[card - 1] == "By appointment"  # the card's "when" line
        assert "By appointment" in lines[:card - 1]  # and the heading above it


@pytest.mark.parametrize("where", ["slide", "page"])
async def test_a_program_met_only_by_appointment_says_so_not_that_nothing_is_scheduled(
    imported: Path, where: str
) -> None:
    """Its slide and its page name the meeting by appointment where the next meeting would
    be, instead of "No meetings are scheduled at the moment"."""
    edit_file(imported, lambda data: data.update(meetings={
        key: doc for key, doc in data["meetings"].items()
        if doc.get("program") != "refuge-recovery" or doc.get("id") == "sponsor-chat"}))
    app, _clock = make_app(imported)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        if where == "slide":
            app.loop_screen.show_slide("slide-program-refuge-recovery")
        else:
            app.action_browse()
            await pilot.pause()
            app.show_program("refuge-recovery")
        await pilot.pause()
        text = screen_text(app)
        assert "No meetings are scheduled" not in text
        lines = [line.strip() for line in text.splitlines()]
        named = [n for n, line in enumerate(lines) if "Sponsor Chat · Online" in line]
        assert named and "By appointment" in lines[named[0] - 1], text
