"""`DataWatch` reads a changed file checking again only the records that changed, and shows
exactly what a full read would."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kiosk.model import Meeting
from kiosk.store import Store
from kiosk.visible import displayable
from kiosk.watch import DataWatch, Reading, notice_for

NEW_MEETING = {
    "id": "lantern-circle", "name": "Lantern Circle", "program": "smart-recovery",
    "time": "20:30", "end_time": "21:30", "day": 2, "notes": "ring \x1b[31m twice",
}


def edit_file(path: Path, change: Any) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def records(path: Path) -> int:
    data = json.loads(path.read_text(encoding="utf-8"))
    return sum(len(data.get(t, {})) for t in ("programs", "pages", "meetings", "events"))


def full_read(path: Path) -> Reading:
    """What a watch that never read the file before finds (everything validated)."""
    return DataWatch(Store(path)).read()


def assert_as_full(reading: Reading, path: Path) -> None:
    full = full_read(path)
    assert reading.listings == full.listings
    assert reading.listings is not None and full.listings is not None
    assert reading.listings.problems == full.listings.problems
    assert reading.listings == displayable(Store(path).load())
    assert notice_for(reading, True) == notice_for(full, True)


def test_a_changed_file_checks_only_the_changed_records_again(sample_path: Path) -> None:
    watch = DataWatch(Store(sample_path))
    first = watch.read_at_start()  # start-up validates everything, and keeps what it found
    assert first.checks is not None and first.checks.checked == records(sample_path)
    watch.mark_read(first)

    edit_file(sample_path, lambda d: d["meetings"].update({"99": NEW_MEETING}))
    added = watch.read()
    assert added.checks is not None
    assert (added.checks.checked, added.checks.reused) == (1, records(sample_path) - 1)
    assert_as_full(added, sample_path)
    assert added.listings is not None
    shown = added.listings.meeting("lantern-circle")
    assert shown is not None and "\x1b" not in shown.notes  # made displayable as ever
    watch.mark_read(added)

    def break_it(data: dict[str, Any]) -> None:
        data["meetings"]["99"]["time"] = "25:00"
        first_id = next(iter(data["meetings"]))
        del data["meetings"][first_id]

    edit_file(sample_path, break_it)
    broken = watch.read()
    assert broken.checks is not None and broken.checks.checked == 1
    full = full_read(sample_path)
    assert broken.listings is not None and full.listings is not None
    assert broken.listings.problems == full.listings.problems
    assert [(p.record, p.field) for p in broken.listings.errors] == [
        ("meeting lantern-circle", "time")]
    assert full.listings.meeting("lantern-circle") is None  # never good: skipped
    # ...but this watch saw it good: it is shown as it was, and the rest as a full read shows it
    assert broken.listings.last_good == ("meeting lantern-circle",)
    assert broken.listings.meeting("lantern-circle") == shown
    assert broken.listings.meetings[:-1] == full.listings.meetings


def test_an_unreadable_version_keeps_the_checks_for_the_next(sample_path: Path) -> None:
    watch = DataWatch(Store(sample_path))
    watch.mark_read(watch.read())
    good = sample_path.read_text(encoding="utf-8")
    sample_path.write_text("{", encoding="utf-8")
    failed = watch.read()
    assert failed.error is not None and failed.checks is None
    watch.mark_read(failed)
    sample_path.write_text(good.replace("Lakeside", "Lakeshore"), encoding="utf-8")
    fixed = watch.read()
    assert fixed.checks is not None and fixed.checks.reused > 0
    assert_as_full(fixed, sample_path)


def test_a_reading_shows_what_a_full_read_shows_after_many_changes(sample_path: Path) -> None:
    watch = DataWatch(Store(sample_path))
    watch.mark_read(watch.read_at_start())
    changes = [
        lambda d: d["meetings"].update({"99": NEW_MEETING}),
        lambda d: d["programs"].popitem(),  # meetings naming it now fail, reused or not
        lambda d: d["meetings"].update({"100": dict(NEW_MEETING)}),  # a duplicate id
        lambda d: d["meetings"]["99"].update(day=True),  # == 1, but not a weekday
        lambda d: d["meetings"].pop("99"),  # the duplicate is the only one now
    ]
    for change in changes:
        edit_file(sample_path, change)
        reading = watch.read()
        assert_as_full(reading, sample_path)
        watch.mark_read(reading)


def test_store_changes_refuse_and_save_as_before(sample_path: Path) -> None:
    """`Store.change` validates before and after the change, the second time reusing the first."""
    store = Store(sample_path)
    after = store.add(Meeting.from_doc({k: v for k, v in NEW_MEETING.items() if k != "notes"}))
    assert after == store.load()
    assert after.meeting("lantern-circle") is not None
