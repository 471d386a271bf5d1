"""Merging imports into the file: added/changed/unchanged/skipped, --replace, programs."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kiosk.interop import meeting_guide
from kiosk.interop.importing import (
    CATCH_ALL_NAME,
    ImportPlan,
    apply_import,
    load_target,
    parse_program_option,
    plan_import,
)
from kiosk.model import Listings, Meeting, Program, Settings
from kiosk.store import Store

DATA = Path(__file__).parent / "data" / "interop"
PROGRAMS = (
    Program("smart-recovery", "SMART Recovery", order=1),
    Program("smart-family-friends", "SMART Family & Friends", order=2),
    Program("refuge-recovery", "Refuge Recovery", order=3),
    Program("grief-support", "Grief support group", order=4),
)
LOCAL_ONLY = Meeting(id="local-only", name="Staff-made meeting", program="grief-support",
                     time="17:00", day=5, location="Peer Support Center")


def feed_meetings() -> tuple[Meeting, ...]:
    return meeting_guide.load_feed((DATA / "feed.json").read_text("utf-8")).meetings


def feed_plan(listings: Listings, **options: object) -> ImportPlan:
    settings = {"program_map": {}, "replace": False,
                "keep_fields": meeting_guide.LOCAL_FIELDS} | options
    return plan_import(listings, feed_meetings(), **settings)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "kiosk.json")
    store.write_listings(Listings(settings=Settings(org_name="Test Center"),
                                  programs=PROGRAMS, meetings=(LOCAL_ONLY,)))
    return store


def test_first_import_adds_and_matches_programs_by_group(store: Store) -> None:
    plan = feed_plan(store.load(), program_map={"GRASP": "grief-support"})
    assert {m.id for m in plan.added} == {m.id for m in feed_meetings()}
    assert (plan.changed, plan.unchanged, plan.skipped, plan.removed) == ((), (), (), ())
    programs = {m.id: m.program for m in plan.listings.meetings}
    assert programs == {
        "local-only": "grief-support",
        "smart-tuesday-evening": "smart-recovery",
        "smart-saturday-online": "smart-recovery",
        "smart-family-friends-thursday": "smart-family-friends",
        "refuge-morning-sit": "refuge-recovery",
        "refuge-evening": "refuge-recovery",
        "grasp-wednesday": "grief-support",  # staff mapping by group
        "1042": "smart-recovery",
        "refuge-thursday-noon": "refuge-recovery",  # temporarily closed
    }
    assert plan.created_programs == ()
    # the feed's group is kept as it was, for the export to write back
    assert plan.listings.meeting("smart-tuesday-evening").extra["group"] == "SMART Recovery"  # type: ignore[union-attr]
    assert plan.listings.meeting("grasp-wednesday").extra["group"] == "GRASP"  # type: ignore[union-attr]


def test_apply_writes_the_plan_and_a_second_import_changes_nothing(store: Store) -> None:
    plan = feed_plan(store.load(), program_map={"GRASP": "grief-support"})
    assert apply_import(store, plan) is True
    loaded = store.load()
    assert loaded.meetings == plan.listings.meetings
    assert loaded.errors == ()
    assert loaded.settings.org_name == "Test Center"

    again = feed_plan(loaded, program_map={"GRASP": "grief-support"})
    assert (again.added, again.changed, again.removed) == ((), (), ())
    assert len(again.unchanged) == len(feed_meetings())
    before = store.path.read_bytes()
    assert apply_import(store, again) is False
    assert store.path.read_bytes() == before


def test_changed_meetings_list_their_fields_and_keep_local_only_fields(store: Store) -> None:
    apply_import(store, feed_plan(store.load(), program_map={"GRASP": "grief-support"}))
    store.update(Meeting, "smart-tuesday-evening", lambda m: dataclasses.replace(
        m, time="18:00", room="Room 2", cancelled=("2026-12-29",)))  # type: ignore[arg-type]

    plan = feed_plan(store.load(), program_map={"GRASP": "grief-support"})
    [change] = plan.changed
    assert change.new.id == "smart-tuesday-evening"
    assert change.fields == ("time",)
    assert (change.new.time, change.new.room, change.new.cancelled) == (
        "18:30", "Room 2", ("2026-12-29",))
    apply_import(store, plan)
    stored = store.load().meeting("smart-tuesday-evening")
    assert stored is not None and (stored.time, stored.room) == ("18:30", "Room 2")


def test_local_meetings_are_kept_unless_replace(store: Store) -> None:
    kept = feed_plan(store.load())
    assert kept.listings.meeting("local-only") == LOCAL_ONLY
    assert kept.removed == ()

    replaced = feed_plan(store.load(), replace=True)
    assert replaced.removed == (LOCAL_ONLY,)
    assert replaced.listings.meeting("local-only") is None
    assert any("to remove (--replace)" in line for line in replaced.summary())
    apply_import(store, replaced)
    assert store.load().meeting("local-only") is None


def test_unmatched_meetings_go_under_one_catch_all_program(store: Store) -> None:
    plan = feed_plan(store.load())  # nothing maps GRASP
    assert [m.id for m in plan.added] == [m.id for m in feed_meetings()]  # the feed's order
    [created] = plan.created_programs
    assert (created.name, created.slug) == ("GRASP", "grasp")  # named after their one group
    assert plan.listings.meeting("grasp-wednesday").program == "grasp"  # type: ignore[union-attr]
    assert any("match no program" in note and "'GRASP'" in note for note in plan.notes)

    unmatched = [dataclasses.replace(m, extra={"group": group}) for m, group in
                 zip(feed_meetings()[:2], ("Group A", "Group B"), strict=True)]
    plan = plan_import(store.load(), unmatched, program_map={}, replace=False)
    [created] = plan.created_programs
    assert (created.name, created.slug) == (CATCH_ALL_NAME, "other-meetings")
    assert {m.program for m in plan.added} == {"other-meetings"}
    assert {m.extra["group"] for m in plan.added} == {"Group A", "Group B"}


def test_catch_all_slug_does_not_clash_and_is_reused(store: Store) -> None:
    listings = dataclasses.replace(
        store.load(), programs=(*PROGRAMS, Program("other-meetings", "Grief circle")))
    meeting = dataclasses.replace(feed_meetings()[0], extra={})
    plan = plan_import(listings, [meeting], program_map={}, replace=False)
    assert [(p.name, p.slug) for p in plan.created_programs] == [
        (CATCH_ALL_NAME, "other-meetings-2")]

    apply_import(store, plan_import(store.load(), [meeting], program_map={}, replace=False))
    again = plan_import(store.load(), [dataclasses.replace(meeting, id="another")],
                        program_map={}, replace=False)
    assert again.created_programs == ()
    assert again.added[0].program == "other-meetings"


def test_staff_mapping_wins_and_can_create_the_program(store: Store) -> None:
    plan = feed_plan(store.load(), program_map={
        "smart recovery": "refuge-recovery",  # by group, any case
        "GRASP Grief Support": "grasp",  # by meeting name; no such program yet
    })
    programs = {m.id: m.program for m in plan.listings.meetings}
    assert programs["smart-tuesday-evening"] == "refuge-recovery"
    assert programs["grasp-wednesday"] == "grasp"
    assert [(p.name, p.slug) for p in plan.created_programs] == [("GRASP Grief Support", "grasp")]


def test_a_meeting_already_in_the_file_keeps_its_program_when_nothing_names_one(
    store: Store,
) -> None:
    moved = dataclasses.replace(LOCAL_ONLY, id="grasp-wednesday")
    listings = dataclasses.replace(store.load(), meetings=(moved,))
    plan = feed_plan(listings)
    assert plan.listings.meeting("grasp-wednesday").program == "grief-support"  # type: ignore[union-attr]
    assert plan.created_programs == ()


def test_records_the_file_would_refuse_are_skipped_with_reasons(store: Store) -> None:
    first, second = feed_meetings()[:2]
    duplicate = dataclasses.replace(second, id=first.id)
    plan = plan_import(store.load(), [first, duplicate], program_map={}, replace=False)
    assert [m.id for m in plan.added] == [first.id]
    [skipped] = plan.skipped
    assert skipped.record == f"meeting {first.id}"
    assert "twice" in skipped.problems[0].message


def test_a_malformed_feed_changes_nothing_and_lists_each_record(store: Store) -> None:
    result = meeting_guide.load_feed((DATA / "malformed.json").read_text("utf-8"))
    before = store.path.read_bytes()
    plan = plan_import(store.load(), result.meetings, program_map={}, replace=True,
                       problems=result.problems)
    assert not plan.has_changes
    assert plan.removed == ()  # --replace removes nothing while records are skipped
    assert [s.record for s in plan.skipped] == [
        "meeting bad-day", "meeting bad-time", "meeting wrong-types", "meeting #4",
        "meeting #5", "meeting bad-link", "meeting bad-address"]
    assert plan.summary()[0] == "0 to add, 0 to change, 0 unchanged, 7 skipped"
    assert "! meeting bad-day: skipped" in plan.summary()
    assert apply_import(store, plan) is False
    assert store.path.read_bytes() == before
    assert not store.backup_path.exists()  # not even rewritten


def test_source_warnings_are_passed_on_and_replace_still_works(store: Store) -> None:
    result = meeting_guide.load_feed((DATA / "feed.json").read_text("utf-8"))
    plan = plan_import(store.load(), result.meetings, program_map={}, replace=True,
                       keep_fields=meeting_guide.LOCAL_FIELDS, problems=result.problems)
    assert plan.skipped == ()
    assert [p.record for p in plan.warnings] == ["meeting refuge-thursday-noon"]
    assert plan.removed == (LOCAL_ONLY,)


def test_importing_into_a_missing_file_creates_it_with_default_settings(tmp_path: Path) -> None:
    store = Store(tmp_path / "new" / "kiosk.json")
    listings = load_target(store)
    assert listings == Listings()
    plan = feed_plan(listings)
    assert apply_import(store, plan) is True
    loaded = store.load()
    assert loaded.settings == Settings()
    assert {m.id for m in loaded.meetings} == {m.id for m in feed_meetings()}
    assert {p.slug for p in loaded.programs} == {p.slug for p in plan.created_programs}


def test_summary_lists_counts_and_each_meeting(store: Store) -> None:
    plan = feed_plan(store.load(), program_map={"GRASP": "grief-support"})
    lines = plan.summary()
    assert lines[0] == f"{len(feed_meetings())} to add, 0 to change, 0 unchanged, 0 skipped"
    assert "+ smart-tuesday-evening: SMART Recovery Tuesday Evening" in lines


@pytest.mark.parametrize(
    ("option", "expected"),
    [("SMART Recovery=smart-recovery", ("SMART Recovery", "smart-recovery")),
     (" A=B group = grief-support ", ("A=B group", "grief-support"))],
)
def test_program_option_is_group_equals_slug(option: str, expected: tuple[str, str]) -> None:
    assert parse_program_option(option) == expected


@pytest.mark.parametrize("option", ["smart-recovery", "=smart", "SMART=Not A Slug"])
def test_bad_program_option_is_refused(option: str) -> None:
    with pytest.raises(ValueError, match=repr(option)):
        parse_program_option(option)
