"""Live reload and broken data: the running kiosk follows the file, and bad data never takes the
screen down (issue 4, parts 1 and 2).

The app's one-second tick is paused; each test calls `advance` to move the pinned clock and
tick by hand, then waits for the reading worker, so "within 2 s" means at most two ticks.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerFailed

from kiosk import cli
from kiosk import store as store_module
from kiosk.app import KioskApp
from kiosk.clock import Clock
from kiosk.messages import DataRead
from kiosk.model import Meeting
from kiosk.screens.browse import BrowseScreen
from kiosk.screens.loop import LoopScreen
from kiosk.screens.meeting import MeetingScreen
from kiosk.screens.no_data import NoDataScreen
from kiosk.screens.program import ProgramScreen
from kiosk.screens.staff_exit import StaffExitScreen
from kiosk.store import DataFileError, FileStamp, Store
from kiosk.watch import SETTLE_NS, DataWatch, Reading
from kiosk.widgets.staff_notice import FOOTER_MARK, StaffNotice
from tests.app_helpers import make_app, screen_text, static_text, with_staff_pin

NEW_MEETING = {
    "id": "lantern-circle", "name": "Lantern Circle", "program": "smart-recovery",
    "time": "20:30", "end_time": "21:30", "attendance_option": "in_person",
    "location": "Lakeside Peer Support Center", "room": "Room 4", "day": 2,
}


async def advance(app: KioskApp, clock: Clock, pilot: Pilot[None], seconds: int = 1) -> None:
    """`seconds` of app time: each second the clock moves, the app ticks, and any read of the
    file it started finishes and is shown."""
    for _second in range(seconds):
        clock.advance(timedelta(seconds=1))
        await app.tick()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()


async def start(app: KioskApp, pilot: Pilot[None]) -> None:
    """Take the tick away from the timer so only the test moves time."""
    assert app.tick_timer is not None
    app.tick_timer.pause()
    await pilot.pause()


def tables(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def with_new_meeting(path: Path) -> str:
    data = tables(path)
    data["meetings"]["99"] = NEW_MEETING
    return json.dumps(data, indent=2)


def write_in_place(path: Path, text: str) -> None:
    """As an editor saving over the file: same inode, truncated and rewritten."""
    inode = path.stat().st_ino
    with path.open("r+", encoding="utf-8") as file:
        file.truncate(0)
        file.write(text)
    assert path.stat().st_ino == inode


def write_by_rename(path: Path, text: str) -> None:
    """As a copy from another machine (rsync, scp to a temporary name): a new inode."""
    incoming = path.with_name("incoming.json")
    incoming.write_text(text, encoding="utf-8")
    os.replace(incoming, path)


def notice(app: KioskApp) -> StaffNotice:
    return app.screen.query_one(StaffNotice)


def only_the_mark_shows(app: KioskApp, short: str) -> bool:
    """The data notice starts with `short`, and visitors see only its mark, never its text."""
    text = screen_text(app)
    return (app.data_notice is not None and app.data_notice.short.startswith(short)
            and FOOTER_MARK in text and short not in text and "⚠" not in text)


async def search_for(pilot: Pilot[None], text: str) -> None:
    await pilot.press("slash", *text)
    await pilot.pause()


# -- live reload ----------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["staff command", "in place", "rename"])
async def test_a_new_meeting_shows_within_two_seconds_and_the_search_stays(
    sample_path: Path, how: str
) -> None:
    app, clock = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        await pilot.press("space")
        await search_for(pilot, "lantern")
        week = len(app.week_entries)
        assert f"0 of {week} meetings match" in screen_text(app)

        if how == "staff command":
            Store(sample_path).add(Meeting.from_doc(NEW_MEETING))
        elif how == "in place":
            write_in_place(sample_path, with_new_meeting(sample_path))
        else:
            write_by_rename(sample_path, with_new_meeting(sample_path))
        await advance(app, clock, pilot, seconds=2)

        assert isinstance(app.screen, BrowseScreen)
        assert app.screen.query_one("#search", Input).value == "lantern"
        text = screen_text(app)
        assert "Lantern Circle" in text
        assert f"1 of {week + 1} meetings match" in text


async def test_a_same_size_rewrite_in_the_same_instant_is_still_seen(sample_path: Path) -> None:
    """An in-place write that keeps size, inode and even the modification time."""
    app, clock = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        await advance(app, clock, pilot)
        before = sample_path.stat()
        renamed = sample_path.read_text(encoding="utf-8").replace(
            "Lakeside Peer Support Center", "Lakeside Peer Support Centre"
        )
        write_in_place(sample_path, renamed)
        os.utime(sample_path, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert FileStamp.of(sample_path) == FileStamp(
            before.st_mtime_ns, before.st_size, before.st_ino
        )
        await advance(app, clock, pilot)
        assert "Lakeside Peer Support Centre" in screen_text(app)


async def test_a_visitor_on_a_meeting_keeps_it_and_sees_it_change(sample_path: Path) -> None:
    app, clock = make_app(sample_path, open_view="meeting:smart-tue-evening")
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        data = tables(sample_path)
        for meeting in data["meetings"].values():
            if meeting["id"] == "smart-tue-evening":
                meeting["room"] = "The Garden Room"
        data["meetings"]["99"] = NEW_MEETING
        write_by_rename(sample_path, json.dumps(data))
        await advance(app, clock, pilot, seconds=2)

        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert screen.meeting_id == "smart-tue-evening"
        assert "The Garden Room" in screen_text(app)


async def test_a_meeting_that_is_gone_goes_back_one_level(sample_path: Path) -> None:
    app, clock = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        await pilot.press("space")
        await search_for(pilot, "refuge")
        app.show_meeting("refuge-tue-evening")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)

        data = tables(sample_path)
        data["meetings"] = {
            key: m for key, m in data["meetings"].items() if m["id"] != "refuge-tue-evening"
        }
        write_by_rename(sample_path, json.dumps(data))
        await advance(app, clock, pilot, seconds=2)

        assert isinstance(app.screen, BrowseScreen)
        assert app.screen.query_one("#search", Input).value == "refuge"
        assert "Refuge Recovery Tuesday" not in screen_text(app)


async def test_an_open_program_stays_open_and_refreshes(sample_path: Path) -> None:
    app, clock = make_app(sample_path, open_view="program:smart-recovery")
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        write_by_rename(sample_path, with_new_meeting(sample_path))
        await advance(app, clock, pilot, seconds=2)
        assert isinstance(app.screen, ProgramScreen)
        assert "Lantern Circle" in screen_text(app)


async def test_an_unchanged_file_is_not_read_again(sample_path: Path) -> None:
    old = sample_path.stat().st_mtime_ns - 2 * SETTLE_NS  # long settled
    os.utime(sample_path, ns=(old, old))
    app, clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        listings = app.listings
        await advance(app, clock, pilot, seconds=5)
        assert app.listings is listings
        assert not app.data_watch.poll()
        assert len(app.workers) == 0


def test_the_watch_trusts_a_version_only_once_it_has_settled(sample_path: Path) -> None:
    stamp = FileStamp.of(sample_path)
    assert stamp is not None
    wall = [stamp.mtime_ns + 1_000_000]  # read a millisecond after the write
    watch = DataWatch(Store(sample_path), wall_ns=lambda: wall[0])
    assert watch.poll()  # never read
    watch.mark_read(watch.read())
    assert watch.poll()  # too fresh: a write in the same instant could share the stamp
    wall[0] = stamp.mtime_ns + SETTLE_NS
    watch.mark_read(watch.read())
    assert not watch.poll()
    os.utime(sample_path, ns=(stamp.mtime_ns + 1, stamp.mtime_ns + 1))
    assert watch.poll()


def test_a_re_read_of_the_same_bytes_is_not_parsed_again(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a version settles it is read every poll: the same bytes reuse the last reading
    (no parse, no validation); other bytes, even under the same stamp, are parsed."""
    validations: list[object] = []
    validate_docs = store_module.validate_docs

    def counting(*args: Any) -> Any:
        validations.append(args)
        return validate_docs(*args)

    monkeypatch.setattr(store_module, "validate_docs", counting)
    stamp = FileStamp.of(sample_path)
    assert stamp is not None
    watch = DataWatch(Store(sample_path), wall_ns=lambda: stamp.mtime_ns)  # never settles
    first = watch.read()
    watch.mark_read(first)
    assert len(validations) == 1
    again = watch.read()
    assert len(validations) == 1
    assert again.listings is first.listings
    assert again.digest == first.digest
    assert watch.poll()  # still unsettled: read again next poll

    write_in_place(sample_path, sample_path.read_text(encoding="utf-8").replace(
        "Lakeside Peer Support Center", "Lakeside Peer Support Centre"))
    os.utime(sample_path, ns=(stamp.mtime_ns, stamp.mtime_ns))
    watch.mark_read(again)
    changed = watch.read()
    assert len(validations) == 2
    assert changed.listings != first.listings
    assert changed.digest != first.digest

    sample_path.write_text("{", encoding="utf-8")  # bad JSON: its error is kept the same way
    broken = watch.read()
    watch.mark_read(broken)
    assert watch.read().error is broken.error
    assert len(validations) == 2


