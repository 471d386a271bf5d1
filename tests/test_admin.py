"""The staff editor (`kiosk admin`), driven with keys as staff would, checked against the file.

Every test works on a private copy of the sample (`sample_path`) with a frozen clock, and looks
at the file itself (through `Store`, or byte for byte when nothing may change).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, SelectionList, Static

from kiosk.admin.app import AdminApp
from kiosk.admin.screens.dialogs import CancelDateDialog, ConfirmDialog
from kiosk.admin.screens.form import RecordForm
from kiosk.admin.screens.listings import ListingsScreen
from kiosk.cli import main
from kiosk.clock import Clock
from kiosk.listing_text import UPDATED_FORMAT
from kiosk.model import Meeting, Program
from kiosk.store import Store

CHICAGO = ZoneInfo("America/Chicago")
NOW = datetime(2026, 11, 24, 17, 0, tzinfo=CHICAGO)  # a Tuesday afternoon
SMALL = (80, 24)
LARGE = (140, 45)
STAMP = NOW.astimezone(UTC).strftime(UPDATED_FORMAT)


def editor(path: Path) -> AdminApp:
    return AdminApp(Store(path), Clock.frozen(CHICAGO, NOW))


def meeting_docs(path: Path) -> dict[str, dict[str, Any]]:
    """The meetings exactly as the file holds them, by id."""
    return {doc["id"]: doc for doc in json.loads(path.read_text("utf-8"))["meetings"].values()}


def error_text(app: AdminApp, field: str) -> str:
    """The message shown under a field ("" when none is shown)."""
    label = app.screen.query_one(f"#error-{field}", Static)
    return str(label.render()) if label.has_class("-shown") else ""


async def fill(pilot: Pilot[None], field: str, text: str) -> None:
    """Focus a form field, clear it and type `text` key by key."""
    pilot.app.screen.query_one(f"#field-{field}", Input).focus()
    await pilot.press("home", "ctrl+k", *text)


async def new_grief_meeting(pilot: Pilot[None], app: AdminApp, meeting_id: str,
                            name: str) -> Select[str]:
    """Open the add form and fill the id, the name and the program (the last: the grief
    group); returns the program's Select."""
    await pilot.press("a")
    assert isinstance(app.screen, RecordForm)
    await fill(pilot, "id", meeting_id)
    await fill(pilot, "name", name)
    program = app.screen.query_one("#field-program", Select)
    program.focus()
    await pilot.press("enter", "end", "enter")
    return program


async def open_row(pilot: Pilot[None], key: str) -> None:
    """Highlight the row of `key` in the visible table."""
    table = pilot.app.screen.query_one(f"#{pilot.app.screen.spec().id}-table", DataTable)
    table.move_cursor(row=table.get_row_index(key))
    await pilot.pause()


async def test_validators_reuse_the_check_rules() -> None:
    from kiosk.admin.validators import field_validator
    from kiosk.validate import check_duration, check_time

    time = field_validator(Meeting, "time")
    assert time.validate("18:30").is_valid
    assert time.validate("25:00").failure_descriptions == [check_time("25:00")]
    assert field_validator(Meeting, "end_time").validate("").is_valid  # optional: blank is fine
    assert not field_validator(Meeting, "time").validate("").is_valid  # required
    minutes = field_validator(Meeting, "duration", number=True)
    assert minutes.validate(" 90 ").is_valid
    assert minutes.validate("900").failure_descriptions == [check_duration(900)]
    assert not field_validator(Program, "slug").validate("Not A Slug").is_valid


@pytest.mark.parametrize("size", [SMALL, LARGE])
async def test_add_a_meeting_through_the_form(sample_path: Path, size: tuple[int, int],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    app = editor(sample_path)
    async with app.run_test(size=size) as pilot:
        program = await new_grief_meeting(pilot, app, "grief-thu", "Grief Thu")
        assert program.value == "grief-group"
        days = app.screen.query_one("#field-day", SelectionList)
        days.focus()
        await pilot.press("home", *["down"] * 4, "space")  # Sunday, Monday ... Thursday
        assert days.selected == [4]
        await fill(pilot, "time", "18:30")
        await fill(pilot, "end_time", "20:00")
        fmt = app.screen.query_one("#field-attendance_option", Select)
        fmt.focus()
        await pilot.press("enter", "down", "down", "enter")  # In person, Online, Hybrid
        assert fmt.value == "hybrid"
        await fill(pilot, "room", "R3")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ListingsScreen)
        table = app.screen.query_one("#meetings-table", DataTable)
        assert table.get_row_index("grief-thu") == table.cursor_row
        warnings = [n.message for n in app._notifications if n.severity == "warning"]
        assert any("no conference_url" in message for message in warnings)  # saved all the same

    saved = meeting_docs(sample_path)["grief-thu"]
    assert saved == {
        "id": "grief-thu", "name": "Grief Thu", "program": "grief-group", "time": "18:30",
        "end_time": "20:00", "attendance_option": "hybrid", "room": "R3", "day": 4,
        "updated": STAMP,
    }
    assert main(["--db", str(sample_path), "--now", "2026-11-26T18:00", "today", "--json"]) == 0
    today = {item["id"]: item for item in json.loads(capsys.readouterr().out)}
    assert today["grief-thu"]["start"] == "2026-11-26T18:30:00-06:00"
    assert today["grief-thu"]["format"] == "hybrid"


