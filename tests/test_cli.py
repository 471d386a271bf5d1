"""The staff command line: reports, changes through the store, and errors without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

import kiosk.store as store_module
from kiosk.cli import build_parser, main
from kiosk.cli.common import BUNDLED_DB
from kiosk.cli.run import run_kiosk
from kiosk.model import Listings, Meeting, Program, Settings
from kiosk.store import Store

REPO = Path(__file__).resolve().parent.parent
TUESDAY_EVENING = "2026-11-24T18:55"  # Chicago; the fixture has something in every state
TODAY_JSON_KEYS = {"id", "name", "program", "kind", "start", "end", "format", "status",
                   "conference_url"}
CENTER = {"location": "Test Center", "address": "1 Main St"}

LISTINGS = Listings(
    settings=Settings(org_name="Test Center", timezone="America/Chicago",
                      starting_soon_minutes=30),
    programs=(
        Program(slug="smart-recovery", name="SMART Recovery", order=1),
        Program(slug="grief-group", name="Grief Group", order=2),
    ),
    meetings=(
        Meeting(id="tue-morning", name="Tuesday Morning", program="smart-recovery", day=2,
                time="10:00", end_time="11:00", room="Room 2", **CENTER),
        Meeting(id="tue-evening", name="Tuesday Evening", program="smart-recovery", day=2,
                time="18:00", end_time="19:30", room="Room 1", notes="Welcome", **CENTER),
        Meeting(id="tue-cancelled", name="Tuesday Cancelled", program="grief-group", day=2,
                time="19:00", end_time="20:00", cancelled=("2026-11-24",), **CENTER),
        Meeting(id="tue-hybrid", name="Tuesday Hybrid", program="grief-group", day=2,
                time="19:15", end_time="20:30", attendance_option="hybrid",
                conference_url="https://example.org/j/1", **CENTER),
        Meeting(id="tue-online", name="Tuesday Online", program="smart-recovery", day=(2, 4),
                time="20:00", duration=60, attendance_option="online",
                conference_url="https://example.org/j/2"),
        Meeting(id="mon-late", name="Monday Late", program="smart-recovery", day=1,
                time="23:00", end_time="01:00", attendance_option="online",
                conference_url="https://example.org/j/3"),
        Meeting(id="sun-morning", name="Sunday Morning", program="grief-group", day=0,
                time="09:30", end_time="10:30", **CENTER),
        Meeting(id="sat-series", name="Saturday Series", program="smart-recovery", day=6,
                time="11:00", end_time="12:00", start_date="2026-12-05",
                end_date="2026-12-19", **CENTER),
    ),
)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A private listings file written through the store, as staff commands would find it."""
    path = tmp_path / "kiosk.json"
    Store(path).write_listings(LISTINGS)
    return path


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def meeting(db: Path, meeting_id: str) -> Meeting | None:
    return Store(db).load().meeting(meeting_id)