async def test_a_burst_of_reads_is_applied_once_with_the_newest(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, _clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        applied: list[Reading] = []
        monkeypatch.setattr(app, "_apply", lambda reading, changed: applied.append(reading))
        changed = with_new_meeting(sample_path)
        sample_path.write_text("{", encoding="utf-8")
        older = app.data_watch.read()
        write_by_rename(sample_path, changed)
        newer = app.data_watch.read()
        app.post_message(DataRead(older, False))
        app.post_message(DataRead(newer, True))
        await pilot.pause()
        assert applied == [newer]


# -- broken data ----------------------------------------------------------------------------


async def test_broken_files_keep_the_last_good_listings_and_tell_staff(
    sample_path: Path,
) -> None:
    app, clock = make_app(sample_path)
    good = sample_path.read_text(encoding="utf-8")
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        await pilot.press("space")
        assert not notice(app).display
        listings = app.listings

        sample_path.write_text("", encoding="utf-8")  # truncated
        await advance(app, clock, pilot)
        assert app.listings is listings
        assert notice(app).display
        assert only_the_mark_shows(app, "⚠ data: the file is empty")
        assert "Refuge Recovery Tuesday" in screen_text(app)

        sample_path.write_text('{\n  "settings": {\n    "1": {,}\n  }\n}', encoding="utf-8")
        await advance(app, clock, pilot)
        assert app.listings is listings
        assert only_the_mark_shows(app, "⚠ data: not valid JSON at line 3, column 11")

        data = json.loads(good)
        for meeting in data["meetings"].values():
            if meeting["id"] == "refuge-tue-evening":
                meeting["time"] = "25:00"
        data["meetings"]["99"] = {**NEW_MEETING, "time": "7 PM"}  # new, and bad
        sample_path.write_text(json.dumps(data), encoding="utf-8")
        await advance(app, clock, pilot)
        assert app.data_notice is not None
        assert app.data_notice.short == (
            "⚠ 1 record shown from its last good version, 1 record skipped: meeting "
            "refuge-tue-evening: time: '25:00' is not a time of day (00:00 to 23:59)"
        )
        assert only_the_mark_shows(app, "⚠ 1 record shown from its last good version")
        assert "meeting refuge-tue-evening is shown from its last good version until it is " \
            "fixed." in app.data_notice.full
        text = screen_text(app)
        assert "Refuge Recovery Tuesday" in text  # as it was before the slip
        assert "Lantern Circle" not in text  # a new bad record is skipped, as ever
        assert "SMART Recovery Tuesday Evening" in text
        assert len(app.listings.meetings) == 20
        assert app.listings.meeting("refuge-tue-evening").time == "19:15"  # type: ignore[union-attr]

        sample_path.write_text(good, encoding="utf-8")
        await advance(app, clock, pilot)
        assert not notice(app).display
        assert FOOTER_MARK not in screen_text(app)
        assert "Refuge Recovery Tuesday" in screen_text(app)


async def test_the_notice_is_on_every_screen_and_the_staff_key_shows_it_whole(
    sample_path: Path,
) -> None:
    with_staff_pin(sample_path)
    app, clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        sample_path.write_text('{"meetings": [', encoding="utf-8")
        await advance(app, clock, pilot)
        assert isinstance(app.screen, LoopScreen)
        assert only_the_mark_shows(app, "⚠ data: not valid JSON")

        await pilot.press("f2")  # once the staff key: now a key like any other (browse)
        await pilot.pause()
        assert not isinstance(app.screen, StaffExitScreen)
        assert str(sample_path) not in screen_text(app)
        await app.return_to_loop()

        await pilot.press("f12", "f12", "f12")  # the staff key sequence: the PIN prompt
        await pilot.pause()
        assert isinstance(app.screen, StaffExitScreen)
        details = static_text(app, "#staff-details")
        assert str(sample_path) in details
        assert "keeps showing the listings it read before" in details
        assert "kiosk check" in details
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, StaffExitScreen)

        app.show_meeting("smart-tue-evening")
        await pilot.pause()
        assert only_the_mark_shows(app, "⚠ data: not valid JSON")