async def test_a_bad_time_is_refused_next_to_the_field(sample_path: Path) -> None:
    before = sample_path.read_bytes()
    app = editor(sample_path)
    async with app.run_test(size=SMALL) as pilot:
        await open_row(pilot, "smart-tue-evening")
        await pilot.press("e")
        await fill(pilot, "time", "25:00")
        assert "not a time of day" in error_text(app, "time")  # as you type
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)
        assert "not a time of day" in error_text(app, "time")
        assert app.focused is app.screen.query_one("#field-time")
        await fill(pilot, "time", "18:15")
        assert error_text(app, "time") == ""
    assert sample_path.read_bytes() == before


async def test_rules_across_fields_come_from_the_store(sample_path: Path) -> None:
    before = sample_path.read_bytes()
    app = editor(sample_path)
    async with app.run_test(size=SMALL) as pilot:
        await open_row(pilot, "smart-tue-evening")
        await pilot.press("d")  # a new meeting, id "smart-tue-evening-copy"
        app.screen.query_one("#field-id", Input).focus()
        await pilot.press("end", *["backspace"] * 5)  # now the original's id
        await fill(pilot, "start_date", "2026-12-01")
        await fill(pilot, "end_date", "2026-11-01")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, RecordForm)
        assert "already used" in error_text(app, "id")
        assert app.focused is app.screen.query_one("#field-id")
        await pilot.press("end", "2", "ctrl+s")
        assert "before start_date" in error_text(app, "end_date")
        assert error_text(app, "id") == ""
    assert sample_path.read_bytes() == before


async def test_escape_asks_before_dropping_changes(sample_path: Path) -> None:
    before = sample_path.read_bytes()
    app = editor(sample_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("e", "escape")  # nothing changed: straight back
        assert isinstance(app.screen, ListingsScreen)
        await pilot.press("e")
        await fill(pilot, "name", "Renamed")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # the focused answer is "Keep editing"
        assert isinstance(app.screen, RecordForm)
        assert app.screen.query_one("#field-name", Input).value == "Renamed"
        await pilot.press("escape")
        await pilot.click("#confirm")  # "Discard"
        assert isinstance(app.screen, ListingsScreen)
    assert sample_path.read_bytes() == before


async def test_editing_changes_only_that_field(sample_path: Path) -> None:
    before = meeting_docs(sample_path)
    app = editor(sample_path)
    async with app.run_test(size=SMALL) as pilot:
        await open_row(pilot, "smart-ff-sun-online")
        await pilot.press("enter")  # Enter edits, like e
        assert isinstance(app.screen, RecordForm)
        await fill(pilot, "conference_url_notes", "Passcode: friends")
        await pilot.click("#save")
        assert isinstance(app.screen, ListingsScreen)
    after = meeting_docs(sample_path)
    expected = dict(before["smart-ff-sun-online"], conference_url_notes="Passcode: friends",
                    updated=STAMP)
    assert after.pop("smart-ff-sun-online") == expected
    before.pop("smart-ff-sun-online")
    assert after == before


async def test_duplicate_makes_a_copy_with_a_new_id(sample_path: Path) -> None:
    app = editor(sample_path)
    async with app.run_test(size=SMALL) as pilot:
        await open_row(pilot, "smart-tue-evening")
        await pilot.press("d")
        assert app.screen.query_one("#field-id", Input).value == "smart-tue-evening-copy"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ListingsScreen)
    docs = meeting_docs(sample_path)
    original, copy = docs["smart-tue-evening"], docs["smart-tue-evening-copy"]
    assert copy == dict(original, id="smart-tue-evening-copy", updated=STAMP)


async def test_cancel_one_date_accepts_only_dates_it_meets(sample_path: Path) -> None:
    app = editor(sample_path)
    async with app.run_test(size=SMALL) as pilot:
        await open_row(pilot, "smart-tue-evening")
        await pilot.press("c")
        assert isinstance(app.screen, CancelDateDialog)
        date_input = app.screen.query_one("#cancel-date", Input)
        assert date_input.value == "2026-11-24"  # it meets later today
        date_input.value = ""
        await pilot.press(*"2026-11-25", "enter")  # a Wednesday
        assert isinstance(app.screen, CancelDateDialog)
        shown = str(app.screen.query_one("#cancel-date-error", Static).render())
        assert "Wednesday" in shown and "Tuesday" in shown
        assert "cancelled" not in meeting_docs(sample_path)["smart-tue-evening"]
        date_input.value = ""
        await pilot.press(*"2026-12-01", "enter")
        assert isinstance(app.screen, ListingsScreen)
    assert meeting_docs(sample_path)["smart-tue-evening"]["cancelled"] == ["2026-12-01"]


