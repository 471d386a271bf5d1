"""Input as staff type it: trimmed, blank fields left out, names bounded, times as people say them.

The command line and the editor tidy what staff type the same way (`kiosk.staff_input`); the
file itself stays strict, so `kiosk check` still refuses "7pm" written into it by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import SelectionList, TextArea

from kiosk.admin.screens.form import RecordForm
from kiosk.admin.screens.listings import ListingsScreen
from kiosk.cli import main
from kiosk.staff_input import staff_time
from kiosk.validate import MAX_NAME_LENGTH
from tests.test_admin import (
    SMALL,
    editor,
    error_text,
    fill,
    meeting_docs,
    new_grief_meeting,
    open_row,
)


@pytest.fixture
def db(sample_path: Path) -> Path:
    """The listings file these tests change: a private copy of the sample (conftest)."""
    return sample_path


@pytest.mark.parametrize(("typed", "stored"), [
    ("7:00", "07:00"), ("07:00", "07:00"), ("7pm", "19:00"), ("7:30 PM", "19:30"),
    ("19:30", "19:30"), (" 7:30pm ", "19:30"), ("12am", "00:00"), ("12:15 pm", "12:15"),
    ("6.45 a.m.", "06:45"), ("0:05", "00:05"),
])
def test_staff_times_are_stored_as_hh_mm(typed: str, stored: str) -> None:
    assert staff_time(typed) == stored


@pytest.mark.parametrize("typed", ["24:00", "13pm", "0am", "7", "7:5", "noon", "19:30:00"])
def test_what_is_no_time_is_passed_on_for_the_check_to_name(typed: str) -> None:
    assert staff_time(typed) == typed


def add(db: Path, *options: str) -> int:
    return main(["meetings", "add", "--id", "new-mon", "--program", "smart-recovery",
                 "--day", "mon", *options, "--db", str(db)])


def stored(db: Path, meeting_id: str) -> dict[str, Any]:
    return meeting_docs(db)[meeting_id]


@pytest.mark.parametrize(("typed", "time"), [("7:00", "07:00"), ("7pm", "19:00"),
                                             ("7:30 PM", "19:30"), ("19:30", "19:30")])
def test_the_command_line_takes_times_as_staff_type_them(db: Path, typed: str, time: str) -> None:
    assert add(db, "--name", "New", "--time", typed) == 0
    assert stored(db, "new-mon")["time"] == time


def test_the_command_line_trims_text_and_leaves_blank_fields_out(db: Path) -> None:
    assert add(db, "--name", "  New Monday ", "--time", "19:00", "--end-time", " 9 PM",
               "--room", "   ",
               "--location", "\tOak Grove Library \n", "--notes", "") == 0
    doc = stored(db, "new-mon")
    assert (doc["name"], doc["location"]) == ("New Monday", "Oak Grove Library")
    assert doc["end_time"] == "21:00"
    assert "room" not in doc and "notes" not in doc
    assert main(["meetings", "edit", " new-mon ", "--location", "  ", "--db", str(db)]) == 0
    assert "location" not in stored(db, "new-mon")


def test_a_name_too_long_is_refused_and_the_file_kept(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = db.read_bytes()
    assert add(db, "--name", "x" * 460, "--time", "19:00") == 1
    assert "name: is too long: 460 characters, at most 200" in capsys.readouterr().err
    assert db.read_bytes() == before
    assert add(db, "--name", "x" * MAX_NAME_LENGTH, "--time", "19:00") == 0


def test_the_file_itself_stays_strict(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(db.read_text("utf-8"))
    first = next(iter(data["meetings"].values()))
    first["time"] = "7pm"
    db.write_text(json.dumps(data), encoding="utf-8")
    assert main(["check", "--db", str(db)]) == 1
    assert f"meeting {first['id']}: time: '7pm' is not a time like 19:30" in (
        capsys.readouterr().out
    )


async def test_the_editor_trims_and_takes_times_as_staff_type_them(db: Path) -> None:
    app = editor(db)
    async with app.run_test(size=SMALL) as pilot:
        await new_grief_meeting(pilot, app, "grief-thu", "  Grief Thu  ")
        app.screen.query_one("#field-day", SelectionList).select(4)
        await fill(pilot, "time", "6:30 PM")
        assert error_text(app, "time") == ""  # accepted as typed
        await fill(pilot, "end_time", "8pm")
        await fill(pilot, "room", "   ")
        await fill(pilot, "location", " Oak Grove Library ")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ListingsScreen)
    saved = meeting_docs(db)["grief-thu"]
    assert (saved["name"], saved["time"], saved["end_time"], saved["location"]) == (
        "Grief Thu", "18:30", "20:00", "Oak Grove Library")
    assert "room" not in saved


async def test_the_editor_refuses_a_name_too_long_as_staff_type(db: Path) -> None:
    before = db.read_bytes()
    app = editor(db)
    async with app.run_test(size=SMALL) as pilot:
        await open_row(pilot, "smart-tue-evening")
        await pilot.press("e")
        await fill(pilot, "name", "y" * (MAX_NAME_LENGTH + 1))
        assert "is too long: 201 characters, at most 200" in error_text(app, "name")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)
    assert db.read_bytes() == before


async def test_the_editor_trims_a_long_text(db: Path) -> None:
    app = editor(db)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("tab", "tab")  # Meetings → Events → Programs
        await open_row(pilot, "smart-recovery")
        await pilot.press("e")
        area = app.screen.query_one("#field-description", TextArea)
        area.text = "\n  A new description.  \n\n"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ListingsScreen)
    programs = json.loads(db.read_text("utf-8"))["programs"].values()
    assert next(p for p in programs if p["slug"] == "smart-recovery")["description"] == (
        "A new description."
    )
