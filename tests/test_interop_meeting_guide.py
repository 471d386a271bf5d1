"""Meeting Guide JSON: field mapping both ways, type codes, and refusing bad records."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from kiosk.interop.importing import ImportFileError
from kiosk.interop.meeting_guide import load_feed, location_note, parse_feed, to_feed
from kiosk.model import Listings, Meeting, Program

DATA = Path(__file__).parent / "data" / "interop"
# The type codes in code4recovery's spec README (types table and proposed types), plus ONL,
# which left the spec in 2022 but many feeds still send.
SPEC_TYPES = (
    "11", "12x12", "A", "ABSI", "AL", "AL-AN", "AM", "ASL", "B", "BA", "BE", "BI", "BRK", "C",
    "CAN", "CF", "D", "DA", "DB", "DD", "DE", "DR", "EL", "EN", "FA", "FF", "FR", "G", "GR", "H",
    "HE", "HI", "HR", "HU", "ITA", "JA", "KOR", "L", "LGBTQ", "LIT", "LS", "LT", "M", "MED",
    "ML", "N", "NB", "NDG", "NO", "O", "OUT", "P", "POA", "POC", "POL", "POR", "PUN", "RUS", "S",
    "SEN", "SK", "SM", "SP", "ST", "SV", "T", "TC", "TH", "TL", "TR", "UK", "W", "X", "XB", "XT",
    "Y", "BV-I", "D-HOH", "LO-I", "QSL", "RSL", "ONL",
)


def feed_records() -> list[dict[str, Any]]:
    return json.loads((DATA / "feed.json").read_text("utf-8"))


def by_id(meetings: tuple[Meeting, ...]) -> dict[str, Meeting]:
    return {m.id: m for m in meetings}


def test_fixture_feed_maps_every_field_the_kiosk_uses() -> None:
    result = load_feed((DATA / "feed.json").read_bytes())
    meetings = by_id(result.meetings)

    tuesday = meetings["smart-tuesday-evening"]
    assert (tuesday.name, tuesday.day, tuesday.time, tuesday.end_time) == (
        "SMART Recovery Tuesday Evening", 2, "18:30", "20:00")
    assert tuesday.address == "1200 W Main St, Springfield, IL 62704, USA"
    assert tuesday.types == ("O", "D")
    assert tuesday.updated == "2026-09-14 16:02:11"
    assert tuesday.extra["group"] == "SMART Recovery"
    assert tuesday.extra["latitude"] == 39.79926
    assert tuesday.extra["district"] == "District 4"

    online = meetings["smart-saturday-online"]
    assert online.attendance_option == "online"  # ONL, link, approximate address
    assert online.timezone == "America/Chicago"
    assert online.conference_phone == "+13125550100,,5551234567#"
    assert online.conference_url_notes == "Passcode: ask the facilitator"

    assert meetings["smart-family-friends-thursday"].attendance_option == "hybrid"

    weekdays = meetings["refuge-morning-sit"]
    assert weekdays.day == (1, 3, 5)
    assert weekdays.address == "45 Oak Street, Springfield, IL 62701, US"
    assert weekdays.extra["city"] == "Springfield"

    numbered = meetings["1042"]
    assert numbered.time == "19:00"  # "19:00:00" in the feed
    assert numbered.end_time is None
    assert numbered.duration_minutes == 60  # Meeting Guide: no end_time means one hour


def test_temporarily_closed_location_with_a_link_is_online_with_a_note() -> None:
    meetings = by_id(load_feed((DATA / "feed.json").read_text("utf-8")).meetings)
    closed = meetings["refuge-evening"]
    assert closed.attendance_option == "online"
    assert location_note(closed) == "Location temporarily closed"
    assert location_note(meetings["refuge-morning-sit"]) is None


def test_a_closed_meeting_without_a_link_is_kept_as_inactive() -> None:
    result = load_feed((DATA / "feed.json").read_text("utf-8"))
    assert by_id(result.meetings)["refuge-thursday-noon"].attendance_option == "inactive"
    assert len(result.meetings) == len(feed_records())
    [problem] = result.problems
    assert problem.record == "meeting refuge-thursday-noon"
    assert problem.severity == "warning"
    assert "listed as temporarily closed" in problem.message


def test_round_trip_gives_the_same_meetings_and_keeps_every_field() -> None:
    records = feed_records()
    first = parse_feed(records)
    exported = to_feed(Listings(meetings=first.meetings))
    second = parse_feed(json.loads(json.dumps(exported)))

    assert second.meetings == first.meetings
    assert second.problems == first.problems
    by_slug = {str(r["slug"]): r for r in exported}
    for original in records:
        out = by_slug[str(original["slug"])]
        for key, value in original.items():
            if value in (None, ""):
                continue
            expected = "19:00" if value == "19:00:00" else value  # times are written HH:MM
            assert out[key] == expected, (original["slug"], key)
        assert set(original) - set(out) <= {"end_time", "conference_phone"}  # null, ""


def test_export_writes_the_address_as_formatted_address_and_invents_no_group() -> None:
    meeting = Meeting(id="tue", name="Tuesday", program="smart-recovery", time="18:30", day=2,
                      address="1200 W Main St", duration=90)
    listings = Listings(programs=(Program("smart-recovery", "SMART Recovery"),),
                        meetings=(meeting,))
    [record] = to_feed(listings)
    assert record == {
        "name": "Tuesday", "slug": "tue", "day": 2, "time": "18:30", "end_time": "20:00",
        "formatted_address": "1200 W Main St", "attendance_option": "in_person",
    }


def test_export_adds_nothing_the_feed_did_not_have_but_attendance_and_formatted_address() -> None:
    records = [{"name": "Bare", "slug": "bare", "day": 1, "time": "19:00"},
               {"name": "Grouped", "slug": "grouped", "day": 2, "time": "19:00",
                "group": "SMART Recovery", "address": "1 Main St", "city": "Springfield"}]
    meetings = parse_feed(records).meetings
    catch_all = Program("other-meetings", "Other meetings")
    placed = tuple(dataclasses.replace(m, program=catch_all.slug) for m in meetings)
    exported = to_feed(Listings(programs=(catch_all,), meetings=placed))
    for record, out in zip(records, exported, strict=True):
        assert set(out) - set(record) <= {"attendance_option", "formatted_address"}
    assert "group" not in exported[0] and exported[1]["group"] == "SMART Recovery"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"types": ["ONL"], "location": "Hall", "formatted_address": "1 Main St"}, "hybrid"),
        ({"types": ["ONL"]}, "online"),
        ({"conference_url": "https://zoom.us/j/1"}, "online"),
        ({"conference_phone": "+13125550100"}, "online"),
        ({"conference_url": "https://zoom.us/j/1", "location": "Hall",
          "formatted_address": "1 Main St, Springfield, IL 62701, USA"}, "hybrid"),
        ({"conference_url": "https://zoom.us/j/1", "location": "Hall"}, "online"),
        ({"conference_url": "https://zoom.us/j/1", "location": "Hall", "approximate": "yes"},
         "online"),
        ({"conference_url": "https://zoom.us/j/1", "location": "Hall", "types": ["TC"]},
         "online"),
        ({"location": "Hall", "formatted_address": "1 Main St"}, "in_person"),
        ({"location": "Hall", "formatted_address": "Main St, Springfield, IL, USA"},
         "in_person"),
        ({"location": "Hall", "approximate": "no"}, "in_person"),
        ({"location": "Hall", "attendance_option": "online",
          "conference_url": "https://zoom.us/j/1"}, "online"),
        ({"location": "Hall", "attendance_option": "in_person",
          "conference_url": "https://zoom.us/j/1"}, "in_person"),
    ],
)
def test_format_comes_from_types_conference_fields_and_attendance_option(
    fields: dict[str, Any], expected: str
) -> None:
    result = parse_feed([{"name": "M", "slug": "m", "day": 1, "time": "19:00", **fields}])
    assert [m.attendance_option for m in result.meetings] == [expected]


def test_inconsistent_attendance_option_loses_with_a_warning() -> None:
    result = parse_feed([{"name": "M", "slug": "m", "day": 1, "time": "19:00",
                          "location": "Hall", "formatted_address": "1 Main St",
                          "attendance_option": "online"}])
    assert [m.attendance_option for m in result.meetings] == ["in_person"]
    [problem] = result.problems
    assert (problem.field, problem.severity) == ("attendance_option", "warning")


VIRTUAL_ONLY = {"name": "Tuesday Night Online", "slug": "tno", "day": 2, "time": "19:00",
                "location": "Virtual Only", "formatted_address": "Springfield, IL, USA"}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"conference_url": "https://zoom.us/j/1"}, "online"),  # a city is no place to go
        ({"conference_phone": "+1 312 555 0100"}, "online"),
        ({"conference_url": "https://zoom.us/j/1", "approximate": "no"}, "hybrid"),  # as said
        ({"conference_url": "https://zoom.us/j/1",
          "formatted_address": "45 Oak St, Springfield, IL"}, "hybrid"),  # a house number
        ({"conference_url": "https://zoom.us/j/1", "location": "Springfield Online Group",
          "formatted_address": None}, "online"),  # a location's name alone
        ({"conference_url": "https://zoom.us/j/1", "attendance_option": "hybrid"}, "hybrid"),
    ],
)
def test_attendance_is_decided_as_tsml_ui_decides_it(fields: dict[str, Any], expected: str) -> None:
    result = parse_feed([{**VIRTUAL_ONLY, **fields}])
    assert [m.attendance_option for m in result.meetings] == [expected]
    assert [m.attendance_option for m in parse_feed(to_feed(Listings(
        meetings=result.meetings))).meetings] == [expected]  # and the export says the same


def test_a_virtual_only_meeting_without_a_link_is_inactive_not_in_person() -> None:
    for fields, field in (({}, "formatted_address"), ({"formatted_address": None}, "location")):
        result = parse_feed([{**VIRTUAL_ONLY, **fields}])
        assert result.meetings == ()
        [problem] = result.problems
        assert (problem.record, problem.field, problem.severity) == (
            "meeting tno", field, "warning")
        assert "no street address to go to and no online link" in problem.message


def test_a_round_the_clock_meeting_is_imported() -> None:
    result = parse_feed([{"name": "Marathon", "slug": "marathon", "day": 6, "time": "00:00",
                          "end_time": "23:59", "conference_url": "https://zoom.us/j/1"}])
    assert [(m.time, m.end_time) for m in result.meetings] == [("00:00", "23:59")]
    assert result.problems == ()


@pytest.mark.parametrize(
    ("end", "words"),
    [("19:00", "ends at the time it starts"), ("08:15", "at most 12 hours"),
     ("18:30", "at most 12 hours"), ("7 PM-ish", "not a time like")],
)
def test_a_bad_end_time_keeps_the_meeting_at_its_start_for_an_hour(end: str, words: str) -> None:
    result = parse_feed([{"name": "Slip", "slug": "slip", "day": 3, "time": "19:00",
                          "end_time": end, "conference_url": "https://zoom.us/j/1"}])
    [meeting] = result.meetings
    assert (meeting.time, meeting.end_time, meeting.duration_minutes) == ("19:00", None, 60)
    [problem] = result.problems
    assert (problem.record, problem.field, problem.severity) == (
        "meeting slip", "end_time", "warning")
    assert words in problem.message and "listed at its start" in problem.message


@pytest.mark.parametrize(
    ("given", "stored"),
    [({"time": "8:00 PM"}, {"time": "20:00"}), ({"time": "8 PM"}, {"time": "20:00"}),
     ({"time": "12:15 am"}, {"time": "00:15"}), ({"time": "20:00:00"}, {"time": "20:00"}),
     ({"time": "7:30 PM", "end_time": "8:30 p.m."}, {"time": "19:30", "end_time": "20:30"}),
     ({"day": "1"}, {"day": 1}), ({"day": ["1", "3"]}, {"day": (1, 3)}),
     ({"types": ["onl", "o", "12x12", "bv-i"]}, {"types": ("ONL", "O", "12x12", "BV-I")}),
     ({"slug": 1042}, {"id": "1042"})],
)
def test_what_other_feeds_send_is_read_and_stored_normalised(
    given: dict[str, Any], stored: dict[str, Any]
) -> None:
    record = {"name": "M", "slug": "m", "day": 2, "time": "19:00",
              "conference_url": "https://zoom.us/j/1", **given}
    result = parse_feed([record])
    [meeting] = result.meetings
    assert {name: getattr(meeting, name) for name in stored} == stored
    assert result.problems == ()


@pytest.mark.parametrize("phone", ["+11", "555-0100", "911"])
def test_a_phone_number_too_short_to_dial_is_not_offered(phone: str) -> None:
    record = {"name": "M", "slug": "m", "day": 2, "time": "19:00", "conference_phone": phone}
    result = parse_feed([record])
    [meeting] = result.meetings
    assert meeting.conference_phone is None
    assert meeting.attendance_option == "in_person"  # no link, no number: not online
    [problem] = result.problems
    assert (problem.record, problem.field, problem.severity) == (
        "meeting m", "conference_phone", "warning")
    assert "fewer than 10 digits" in problem.message
    assert to_feed(Listings(meetings=result.meetings))[0]["conference_phone"] == phone


def test_a_meeting_by_appointment_is_kept_and_exported_without_day_and_time() -> None:
    record = {"name": "Sponsor", "slug": "sponsor", "conference_url": "https://zoom.us/j/1"}
    result = parse_feed([record])
    [meeting] = result.meetings
    assert meeting.by_appointment and result.problems == ()
    assert (meeting.day, meeting.time, meeting.attendance_option) == ((), "", "online")
    [exported] = to_feed(Listings(meetings=result.meetings))
    assert "day" not in exported and "time" not in exported
    assert parse_feed([exported]).meetings == result.meetings


@pytest.mark.parametrize(("missing", "field"), [(("day",), "day"), (("time",), "time")])
def test_a_meeting_with_only_a_day_or_only_a_time_is_not_listed_and_says_why(
    missing: tuple[str, ...], field: str
) -> None:
    record = {"name": "Sponsor", "slug": "sponsor", "day": 1, "time": "19:00"}
    result = parse_feed([{k: v for k, v in record.items() if k not in missing}])
    assert result.meetings == () and result.errors == ()  # not listed, not a failed record
    [problem] = result.problems
    assert (problem.record, problem.field, problem.severity) == (
        "meeting sponsor", field, "warning")
    assert "or neither (by appointment)" in problem.message


def test_a_meeting_by_appointment_with_an_end_time_is_kept_without_it() -> None:
    record = {"name": "Sponsor", "slug": "sponsor", "end_time": "20:00"}
    result = parse_feed([record])
    [meeting] = result.meetings
    assert meeting.by_appointment and meeting.end_time is None
    [problem] = result.problems
    assert (problem.field, problem.severity) == ("end_time", "warning")
    assert problem.message.endswith("listed by appointment")


def test_every_type_code_in_the_spec_imports_without_loss() -> None:
    record = {"name": "All types", "slug": "all-types", "day": 5, "time": "12:00",
              "conference_url": "https://zoom.us/j/1", "types": list(SPEC_TYPES)}
    [meeting] = parse_feed([record]).meetings
    assert meeting.types == SPEC_TYPES
    assert to_feed(Listings(meetings=(meeting,)))[0]["types"] == list(SPEC_TYPES)


def test_slugs_that_are_not_kiosk_ids_are_made_into_ids_and_exported_as_given() -> None:
    records = [{"name": "A", "slug": "Sunday Serenity 7", "day": 0, "time": "09:00"},
               {"name": "B", "slug": 88, "day": 0, "time": "10:00"}]
    meetings = parse_feed(records).meetings
    assert [m.id for m in meetings] == ["sunday-serenity-7", "88"]
    assert [r["slug"] for r in to_feed(Listings(meetings=meetings))] == ["Sunday Serenity 7", 88]


def test_malformed_records_are_skipped_each_with_a_message_naming_record_and_field() -> None:
    result = load_feed((DATA / "malformed.json").read_text("utf-8"))
    assert result.meetings == ()
    errors = {(p.record, p.field) for p in result.errors}
    assert ("meeting bad-day", "day") in errors
    assert ("meeting bad-time", "time") in errors
    assert {("meeting wrong-types", "name"), ("meeting wrong-types", "day"),
            ("meeting wrong-types", "time"), ("meeting wrong-types", "types")} <= errors
    assert ("meeting #4", "slug") in errors
    assert ("meeting #5", "") in errors
    assert ("meeting bad-link", "conference_url") in errors
    assert ("meeting bad-address", "formatted_address") in errors
    records = len(json.loads((DATA / "malformed.json").read_text("utf-8")))
    assert len({p.record for p in result.errors}) == records


def test_good_records_are_imported_when_others_are_bad() -> None:
    good = {"name": "Good", "slug": "good", "day": 1, "time": "19:00"}
    result = parse_feed([good, {"name": "Bad", "slug": "bad", "day": 9, "time": "19:00"}])
    assert [m.id for m in result.meetings] == ["good"]
    assert [p.record for p in result.errors] == ["meeting bad"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"name": "x",', "not valid JSON at line 1"),
        ('{"meetings": []}', "JSON array of meetings, not a JSON object"),
        ('"hello"', "not a JSON string"),
        ("", "not valid JSON"),
    ],
)
def test_a_feed_that_is_not_a_json_array_is_refused_whole(text: str, message: str) -> None:
    with pytest.raises(ImportFileError, match=message):
        load_feed(text)
