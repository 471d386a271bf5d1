"""`kiosk check`: one line per problem naming record and field, and the exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.model import Listings, Meeting, Program, Settings
from kiosk.staff import hash_pin
from kiosk.store import Store
from tests.app_helpers import change_settings

GOOD = {"program": "grief-group", "day": 2, "time": "18:00", "end_time": "19:00"}
PROGRAMS = (Program(slug="grief-group", name="Grief Group"),)

# One meeting per rule, each named after what is wrong with it.
BAD_MEETINGS = (
    Meeting(id="bad-program", name="Unknown program", **{**GOOD, "program": "nope"}),
    Meeting(id="bad-time", name="Bad time", **{**GOOD, "time": "25:00"}),
    Meeting(id="bad-day", name="Bad weekday", **{**GOOD, "day": 9}),
    Meeting(id="bad-end", name="Ends before it starts",
            **{**GOOD, "time": "19:00", "end_time": "18:30"}),
    Meeting(id="bad-url", name="FTP link", attendance_option="online", conference_url="ftp://x",
            **GOOD),
    Meeting(id="no-name", name="   ", **GOOD),
    Meeting(id="twice", name="First", **GOOD),
    Meeting(id="twice", name="Second", **GOOD),
)
EXPECTED = {
    ("meeting bad-program", "program"),
    ("meeting bad-time", "time"),
    ("meeting bad-day", "day"),
    ("meeting bad-end", "end_time"),
    ("meeting bad-url", "conference_url"),
    ("meeting no-name", "name"),
    ("meeting twice", "id"),
}
PIN_HASH = hash_pin("4821")
BROKEN_JSON = '{\n  "programs": {\n    "1": {"slug": oops}\n  }\n}\n'


def write(path: Path, *meetings: Meeting) -> Path:
    Store(path).write_listings(Listings(settings=Settings(staff_pin_hash=PIN_HASH),
                                        programs=PROGRAMS, meetings=meetings))
    return path


@pytest.fixture
def bad_db(tmp_path: Path) -> Path:
    return write(tmp_path / "kiosk.json", *BAD_MEETINGS)


def check(path: Path, *options: str) -> int:
    return main(["--db", str(path), "check", *options])


def test_a_clean_file_passes(sample_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    change_settings(sample_path, staff_pin_hash=PIN_HASH)
    assert check(sample_path) == 0
    [line] = capsys.readouterr().out.splitlines()
    meetings = len(Store(sample_path).load().meetings)
    assert line.startswith(f"{sample_path}: no problems (")
    assert f"{meetings} meetings" in line


def test_without_a_staff_pin_check_warns_that_visitors_could_leave(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The sample has no PIN, so F12 three times leaves it at once: fine for trying it out."""
    assert check(sample_path) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ("warning: settings: staff_pin_hash: no staff PIN is set, so anyone at "
                        "the kiosk can leave it by pressing f12 f12 f12; set one with "
                        "`kiosk settings set-pin`")
    assert lines[-1].endswith("0 errors, 1 warning.")
    assert check(sample_path, "--json") == 0
    [problem] = json.loads(capsys.readouterr().out)
    assert (problem["field"], problem["severity"]) == ("staff_pin_hash", "warning")


def test_warnings_alone_still_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "kiosk.json",
                 Meeting(id="no-link", name="Online, no link", attendance_option="online",
                         **GOOD))
    assert check(path) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("warning: meeting no-link: conference_url: ")
    assert lines[-1].endswith("0 errors, 1 warning.")


def test_every_error_is_one_line_naming_record_and_field(
    bad_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(bad_db) == 1
    lines = capsys.readouterr().out.splitlines()
    errors = [line for line in lines if line.startswith("error: ")]
    assert len(errors) == len(EXPECTED)
    for record, field in EXPECTED:
        assert sum(line.startswith(f"error: {record}: {field}: ") for line in errors) == 1, (
            record, field, errors)
    assert lines[-1] == f"{bad_db}: 7 errors, 0 warnings. A record with errors is left off " \
                        "the kiosk (or shown as it last was, if it was good before) until fixed."


def test_json_lists_every_problem(bad_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(bad_db, "--json") == 1
    problems = json.loads(capsys.readouterr().out)
    assert {(p["record"], p["field"]) for p in problems} == EXPECTED
    assert all(set(p) == {"record", "field", "message", "severity"} for p in problems)
    assert {p["severity"] for p in problems} == {"error"}


def test_unreadable_json_names_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "kiosk.json"
    path.write_text(BROKEN_JSON, encoding="utf-8")
    column = BROKEN_JSON.splitlines()[2].index("oops") + 1
    assert check(path) == 1
    captured = capsys.readouterr()
    first, *rest = captured.out.splitlines()
    assert first.startswith(f"error: {path}: not valid JSON at line 3, column {column}: ")
    assert len(rest) == 1  # the summary line
    assert "Traceback" not in captured.err

    assert check(path, "--json") == 1
    [problem] = json.loads(capsys.readouterr().out)
    assert problem["severity"] == "error"
    assert f"line 3, column {column}" in problem["message"]


def test_a_missing_file_fails_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(tmp_path / "missing.json") == 1
    captured = capsys.readouterr()
    assert "the file does not exist" in captured.out
    assert "Traceback" not in captured.out + captured.err