def today_json(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> list[dict]:
    capsys.readouterr()
    assert run(db, *args, "today", "--json") == 0
    return json.loads(capsys.readouterr().out)


# -- today -------------------------------------------------------------------------------


def test_today_json_has_every_status_and_the_stable_shape(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = today_json(db, capsys, "--now", TUESDAY_EVENING)
    assert {item["id"]: item["status"] for item in items} == {
        "tue-morning": "ended",
        "tue-evening": "in_progress",
        "tue-cancelled": "cancelled",
        "tue-hybrid": "starting_soon",
        "tue-online": "later",
    }
    assert all(set(item) == TODAY_JSON_KEYS for item in items)
    evening = next(item for item in items if item["id"] == "tue-evening")
    assert evening["start"] == "2026-11-24T18:00:00-06:00"
    assert evening["end"] == "2026-11-24T19:30:00-06:00"
    assert [item["start"] for item in items] == sorted(item["start"] for item in items)


def test_today_includes_last_nights_meeting_still_running(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = today_json(db, capsys, "--now", "2026-11-24T00:30")
    late = next(item for item in items if item["id"] == "mon-late")
    assert late["status"] == "in_progress"
    assert late["start"] == "2026-11-23T23:00:00-06:00"


def test_today_table_shows_status_words_programs_and_places(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db, "--now", TUESDAY_EVENING, "today") == 0
    lines = capsys.readouterr().out.splitlines()
    row = {name: next(line for line in lines if name in line)
           for name in ("Tuesday Evening", "Tuesday Online", "Tuesday Cancelled")}
    assert "6:00 PM–7:30 PM" in row["Tuesday Evening"]
    assert "In progress" in row["Tuesday Evening"]
    assert "Test Center, Room 1" in row["Tuesday Evening"]
    assert "Later today" in row["Tuesday Online"]
    assert row["Tuesday Online"].rstrip().endswith("online")
    assert "Cancelled" in row["Tuesday Cancelled"]
    assert "Grief Group" in row["Tuesday Cancelled"]


def test_today_with_nothing_on_says_what_is_next(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db, "--now", "2026-11-28T12:00", "today") == 0  # a Saturday before the series
    out = capsys.readouterr().out
    assert "Nothing on the schedule today" in out
    next_lines = [line for line in out.splitlines() if line.startswith("Next:")]
    assert next_lines and "Tomorrow, 9:30 AM" in next_lines[0]
    assert "Sunday Morning" in next_lines[0]


def test_tz_override_reads_the_schedule_in_that_zone(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    moment = "2026-11-24T18:55-06:00"  # 19:55 in New York
    status = {i["id"]: i for i in today_json(db, capsys, "--now", moment)}
    assert status["tue-evening"]["status"] == "in_progress"
    overridden = {i["id"]: i for i in today_json(db, capsys, "--tz", "America/New_York",
                                                   "--now", moment)}
    assert overridden["tue-evening"]["status"] == "ended"
    assert overridden["tue-evening"]["start"] == "2026-11-24T18:00:00-05:00"


def test_unknown_tz_is_refused_clearly(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db, "--tz", "Mars/Olympus", "today") == 2
    assert "'Mars/Olympus' is not an IANA time zone" in capsys.readouterr().err


def test_control_codes_in_names_never_reach_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "kiosk.json"
    sneaky = replace(LISTINGS.meetings[1], name="Evening\x1b[2J\x07")
    Store(path).write_listings(replace(LISTINGS, meetings=(sneaky,)))
    for command in (["today"], ["meetings", "list"]):
        assert run(path, "--now", TUESDAY_EVENING, *command) == 0
        out = capsys.readouterr().out
        assert "Evening" in out
        assert "\x1b" not in out and "\x07" not in out


# -- where the file is -------------------------------------------------------------------


def test_kiosk_db_environment_variable_names_the_file(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("KIOSK_DB", str(db))
    assert main(["programs", "list"]) == 0
    assert "grief-group" in capsys.readouterr().out
    other = tmp_path / "other.json"
    Store(other).write_listings(Listings(programs=(Program(slug="only-one", name="Only"),)))
    assert main(["--db", str(other), "programs", "list"]) == 0  # --db wins over the variable
    out = capsys.readouterr().out
    assert "only-one" in out and "grief-group" not in out


def test_without_db_or_variable_the_bundled_sample_is_read(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("KIOSK_DB", raising=False)
    main(["check"])
    assert str(BUNDLED_DB) in capsys.readouterr().out
    assert BUNDLED_DB == REPO / "data" / "kiosk.json"


def test_a_missing_file_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(tmp_path / "nope.json", "today") == 1
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [f"error: {tmp_path / 'nope.json'}: the file does not exist"]


# -- programs and meetings lists -----------------------------------------------------------


def first_column(out: str) -> list[str]:
    """The ID/slug column of a printed table (below the header and its rule)."""
    return [line.split()[0] for line in out.splitlines()[2:] if line.strip()]


def test_programs_list_counts_meetings(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db, "programs", "list") == 0
    lines = capsys.readouterr().out.splitlines()[2:]
    counts = Counter(m.program for m in LISTINGS.meetings)
    for program, line in zip(LISTINGS.programs, lines, strict=True):
        assert line.split()[0] == program.slug
        assert line.split()[-1] == str(counts[program.slug])


@pytest.mark.parametrize(("filters", "expected"), [
    (["--day", "tue", "--program", "grief-group"], ["tue-cancelled", "tue-hybrid"]),
    (["--day", "Thursday"], ["tue-online"]),
    (["--day", "0"], ["sun-morning"]),
    (["--program", "grief-group"], ["sun-morning", "tue-cancelled", "tue-hybrid"]),
])
def test_meetings_list_filters_by_day_and_program(
    db: Path, capsys: pytest.CaptureFixture[str], filters: list[str], expected: list[str]
) -> None:
    assert run(db, "meetings", "list", *filters) == 0
    assert first_column(capsys.readouterr().out) == expected


def test_meetings_list_refuses_an_unknown_program(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db, "meetings", "list", "--program", "nope") == 1
    assert "kiosk programs list" in capsys.readouterr().err


# -- changes -----------------------------------------------------------------------------


def test_add_saves_the_meeting_and_confirms(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db, "--now", TUESDAY_EVENING, "meetings", "add", "--id", "new-one",
               "--program", "grief-group", "--name", "New One", "--day", "tue,thu",
               "--day", "Sat", "--time", "17:00", "--duration", "45", "--format", "online",
               "--url", "https://example.org/j/9", "--passcode-hint", "Passcode: 9") == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "new-one" in out
    added = meeting(db, "new-one")
    assert added == Meeting(
        id="new-one", name="New One", program="grief-group", day=(2, 4, 6), time="17:00",
        duration=45, attendance_option="online", conference_url="https://example.org/j/9",
        conference_url_notes="Passcode: 9", updated="2026-11-25 00:55:00",
    )


@pytest.mark.parametrize(("options", "field", "hint"), [
    (["--time", "25:00"], "time", "--time TIME"),
    (["--time", "19:00", "--end-time", "18:30"], "end_time", "--end-time TIME"),
    (["--time", "19:00", "--url", "ftp://x", "--format", "online"], "conference_url", "--url"),
    (["--time", "19:00", "--program", "nope"], "program", "kiosk programs list"),
    (["--time", "19:00", "--id", "tue-evening"], "id", ""),
])
def test_add_refuses_bad_data_and_leaves_the_file_alone(
    db: Path, capsys: pytest.CaptureFixture[str], options: list[str], field: str, hint: str
) -> None:
    before = db.read_bytes()
    base = {"--id": "new-one", "--program": "grief-group", "--name": "New", "--day": "mon"}
    for flag, value in zip(options[::2], options[1::2], strict=True):
        base[flag] = value
    assert run(db, "meetings", "add", *[part for pair in base.items() for part in pair]) == 1
    assert db.read_bytes() == before
    err = capsys.readouterr().err
    assert f"error: meeting {base['--id']}: {field}: " in err
    assert hint in err and "Nothing was changed" in err


@pytest.mark.parametrize("options", [
    ["--day", "9"],
    ["--day", "someday"],
    ["--duration", "60", "--end-time", "19:00"],
    ["--format", "zoom"],
])
def test_add_usage_mistakes_exit_2(db: Path, options: list[str]) -> None:
    before = db.read_bytes()
    assert run(db, "meetings", "add", "--id", "x", "--program", "grief-group", "--name", "X",
               "--time", "18:00", "--day", "mon", *options) == 2
    assert db.read_bytes() == before


def test_edit_changes_only_the_given_fields(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = meeting(db, "tue-evening")
    assert old is not None
    assert run(db, "--now", TUESDAY_EVENING, "meetings", "edit", "tue-evening",
               "--time", "18:15", "--name", "Tuesday Evening Group",
               "--clear-field", "room", "--clear-field", "notes") == 0
    assert "Updated meeting tue-evening: name, notes, room, time." in capsys.readouterr().out
    assert meeting(db, "tue-evening") == replace(
        old, time="18:15", name="Tuesday Evening Group", room="", notes="",
        updated="2026-11-25 00:55:00",
    )


def test_edit_end_time_replaces_a_duration(db: Path) -> None:
    assert run(db, "meetings", "edit", "tue-online", "--end-time", "21:30") == 0
    edited = meeting(db, "tue-online")
    assert edited is not None
    assert (edited.end_time, edited.duration) == ("21:30", None)


@pytest.mark.parametrize("args", [
    ["tue-online", "--url", "ftp://x"],
    ["tue-evening", "--time", "7 o'clock"],
    ["no-such-meeting", "--time", "19:00"],
])
def test_edit_refuses_bad_data_and_leaves_the_file_alone(
    db: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    before = db.read_bytes()
    assert run(db, "meetings", "edit", *args) == 1
    assert db.read_bytes() == before
    assert f"error: meeting {args[0]}: " in capsys.readouterr().err


@pytest.mark.parametrize("args", [
    ["tue-evening"],
    ["tue-evening", "--notes", "x", "--clear-field", "notes"],
    ["tue-evening", "--clear-field", "time"],
])
def test_edit_usage_mistakes_exit_2(db: Path, args: list[str]) -> None:
    before = db.read_bytes()
    assert run(db, "meetings", "edit", *args) == 2
    assert db.read_bytes() == before


def test_cancel_one_date_then_undo(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db, "meetings", "cancel", "tue-evening", "2026-12-01") == 0
    assert "Cancelled meeting tue-evening" in capsys.readouterr().out
    items = today_json(db, capsys, "--now", "2026-12-01T18:55")
    assert {i["id"]: i["status"] for i in items}["tue-evening"] == "cancelled"

    assert run(db, "meetings", "cancel", "tue-evening", "2026-12-01", "--undo") == 0
    restored = meeting(db, "tue-evening")
    assert restored is not None and restored.cancelled == ()


def test_cancel_again_changes_nothing(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = db.read_bytes()
    assert run(db, "meetings", "cancel", "tue-cancelled", "2026-11-24") == 0
    assert "already cancelled" in capsys.readouterr().out
    assert db.read_bytes() == before


@pytest.mark.parametrize(("meeting_id", "day", "reason"), [
    ("tue-evening", "2026-12-02", "2026-12-02 is a Wednesday; this meeting meets on Tuesday"),
    ("tue-online", "2026-12-02", "meets on Tuesday and Thursday"),
    ("sat-series", "2026-11-28", "outside the dates this meeting runs (2026-12-05 to 2026-12-19)"),
])
def test_cancel_refuses_a_date_the_meeting_does_not_meet(
    db: Path, capsys: pytest.CaptureFixture[str], meeting_id: str, day: str, reason: str
) -> None:
    before = db.read_bytes()
    assert run(db, "meetings", "cancel", meeting_id, day) == 1
    assert reason in capsys.readouterr().err
    assert db.read_bytes() == before


def test_remove_needs_yes(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = db.read_bytes()
    assert run(db, "meetings", "remove", "tue-evening") == 1
    out = capsys.readouterr().out
    assert "Tuesday Evening" in out and "--yes" in out
    assert db.read_bytes() == before

    assert run(db, "meetings", "remove", "tue-evening", "--yes") == 0
    assert meeting(db, "tue-evening") is None
    assert meeting(db, "tue-morning") is not None
    assert db.with_name("kiosk.json.bak").read_bytes() == before


def test_remove_unknown_meeting_is_refused(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db, "meetings", "remove", "nope") == 1
    assert run(db, "meetings", "remove", "nope", "--yes") == 1
    assert "no meeting has" in capsys.readouterr().err


def test_concurrent_staff_commands_both_keep_their_change(db: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "KIOSK_DB"}
    ids = [f"together-{n}" for n in range(4)]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "kiosk", "--db", str(db), "meetings", "add",
             "--id", meeting_id, "--program", "grief-group", "--name", meeting_id,
             "--day", "fri", "--time", "12:00"],
            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for meeting_id in ids
    ]
    results = [(*p.communicate(timeout=60), p.returncode) for p in processes]
    assert [code for _, _, code in results] == [0] * len(ids), results
    saved = {m.id for m in Store(db).load().meetings}
    assert set(ids) <= saved
    assert {m.id for m in LISTINGS.meetings} <= saved


# -- parsing -----------------------------------------------------------------------------


@pytest.mark.parametrize("command", [
    [], ["run"], ["screenshot"], ["check"], ["today"], ["programs"], ["programs", "list"],
    ["meetings"], ["meetings", "list"], ["meetings", "add"], ["meetings", "edit"],
    ["meetings", "cancel"], ["meetings", "remove"],
])
def test_help_works_everywhere(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: kiosk {' '.join(command)}".rstrip())
    assert len(out.splitlines()) > 5


def test_no_command_means_run() -> None:
    args = build_parser().parse_args(["--db", "x.json"])
    assert args.handler is run_kiosk
    assert (args.no_kiosk, args.open) == (False, None)


def test_run_and_screenshot_options_parse() -> None:
    parser = build_parser()
    shot = parser.parse_args(["screenshot", "--screen", "program:grief-group", "--size",
                              "100x30", "-o", "out.svg"])
    assert (shot.screen, shot.size, shot.output) == ("program:grief-group", (100, 30), "out.svg")
    assert parser.parse_args(["screenshot", "-o", "a.svg"]).size == (120, 40)
    assert parser.parse_args(["run", "--no-kiosk", "--open", "meeting:tue-evening"]).open == (
        "meeting:tue-evening"
    )


@pytest.mark.parametrize("args", [
    ["screenshot", "--size", "big", "-o", "a.svg"],
    ["screenshot", "--size", "0x40", "-o", "a.svg"],
    ["screenshot", "--screen", "lobby", "-o", "a.svg"],
    ["screenshot"],
    ["run", "--open", "meeting:"],
    ["--now", "tomorrow", "today"],
])
def test_bad_run_and_screenshot_options_exit_2(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    assert "error:" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["run", "--log-file", "LOG"], ["screenshot", "-o", "OUT"]])
def test_run_and_screenshot_read_the_file_once(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """A big file costs most of a second to parse and validate: start-up reads it only once."""
    from kiosk.app import KioskApp

    reads: list[Path] = []
    load = Store.load_with_fallback

    def counted(store: Store, *args: Any) -> object:
        reads.append(store.path)
        return load(store, *args)

    shown: list[str] = []
    monkeypatch.setattr(Store, "load_with_fallback", counted)
    monkeypatch.setattr(KioskApp, "run", lambda app: shown.append(app.listings.settings.org_name))
    command = [str(tmp_path / part) if part in ("LOG", "OUT") else part for part in command]
    assert run(db, "--now", TUESDAY_EVENING, *command) == 0
    assert reads == [db]
    if command[0] == "run":
        assert shown == [Store(db).load().settings.org_name]


def test_a_screenshot_of_a_broken_file_shows_what_staff_must_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "kiosk.json"
    broken.write_text('{"meetings": ', encoding="utf-8")
    output = tmp_path / "shot.svg"
    assert run(broken, "screenshot", "-o", str(output)) == 0
    shot = output.read_text(encoding="utf-8").replace("&#160;", " ")
    # What visitors would see: no path or error (staff run `kiosk check` for those).
    assert "Meeting listings are not available right now." in shot
    assert "kiosk.json" not in shot


def test_a_command_kept_out_by_another_writer_says_so_and_changes_nothing(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "LOCK_TIMEOUT_SECONDS", 0.05)
    before = db.read_bytes()
    with FileLock(str(db) + ".lock"):
        assert run(db, "meetings", "cancel", "tue-evening", "2026-12-01") == 1
    assert "is being changed by someone else; try again in a moment" in capsys.readouterr().err
    assert db.read_bytes() == before