async def test_remove_asks_and_names_what_goes(sample_path: Path) -> None:
    app = editor(sample_path)
    async with app.run_test(size=SMALL) as pilot:
        await open_row(pilot, "refuge-fri-evening")
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmDialog)
        assert "Refuge Recovery Friday" in str(app.screen.query_one(".dialog-message",
                                                                    Static).render())
        await pilot.press("enter")  # the focused answer is "Keep"
        assert "refuge-fri-evening" in meeting_docs(sample_path)
        await pilot.press("delete")
        await pilot.click("#confirm")
        assert isinstance(app.screen, ListingsScreen)
        table = app.screen.query_one("#meetings-table", DataTable)
        assert "refuge-fri-evening" not in [row.key.value for row in table.ordered_rows]
    assert "refuge-fri-evening" not in meeting_docs(sample_path)


async def test_a_program_in_use_is_not_removed(sample_path: Path) -> None:
    before = sample_path.read_bytes()
    app = editor(sample_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("tab", "tab")  # Meetings → Events → Programs
        assert app.screen.spec().kind is Program
        await pilot.press("x")
        assert isinstance(app.screen, ListingsScreen)  # refused before asking
        assert any("move or remove them first" in str(n.message)
                   for n in app._notifications)
    assert sample_path.read_bytes() == before


async def test_the_form_scrolls_at_80x24(sample_path: Path) -> None:
    app = editor(sample_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("e")
        last = app.screen.query_one("#field-end_date", Input)
        assert last.region.y >= SMALL[1]  # below the fold at first
        last.focus()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        scroll = app.screen.query_one("#form-fields")
        assert scroll.region.contains_region(last.region)
        assert app.screen.region.contains_region(app.screen.query_one("#save").region)


async def test_text_from_the_file_is_shown_literally(sample_path: Path) -> None:
    Store(sample_path).update(
        Meeting, "smart-tue-evening",
        lambda m: Meeting.from_doc(dict(m.to_doc(), name="[bold]Tue[/bold] \x1b[31mred")),
    )
    app = editor(sample_path)
    async with app.run_test(size=LARGE) as pilot:
        table = app.screen.query_one("#meetings-table", DataTable)
        row = table.get_row("smart-tue-evening")
        assert "[bold]Tue[/bold] ␛[31mred" in [cell.plain for cell in row]
        await open_row(pilot, "smart-tue-evening")
        await pilot.press("e")
        assert app.screen.query_one("#field-name", Input).value == "[bold]Tue[/bold] ␛[31mred"
        assert "\x1b" not in app.export_screenshot()


async def test_changes_made_elsewhere_show_up(sample_path: Path) -> None:
    app = editor(sample_path)
    async with app.run_test(size=SMALL):
        Store(sample_path).remove(Meeting, "smart-tue-evening")
        app.notice_file_change()
        table = app.screen.query_one("#meetings-table", DataTable)
        assert "smart-tue-evening" not in [row.key.value for row in table.ordered_rows]


def test_admin_command_reports_an_unreadable_file(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["admin", "--db", str(tmp_path / "missing.json")]) == 1
    assert "does not exist" in capsys.readouterr().err



async def test_an_event_is_cancelled_and_put_back_after_asking(sample_path: Path) -> None:
    def cancelled() -> bool:
        events = json.loads(sample_path.read_text("utf-8"))["events"].values()
        return next(e for e in events if e["id"] == "grief-potluck-december")["cancelled"]

    app = editor(sample_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("tab", "c")  # the Events list
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#confirm")
        assert cancelled()
        await pilot.press("c")
        assert "back on" in str(app.screen.query_one(".dialog-title", Static).render())
        await pilot.click("#confirm")
    assert not cancelled()


async def test_a_meeting_by_appointment_is_added_listed_and_edited(sample_path: Path) -> None:
    app = editor(sample_path)
    async with app.run_test(size=LARGE) as pilot:
        await new_grief_meeting(pilot, app, "grief-one-to-one", "Grief one to one")
        await pilot.press("ctrl+s")  # no weekday, no time: by appointment
        await pilot.pause()
        assert isinstance(app.screen, ListingsScreen)
        table = app.screen.query_one("#meetings-table", DataTable)
        row = [str(cell) for cell in table.get_row("grief-one-to-one")]
        assert row[:2] == ["", "By appointment"]
        assert table.get_row_index("grief-one-to-one") == table.row_count - 1  # after the week

        await pilot.press("enter")
        assert isinstance(app.screen, RecordForm)
        await fill(pilot, "notes", "Ask at the desk")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ListingsScreen)

        await pilot.press("enter")
        await fill(pilot, "time", "18:00")  # a time without a day is refused
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)
        assert "needs a weekday" in error_text(app, "day")
    saved = meeting_docs(sample_path)["grief-one-to-one"]
    assert saved == {"id": "grief-one-to-one", "name": "Grief one to one",
                     "program": "grief-group", "attendance_option": "in_person",
                     "notes": "Ask at the desk", "updated": STAMP}
