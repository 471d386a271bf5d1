"""Feeds from the field (tests/data/interop/field, sources in its README): the importer reads
them without a crash, and every record it leaves out is explained, naming the record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.interop.importing import plan_import
from kiosk.interop.meeting_guide import LOCAL_FIELDS, load_feed
from kiosk.model import Listings, Meeting
from kiosk.validate import record_label

FIELD = Path(__file__).parent / "data" / "interop" / "field"
FEEDS = sorted(FIELD.glob("*.json"))


@pytest.mark.parametrize("path", FEEDS, ids=[p.stem for p in FEEDS])
def test_a_field_feed_imports_and_every_record_left_out_is_explained(path: Path) -> None:
    records = json.loads(path.read_text(encoding="utf-8"))
    result = load_feed(path.read_bytes())
    imported = {m.id for m in result.meetings}
    named = {p.record for p in result.problems}
    for record in records:
        label = record_label(Meeting, {"id": str(record["slug"])}, 0)
        assert str(record["slug"]) in imported or label in named, record["slug"]
    plan = plan_import(Listings(), result.meetings, program_map={}, replace=False,
                       keep_fields=LOCAL_FIELDS, problems=result.problems)
    assert len(plan.added) == len(result.meetings)
    assert all(s.problems for s in plan.skipped)


def test_the_field_feeds_read_as_the_field_reads_them() -> None:
    found = {}
    for path in FEEDS:
        result = load_feed(path.read_bytes())
        found |= {m.id: m for m in result.meetings}
    # the plugin's TC + ONL with a link: online, its closed location noted
    assert found["daily-reflections"].attendance_option == "online"
    assert found["daily-reflections"].location_closed
    assert found["acceptance-meeting"].attendance_option == "in_person"
    assert found["blf-womens-hour-of-power"].conference_phone == "+16699009128,3861420478#"
    # home-grown: day as text, a street address and a link
    assert (found["monday-7pm"].day, found["monday-7pm"].attendance_option) == (1, "hybrid")
    # a location's name and a city, with a link: online only
    assert found["time-meeting"].attendance_option == "online"
    assert "approximate" not in found  # no place to go, no link: inactive, not listed
    # no day or time: kept, by appointment (tsml-ui's own test feed for it)
    assert found["appointment"].by_appointment
    assert found["josh-meeting"].by_appointment
    assert found["josh-meeting"].attendance_option == "online"