async def test_a_failed_read_is_a_notice_not_a_crash(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)

        def fail(*_args: object) -> None:
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(app.store, "load", fail)
        write_by_rename(sample_path, with_new_meeting(sample_path))
        clock.advance(timedelta(seconds=1))
        await app.tick()
        with pytest.raises(WorkerFailed):
            await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        assert app.data_notice is not None
        assert app.data_notice.short == "⚠ data: could not be read: RuntimeError('disk on fire')"
        assert only_the_mark_shows(app, "⚠ data: could not be read")
        await advance(app, clock, pilot)
        assert not app.data_watch.poll()  # not read again until the file changes


async def test_a_file_too_deeply_nested_is_a_notice(sample_path: Path) -> None:
    app, clock = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        sample_path.write_text('{"pages": ' + "[" * 100_000, encoding="utf-8")
        await advance(app, clock, pilot)
        assert app.data_notice is not None
        assert app.data_notice.short == "⚠ data: not valid listings: values are nested too deeply"
        assert only_the_mark_shows(app, "⚠ data: not valid listings")


async def test_start_up_with_a_broken_file_uses_its_backup(sample_path: Path) -> None:
    shutil.copyfile(sample_path, sample_path.with_name("kiosk.json.bak"))
    sample_path.write_text("{oops", encoding="utf-8")
    app, clock = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        assert isinstance(app.screen, LoopScreen)
        assert len(app.listings.meetings) == 20
        assert only_the_mark_shows(app, "⚠ data: not valid JSON at line 1, column 2")
        assert app.data_notice is not None
        assert "shows the backup" in app.data_notice.full

        write_by_rename(sample_path, with_new_meeting(sample_path.with_name("kiosk.json.bak")))
        await advance(app, clock, pilot)
        assert len(app.listings.meetings) == 21
        assert FOOTER_MARK not in screen_text(app)


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_start_up_with_nothing_readable_tells_staff_and_recovers(
    sample_path: Path, size: tuple[int, int]
) -> None:
    good = sample_path.read_text(encoding="utf-8")
    sample_path.write_text('{"meetings": {"1": 5}}', encoding="utf-8")
    sample_path.with_name("kiosk.json.bak").write_text("", encoding="utf-8")
    app, clock = make_app(sample_path, open_view="meeting:smart-tue-evening")
    async with app.run_test(size=size) as pilot:
        await start(app, pilot)
        assert isinstance(app.screen, NoDataScreen)
        shown = screen_text(app)  # for visitors: no path, no error, and the crisis line
        assert "Meeting listings are not available right now." in shown
        assert "In crisis? Call or text 988, any time." in shown
        assert str(sample_path) not in shown and "kiosk check" not in shown
        message = app.screen.staff_text  # for staff: the log, and `kiosk check`
        assert "cannot show its listings" in message
        assert f"{sample_path}: meetings record 1 must be an object" in message
        assert f"{sample_path}.bak: the file is empty" in message
        assert f"Data file: {sample_path}" in message
        assert "Run `kiosk check`" in message
        await pilot.press("space", "escape", "enter")
        await advance(app, clock, pilot, seconds=3)
        assert isinstance(app.screen, NoDataScreen)  # no browsing, no idle return

        sample_path.write_text("[1, 2", encoding="utf-8")
        await advance(app, clock, pilot)
        assert isinstance(app.screen, NoDataScreen)
        assert "not valid JSON" in app.screen.staff_text

        sample_path.write_text(good, encoding="utf-8")
        await advance(app, clock, pilot)
        assert isinstance(app.screen, LoopScreen)
        assert "SMART Recovery Tuesday Evening" in screen_text(app)
        await pilot.press("space")
        assert isinstance(app.screen, BrowseScreen)


