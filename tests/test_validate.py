"""Validation: each rule names record and field, bad records are skipped, nothing crashes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.model import Event, Listings, Meeting, Page, Problem, Program, Settings
from kiosk.schedule import Schedule
from kiosk.validate import (
    SPACE_RE,
    check_fields,
    check_record,
    check_slug,
    check_timezone,
    check_url,
    check_url_by_parsing,
    field_problems,
    validate_docs,
)

PROGRAM_DOC = {"slug": "smart-recovery", "name": "SMART Recovery"}


def meeting_doc(**changes: Any) -> dict[str, Any]:
    """A valid stored meeting, with some fields changed (None removes a field)."""
    doc: dict[str, Any] = {
        "id": "smart-tue", "name": "SMART Tuesday", "program": "smart-recovery",
        "day": 2, "time": "19:00", "end_time": "20:30",
    }
    doc.update(changes)
    return {k: v for k, v in doc.items() if v is not None}


def validate_meetings(*docs: dict[str, Any]) -> Listings:
    return validate_docs({"programs": [PROGRAM_DOC], "meetings": list(docs)})


def fields_named(listings: Listings, record: str) -> dict[str, Problem]:
    return {p.field: p for p in listings.problems if p.record == record}


def test_valid_meeting_loads_without_problems() -> None:
    listings = validate_meetings(meeting_doc())
    assert listings.problems == ()
    assert [m.id for m in listings.meetings] == ["smart-tue"]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"time": "25:00"}, "time", "not a time of day"),
        ({"time": "7:30"}, "time", "not a time like"),
        ({"end_time": "19:60"}, "end_time", "not a time of day"),
        ({"day": 9}, "day", "9 is not a weekday"),
        ({"day": "Tuesday"}, "day", "needs a weekday"),
        ({"day": [2, "Wednesday"]}, "day", "'Wednesday' is not a weekday"),
        ({"day": [2, 2]}, "day", "same weekday twice"),
        ({"end_time": "18:00"}, "end_time", "is before the start 19:00"),
        ({"end_time": "19:00"}, "end_time", "ends at the time it starts"),
        ({"duration": 45}, "duration", "not both"),
        ({"end_time": None, "duration": 0}, "duration", "between 1 and"),
        ({"conference_url": "ftp://files.example.org/x"}, "conference_url", "https://"),
        ({"conference_url": "https://zoom.us/j/1 2"}, "conference_url", "spaces"),
        ({"name": ""}, "name", "cannot be empty"),
        ({"name": "   "}, "name", "cannot be empty"),
        ({"name": None}, "name", "is missing"),
        ({"program": "alcoholics-anonymous"}, "program", "no program has the slug"),
        ({"program": ""}, "program", "is missing"),
        ({"attendance_option": "zoom"}, "attendance_option", "is not a format"),
        ({"start_date": "2026-12-01", "end_date": "2026-11-01"}, "end_date", "before start_date"),
        ({"start_date": "2026-02-30"}, "start_date", "not a date"),
        ({"start_date": "20261124"}, "start_date", "not a date"),
        ({"cancelled": ["2026-11-24", "soon"]}, "cancelled", "'soon' is not a date"),
        ({"timezone": "Mars/Olympus"}, "timezone", "not an IANA time zone"),
        ({"types": ["O", 3]}, "types", "list of text"),
        ({"extra": "a note"}, "extra", "must be an object"),
        ({"day": None}, "day", "both a day and a time, or neither (by appointment)"),
        ({"time": None, "end_time": None}, "time", "or neither (by appointment)"),
        ({"day": None, "time": None}, "end_time", "a meeting by appointment"),
        ({"day": None, "time": None, "end_time": None, "duration": 30}, "duration",
         "a meeting by appointment"),
    ],
)
def test_each_rule_names_record_and_field(changes: dict[str, Any], field: str, words: str) -> None:
    listings = validate_meetings(meeting_doc(**changes))
    problem = fields_named(listings, "meeting smart-tue")[field]
    assert problem.severity == "error"
    assert words in problem.message
    assert listings.meetings == ()


def test_a_meeting_without_day_and_time_is_by_appointment() -> None:
    listings = validate_meetings(meeting_doc(day=None, time=None, end_time=None))
    [meeting] = listings.meetings
    assert listings.problems == () and meeting.by_appointment
    assert Schedule(listings).next_occurrence(meeting, datetime(2026, 11, 24, tzinfo=UTC)) is None
    assert meeting.to_doc().keys().isdisjoint({"day", "time"})


def test_overnight_meeting_up_to_twelve_hours_is_fine() -> None:
    listings = validate_meetings(meeting_doc(time="23:30", end_time="00:30"))
    assert listings.problems == ()
    assert listings.meetings[0].duration_minutes == 60


@pytest.mark.parametrize(("start", "end"), [("00:00", "23:59"), ("06:00", "22:00")])
def test_a_meeting_within_one_day_may_last_longer_than_twelve_hours(start: str, end: str) -> None:
    listings = validate_meetings(meeting_doc(time=start, end_time=end))
    assert listings.problems == ()
    assert listings.meetings[0].end_time == end


def test_online_meeting_without_link_is_only_a_warning() -> None:
    listings = validate_meetings(meeting_doc(attendance_option="online"))
    problem = fields_named(listings, "meeting smart-tue")["conference_url"]
    assert problem.severity == "warning"
    assert listings.errors == ()
    assert [m.id for m in listings.meetings] == ["smart-tue"]


def test_online_meeting_with_only_a_phone_has_no_warning() -> None:
    listings = validate_meetings(
        meeting_doc(attendance_option="online", conference_phone="+1 312-555-0142")
    )
    assert listings.problems == ()


def test_control_characters_are_a_warning_naming_the_field() -> None:
    listings = validate_meetings(meeting_doc(notes="ring the bell\x1b[31m"))
    problem = fields_named(listings, "meeting smart-tue")["notes"]
    assert problem.severity == "warning"
    assert len(listings.meetings) == 1


def test_duplicate_ids_keep_the_first_and_name_the_second() -> None:
    first = meeting_doc(name="First")
    second = meeting_doc(name="Second", time="20:00", end_time="21:00")
    listings = validate_meetings(first, second)
    assert [m.name for m in listings.meetings] == ["First"]
    [problem] = listings.problems
    assert (problem.record, problem.field) == ("meeting smart-tue", "id")
    assert "duplicate" in problem.message


def test_bad_records_are_skipped_while_good_ones_load() -> None:
    docs = [
        meeting_doc(id="good-1"),
        meeting_doc(id="bad-time", time="25:00"),
        meeting_doc(id="good-2", day=[1, 3, 5]),
        "not a record",
        meeting_doc(id="bad-program", program="nope"),
        meeting_doc(id="good-3", attendance_option="online"),  # a warning only
    ]
    listings = validate_meetings(*docs)
    assert [m.id for m in listings.meetings] == ["good-1", "good-2", "good-3"]
    assert {p.record for p in listings.errors} == {
        "meeting bad-time", "meeting #4", "meeting bad-program",
    }


def test_record_without_id_is_named_by_its_name_or_position() -> None:
    listings = validate_meetings(meeting_doc(id=None), meeting_doc(id=None, name=None))
    assert {(p.record, p.field) for p in listings.problems} == {
        ("meeting 'SMART Tuesday'", "id"), ("meeting #2", "id"), ("meeting #2", "name"),
    }


def test_program_and_event_rules_name_their_records() -> None:
    listings = validate_docs({
        "programs": [
            PROGRAM_DOC,
            {"slug": "Refuge Recovery", "name": "Refuge"},
            {"slug": "grief", "name": "Grief", "url": "javascript:alert(1)"},
        ],
        "events": [
            {"id": "potluck", "name": "Pot luck", "time": "17:30", "date": "2026-13-12"},
            {"id": "picnic", "name": "Picnic", "time": "12:00", "date": "2026-07-04",
             "cancelled": "yes"},
            {"id": "social", "name": "Social", "time": "18:00", "date": "2026-12-12",
             "program": "smart-recovery"},
        ],
    })
    assert {(p.record, p.field) for p in listings.problems} == {
        ("program Refuge Recovery", "slug"),
        ("program grief", "url"),
        ("event potluck", "date"),
        ("event picnic", "cancelled"),
    }
    assert [p.slug for p in listings.programs] == ["smart-recovery"]
    assert [e.id for e in listings.events] == ["social"]


def test_bad_settings_fall_back_field_by_field() -> None:
    listings = validate_docs({"settings": [
        {"org_name": "Lakeside", "timezone": "Chicago", "dwell_seconds": 0},
        {"org_name": "Ignored"},
    ]})
    assert listings.settings.org_name == "Lakeside"
    assert listings.settings.timezone == "America/Chicago"  # the default
    assert listings.settings.dwell_seconds == 12
    assert {(p.field, p.severity) for p in listings.problems} == {
        ("timezone", "error"), ("dwell_seconds", "error"), ("", "warning"),
    }


def test_settings_that_are_not_a_record_are_an_error_not_a_crash() -> None:
    listings = validate_docs({"settings": [["org_name", "Lakeside"]]})
    assert listings.settings.org_name == "Peer Support Center"
    assert [(p.record, p.field) for p in listings.errors] == [("settings", "")]


@pytest.mark.parametrize(
    "value",
    ["America", "Europe", "x" * 5000, "a/" * 300],
    ids=["America", "Europe", "long", "deep"],
)
def test_timezone_check_reports_folders_and_long_names(value: str) -> None:
    assert "IANA" in (check_timezone(value) or "")


@pytest.mark.parametrize("value", ["http://[::1", "https://[host]/", "https://"])
def test_url_check_reports_malformed_hosts(value: str) -> None:
    assert check_url(value) is not None


@pytest.mark.parametrize("value", ["smart-tue\n", "Smart", "-smart", "", "smart tue"])
def test_slug_check_rejects_anything_but_the_slug_alphabet(value: str) -> None:
    assert check_slug(value) is not None


def test_check_record_reports_what_saving_would_break() -> None:
    listings = validate_meetings(meeting_doc())
    bad = Meeting(id="new-one", name="New", program="missing", day=2, time="19:00")
    assert [(p.record, p.field) for p in check_record(bad, listings)] == [
        ("meeting new-one", "program"),
    ]
    good = Event(id="potluck", name="Pot luck", time="17:30", date="2026-12-12")
    assert check_record(good, listings) == []
    assert check_record(Program(slug="ok", name=" "), listings)[0].field == "name"


# -- nothing crashes ----------------------------------------------------------------------

KNOWN_FIELDS = sorted({
    "id", "slug", "name", "title", "program", "day", "time", "end_time", "duration", "date",
    "attendance_option", "conference_url", "timezone", "start_date", "end_date", "cancelled",
    "types", "extra", "org_name", "dwell_seconds", "url", "order", "notes",
})
JSON_SCALARS = (
    st.none() | st.booleans() | st.integers(-10, 10**6)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12)
    | st.sampled_from(["19:00", "23:30", "2026-11-24", "smart-recovery", "America",
                       "America/New_York", "https://zoom.us/j/8", "online", "http://["])
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=6,
)
# Records that look like real ones (known field names) reach the deeper rules.
RECORD_LIKE = st.dictionaries(st.sampled_from(KNOWN_FIELDS), JSON_VALUES, max_size=8)
TABLE_CONTENT = st.lists(RECORD_LIKE | JSON_VALUES, max_size=3)


@settings(max_examples=150, deadline=None)
@given(st.fixed_dictionaries({
    "settings": TABLE_CONTENT, "programs": TABLE_CONTENT, "pages": TABLE_CONTENT,
    "meetings": TABLE_CONTENT, "events": TABLE_CONTENT,
}))
def test_no_input_crashes_validation(tables: dict[str, list[Any]]) -> None:
    tables["programs"].append({"slug": "smart-recovery", "name": "SMART"})  # so meetings can pass
    listings = validate_docs(tables)
    assert isinstance(listings, Listings)
    assert all(isinstance(p, Problem) and p.record for p in listings.problems)
    for record in (*listings.meetings, *listings.events):
        assert [p for p in check_record(record, listings) if p.severity == "error"] == []
    Schedule(listings).week(date(2026, 11, 22))  # whatever passes, the schedule can use


# -- the quick ways give the same answers ----------------------------------------------------

URL_ALPHABET = "htps:/[]@#?.:-_~%=&+az09AZ \t\n\x1b\x85\u00a0\u3000\uff03\u2100"
URLISH = st.one_of(
    st.text(URL_ALPHABET, max_size=30),
    st.tuples(st.sampled_from(["http://", "https://", "HTTPS://", " https://", "https:", "ftp://"]),
              st.text(URL_ALPHABET, max_size=24)).map("".join),
)


@settings(max_examples=3000, deadline=None)
@given(URLISH)
def test_url_check_answers_as_urlsplit_does(value: str) -> None:
    """`check_url` skips `urlsplit` for plain addresses; it must answer as if it had not."""
    if value:
        assert check_url(value) == check_url_by_parsing(value)


@pytest.mark.parametrize("value", [
    "https://zoom.us/j/82166513435", "http://a.org:8080/x?y=1#z", "https://a.org/\\[x]",
    "https://a.org/ x", "https://a.org/\x7f", "https://user@a.org/", "https://[::1]/",
    "https://a.org\u00a0/", "https://\uff03a.org", "https://a.org\n", "https://",
])
def test_url_check_on_addresses_close_to_plain(value: str) -> None:
    assert check_url(value) == check_url_by_parsing(value)


def test_the_space_pattern_is_what_str_isspace_calls_space() -> None:
    spaces = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    assert {chr(c) for c in range(0x110000) if SPACE_RE.match(chr(c))} == spaces


@settings(max_examples=400, deadline=None)
@given(st.sampled_from([Program, Page, Meeting, Event, Settings]),
       st.dictionaries(st.sampled_from(KNOWN_FIELDS), JSON_VALUES, max_size=10))
def test_field_checks_give_every_rule_in_order(kind: type[Any], doc: dict[str, Any]) -> None:
    """A record passes the quick pass only if no rule finds a problem; one with a problem is
    told every problem, in the rules' order."""
    assert check_fields(kind, doc, "it") == field_problems(kind, doc, "it")
    valid = meeting_doc(**{k: v for k, v in doc.items() if k != "id"})
    assert check_fields(Meeting, valid, "it") == field_problems(Meeting, valid, "it")


def test_the_spanish_crisis_line_is_text() -> None:
    listings = validate_docs({"settings": [{"footer_text_es": "¿En crisis? Llame al 988."}]})
    assert listings.settings.footer_text_es == "¿En crisis? Llame al 988."
    bad = validate_docs({"settings": [{"footer_text_es": 988}]})
    assert bad.settings.footer_text_es == ""
    assert [(p.record, p.field) for p in bad.problems] == [("settings", "footer_text_es")]
