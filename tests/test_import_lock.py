"""An import and a staff edit at the same time: both are kept (issue 16, point 5)."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import main
from kiosk.interop import importing, meeting_guide
from kiosk.interop.importing import apply_import, commit_import, plan_import
from kiosk.model import Meeting
from kiosk.store import Store

FEED = Path(__file__).parent / "data" / "interop" / "feed.json"


def feed_plan(store: Store, **changes: Any) -> importing.ImportPlan:
    """The fixture feed planned into the file, each meeting changed by `changes`."""
    meetings = meeting_guide.load_feed(FEED.read_bytes()).meetings
    return plan_import(store.load(), [dataclasses.replace(m, **changes) for m in meetings],
                       program_map={}, replace=False, keep_fields=meeting_guide.LOCAL_FIELDS)


@pytest.fixture
def store(sample_path: Path) -> Store:
    store = Store(sample_path)
    apply_import(store, feed_plan(store))
    return store


def test_an_edit_made_while_an_import_is_planned_is_kept(store: Store) -> None:
    plan = feed_plan(store, time="06:15")  # read and planned before the edit...
    store.update(Meeting, "refuge-evening", lambda m: dataclasses.replace(m, room="Room 9"))
    store.add(Meeting(id="staff-new", name="Added meanwhile", program="smart-recovery",
                      day=3, time="12:00"))
    written = commit_import(store, plan)  # ...and written after it
    assert written is not plan and written.has_changes  # planned again from the file
    listings = store.load()
    evening = listings.meeting("refuge-evening")
    assert evening is not None and (evening.time, evening.room) == ("06:15", "Room 9")
    assert listings.meeting("staff-new") is not None
    assert not listings.errors


def test_an_unchanged_file_is_not_planned_again(store: Store) -> None:
    def must_not_replan(listings: object) -> importing.ImportPlan:
        raise AssertionError("planned again although the file did not change")

    plan = dataclasses.replace(feed_plan(store, time="06:15"), replan=must_not_replan)
    assert commit_import(store, plan) is plan
    assert {m.time for m in store.load().meetings if m.id == "refuge-evening"} == {"06:15"}


def test_planned_again_to_nothing_the_file_is_not_touched(store: Store) -> None:
    plan = feed_plan(store, time="06:15")
    apply_import(store, feed_plan(store, time="06:15"))  # another writer did the same import
    written = store.path.read_bytes(), store.stamp()
    assert not commit_import(store, plan).has_changes
    assert (store.path.read_bytes(), store.stamp()) == written


def test_an_import_racing_staff_edits_keeps_every_edit(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`meetings edit` commands run while the import is between its read and its write."""
    planned, edits_done = threading.Event(), threading.Event()
    plan_first = importing.plan_import

    def slow_plan(*args: Any, **kwargs: Any) -> importing.ImportPlan:
        plan = plan_first(*args, **kwargs)
        if not planned.is_set():  # the first plan only, from the unlocked read
            planned.set()
            assert edits_done.wait(30)
        return plan

    monkeypatch.setattr(importing, "plan_import", slow_plan)  # the command imports it when run
    feed = FEED.read_text("utf-8").replace('"19:00"', '"19:05"')  # the import changes meetings
    source = store.path.parent / "changed.json"
    source.write_text(feed, "utf-8")
    db = ["--db", str(store.path)]
    result: list[int] = []
    importer = threading.Thread(target=lambda: result.append(main(
        [*db, "import", str(source), "--format", "meeting-guide"])))
    importer.start()
    assert planned.wait(30)
    ids = [m.id for m in store.load().meetings]
    for number, meeting_id in enumerate(ids):
        assert main([*db, "meetings", "edit", meeting_id, "--room", f"Room {number}"]) == 0
    edits_done.set()
    importer.join(30)
    assert result == [0]
    rooms = {m.id: m.room for m in store.load().meetings}
    assert rooms == {meeting_id: f"Room {n}" for n, meeting_id in enumerate(ids)}
    assert any(m.time == "19:05" for m in store.load().meetings)



def test_the_lock_benchmark_measures_an_import(tmp_path: Path) -> None:
    """bench/import_lock.py still works (at a tiny size; no timing is asserted)."""
    from bench.import_lock import lock_held

    assert lock_held(20, tmp_path) > 0