def test_kiosk_run_starts_on_an_unreadable_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kiosk run` hands a broken file to the app (which explains it) rather than refusing."""
    broken = tmp_path / "kiosk.json"
    broken.write_text("{", encoding="utf-8")
    started: list[KioskApp] = []
    monkeypatch.setattr(KioskApp, "run", lambda self: started.append(self))
    assert cli.main(["--db", str(broken), "--now", "2026-11-24T18:55", "run"]) == 0
    assert len(started) == 1
    assert started[0].data_notice is not None
    assert "not valid JSON" in started[0].data_notice.short


# -- any JSON at all is either listings or a DataFileError -------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6)
    | st.sampled_from(["19:30", "2026-11-24", "online", "smart-recovery", "https://x.org"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                max_size=3),
    max_leaves=8,
)
FIELD_NAMES = ("id", "slug", "name", "title", "program", "time", "end_time", "duration", "day",
               "date", "attendance_option", "conference_url", "cancelled", "timezone",
               "types", "extra", "order", "org_name", "dwell_seconds", "footer_text")
RECORD = st.dictionaries(st.sampled_from(FIELD_NAMES), JSON_VALUES, max_size=8) | JSON_VALUES
TABLES = st.dictionaries(
    st.sampled_from(["settings", "programs", "pages", "meetings", "events", "other"]),
    st.dictionaries(st.text("0123456789", min_size=1, max_size=2), RECORD, max_size=3)
    | JSON_VALUES,
    max_size=5,
) | JSON_VALUES


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=TABLES)
def test_any_json_document_loads_or_is_a_data_file_error(
    document: object, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "kiosk.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    watch = DataWatch(Store(path))
    reading = watch.read()
    assert (reading.listings is None) == (reading.error is not None)
    if reading.error is not None:
        assert isinstance(reading.error, DataFileError)


def in_progress_time_broken(path: Path, value: object) -> None:
    data = tables(path)
    for meeting in data["meetings"].values():
        if meeting["id"] == "smart-tue-evening":  # 18:00-19:30, in progress at 18:55
            meeting["time"] = value
    path.write_text(json.dumps(data), encoding="utf-8")


async def test_a_meeting_broken_by_hand_stays_on_today_in_its_last_good_version(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app, clock = make_app(sample_path, open_view="today")
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        assert "SMART Recovery Tuesday Evening" in static_text(app, "#today-now")

        in_progress_time_broken(sample_path, 1800)
        await advance(app, clock, pilot)
        assert "SMART Recovery Tuesday Evening" in static_text(app, "#today-now")
        assert "Nothing is on right now" not in screen_text(app)
        assert app.data_notice is not None
        assert app.data_notice.short.startswith(
            "⚠ 1 record shown from its last good version: meeting smart-tue-evening: time:")
    capsys.readouterr()
    assert cli.main(["--db", str(sample_path), "check"]) == 1  # check still reports it
    assert "meeting smart-tue-evening: time" in capsys.readouterr().out


async def test_at_start_up_a_broken_record_falls_back_to_the_backup(sample_path: Path) -> None:
    shutil.copyfile(sample_path, sample_path.with_name("kiosk.json.bak"))
    in_progress_time_broken(sample_path, "six")
    app, _clock = make_app(sample_path, open_view="today")
    assert app.listings.last_good == ("meeting smart-tue-evening",)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        assert "SMART Recovery Tuesday Evening" in static_text(app, "#today-now")

    sample_path.with_name("kiosk.json.bak").unlink()
    app, _clock = make_app(sample_path, open_view="today")
    assert app.listings.meeting("smart-tue-evening") is None  # no backup: skipped, as ever
