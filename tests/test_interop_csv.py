"""CSV import and export: the documented columns, forgiving input, errors by row and column."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kiosk.interop.csv_io import COLUMNS, LOCAL_FIELDS, parse_csv, to_csv
from kiosk.interop.importing import ImportFileError, apply_import, plan_import
from kiosk.model import Listings, Meeting, Program
from kiosk.store import Store

DATA = Path(__file__).parent / "data" / "interop"
TEMPLATE = Path(__file__).parent.parent / "data" / "template.csv"
PROGRAMS = (
    Program("smart-recovery", "SMART Recovery"),
    Program("smart-family-friends", "SMART Family & Friends"),
    Program("refuge-recovery", "Refuge Recovery"),
    Program("grief-support", "Grief support group"),
)
HEADER = "id,name,day,time"


def read(path: Path) -> str:
    return path.read_text("utf-8")


def test_template_has_the_documented_columns_and_imports_cleanly() -> None:
    rows = list(csv.reader(io.StringIO(read(TEMPLATE))))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 3
    result = parse_csv(read(TEMPLATE))
    assert result.problems == ()
    assert [m.id for m in result.meetings] == ["smart-tuesday-evening", "family-friends-online"]


def test_fixture_reads_names_numbers_twelve_hour_times_and_lists() -> None:
    result = parse_csv(read(DATA / "meetings.csv"))
    assert result.problems == ()
    meetings = {m.id: m for m in result.meetings}

    tuesday = meetings["smart-tuesday-evening"]
    assert (tuesday.day, tuesday.time, tuesday.end_time) == (2, "18:30", "20:00")
    assert tuesday.attendance_option == "in_person"
    assert tuesday.room == "Room 2"
    assert tuesday.notes == 'Use the side door; "Room 2" is on the left.'
    assert tuesday.cancelled == ("2026-11-03", "2026-12-29")

    hybrid = meetings["family-friends-hybrid"]
    assert hybrid.attendance_option == "hybrid"  # blank format: link and a place
    assert (hybrid.duration, hybrid.end_time) == (90, None)
    assert hybrid.conference_phone == "+1 312 555 0100"  # the quote keeps spreadsheets safe
    assert hybrid.conference_url_notes == "Ask at the front desk"
    assert hybrid.program == "SMART Family & Friends"  # matched to a slug by plan_import

    weekdays = meetings["refuge-weekdays"]
    assert weekdays.day == (1, 3, 5)
    assert (weekdays.start_date, weekdays.end_date) == ("2026-10-01", "2027-03-31")

    assert meetings["grief-online"].notes == "=not a formula"
    assert meetings["grief-online"].day == 3


def test_round_trip_gives_the_same_meetings() -> None:
    first = parse_csv(read(DATA / "meetings.csv")).meetings
    exported = to_csv(Listings(meetings=first))
    assert tuple(next(csv.reader(io.StringIO(exported)))) == COLUMNS
    assert parse_csv(exported).meetings == first


def test_export_quotes_cells_a_spreadsheet_would_run_as_formulas() -> None:
    meeting = Meeting(id="m", name="=HYPERLINK(\"x\")", program="p", time="19:00", day=1,
                      notes="@SUM(1)", conference_phone="+1 312 555 0100",
                      conference_url="https://zoom.us/j/1", attendance_option="online")
    [row] = list(csv.DictReader(io.StringIO(to_csv(Listings(meetings=(meeting,))))))
    assert row["name"] == "'=HYPERLINK(\"x\")"
    assert row["notes"] == "'@SUM(1)"
    assert row["conference_phone"] == "'+1 312 555 0100"
    [back] = parse_csv(to_csv(Listings(meetings=(meeting,)))).meetings
    assert back == meeting


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("a,A,Funday,19:00", "day", "'Funday' is not a weekday"),
        ("a,A,9,19:00", "day", "'9' is not a weekday"),
        ("a,A,Mon,24:61", "time", "not a time of day"),
        ("a,A,Mon,7 o'clock", "time", "not a time like 19:30"),
        ("a,A,Mon,13 PM", "time", "not a time like 19:30"),
        ("a,A,Mon;Monday,19:00", "day", "same weekday twice"),
        ("a,,Mon,19:00", "name", "is missing"),
        ("Not An Id,A,Mon,19:00", "id", "is not an id"),
    ],
)
def test_errors_name_the_row_number_and_column(row: str, column: str, message: str) -> None:
    result = parse_csv(f"{HEADER}\nok,Fine,Mon,19:00\n{row}\n")
    assert [m.id for m in result.meetings] == ["ok"]
    [problem] = result.errors
    assert problem.record.startswith("row 3")
    assert problem.field == column
    assert message in problem.message


def test_other_columns_are_checked_and_named_as_in_the_file() -> None:
    text = ("id,name,day,time,end_time,duration,format,passcode_hint,conference_url\n"
            "a,A,Mon,19:00,20:00,abc,sometimes,,ftp://x\n")
    result = parse_csv(text)
    assert result.meetings == ()
    fields = {p.field for p in result.errors}
    assert {"duration", "format", "conference_url"} <= fields
    assert all(p.record == "row 2 (a)" for p in result.errors)


def test_both_end_time_and_duration_is_an_error() -> None:
    result = parse_csv("id,name,day,time,end_time,duration\na,A,Mon,19:00,20:00,60\n")
    assert [(p.record, p.field) for p in result.errors] == [("row 2 (a)", "duration")]


def test_blank_rows_are_ignored_and_unknown_columns_warned_about() -> None:
    result = parse_csv(f"\ufeff{HEADER},Colour\na,A,Sun,10:00,blue\n,,,,\n")
    assert [m.id for m in result.meetings] == ["a"]
    [warning] = result.problems
    assert (warning.record, warning.field, warning.severity) == ("row 1", "Colour", "warning")


@pytest.mark.parametrize(("text", "message"),
                         [("", "empty"), ("id,name,day\na,A,Mon\n", "no column time")])
def test_a_file_without_the_needed_header_is_refused(text: str, message: str) -> None:
    with pytest.raises(ImportFileError, match=message):
        parse_csv(text)


def test_csv_import_takes_the_same_plan_path_and_keeps_fields_csv_lacks(tmp_path: Path) -> None:
    store = Store(tmp_path / "kiosk.json")
    existing = Meeting(id="refuge-weekdays", name="Old name", program="refuge-recovery",
                       time="07:00", day=(1, 3, 5), types=("MED",), extra={"district": "4"})
    store.write_listings(Listings(programs=PROGRAMS, meetings=(existing,)))
    meetings = parse_csv(read(DATA / "meetings.csv")).meetings
    plan = plan_import(store.load(), meetings, program_map={}, replace=False,
                       keep_fields=LOCAL_FIELDS)
    assert len(plan.added) == 3
    [change] = plan.changed
    assert change.new.types == ("MED",) and change.new.extra == {"district": "4"}
    assert set(change.fields) == {"name", "end_time", "location", "address", "start_date",
                                  "end_date"}
    apply_import(store, plan)
    programs = {m.id: m.program for m in store.load().meetings}
    assert programs == {"refuge-weekdays": "refuge-recovery",
                        "smart-tuesday-evening": "smart-recovery",
                        "family-friends-hybrid": "smart-family-friends",
                        "grief-online": "grief-support"}
