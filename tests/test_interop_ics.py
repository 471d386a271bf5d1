"""iCalendar export: recurrences land where the kiosk's schedule puts them, across DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rruleset, rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from icalendar import Event as VEvent

from kiosk.interop.calendar_entry import meeting_vevent
from kiosk.interop.ics import export_ics
from kiosk.model import Event, Listings, Meeting, Program
from kiosk.schedule import Schedule

CHICAGO = ZoneInfo("America/Chicago")
FIRST_DAY = date(2026, 10, 25)  # a Sunday; DST ends in Chicago on Sunday 2026-11-01
WEEKS = 5
TWICE_WEEKLY = Meeting(
    id="sun-wed", name="SMART Recovery", program="smart-recovery", time="18:30",
    end_time="20:00", day=(0, 3), cancelled=("2026-11-04", "2026-10-01"),
    end_date="2026-11-25", location="Peer Support Center", address="1200 W Main St, Springfield",
)
LISTINGS = Listings(
    programs=(Program("smart-recovery", "SMART Recovery"),),
    meetings=(
        TWICE_WEEKLY,
        Meeting(id="early-sunday", name="Early", program="smart-recovery", time="01:30", day=0,
                attendance_option="online", conference_url="https://zoom.us/j/1"),
        Meeting(id="eastern", name="Eastern", program="smart-recovery", time="20:00", day=1,
                timezone="America/New_York", duration=45),
        Meeting(id="later-start", name="Later", program="smart-recovery", time="12:00", day=4,
                start_date="2026-11-05", notes="Bring a friend"),
        Meeting(id="over", name="Over", program="smart-recovery", time="12:00", day=4,
                end_date="2026-10-01"),
    ),
    events=(
        Event(id="potluck", name="Pot luck", time="12:00", duration=120, date="2026-11-07"),
        Event(id="called-off", name="Picnic", time="11:00", date="2026-11-08", cancelled=True),
        Event(id="past", name="Past", time="11:00", date="2026-10-01"),
    ),
)


def expand(ics: bytes, start: datetime, end: datetime) -> set[tuple[str, datetime]]:
    """Every (uid, start in UTC) between two instants, skipping EXDATEs and cancelled events."""
    found: set[tuple[str, datetime]] = set()
    for vevent in Calendar.from_ical(ics).walk("VEVENT"):
        if vevent.get("STATUS") == "CANCELLED":
            continue
        dtstart = vevent.decoded("DTSTART")
        rules = rruleset()
        if "RRULE" in vevent:
            rules.rrule(rrulestr(vevent["RRULE"].to_ical().decode(), dtstart=dtstart))
        else:
            rules.rdate(dtstart)
        exdates = vevent.get("EXDATE", [])
        for exdate in exdates if isinstance(exdates, list) else [exdates]:
            for value in exdate.dts:
                rules.exdate(value.dt)
        uid = str(vevent["UID"]).split("@")[0]
        found |= {(uid, s.astimezone(UTC)) for s in rules.between(start, end, inc=True)}
    return found


def scheduled(days: int) -> set[tuple[str, datetime]]:
    schedule = Schedule(LISTINGS, CHICAGO)
    return {
        (f"{o.kind}-{o.id}", o.start.astimezone(UTC))
        for n in range(days)
        for o in schedule.on_date(FIRST_DAY + timedelta(days=n))
        if not o.cancelled
    }


def test_export_expands_to_exactly_the_schedules_occurrences_across_dst() -> None:
    ics = export_ics(LISTINGS, CHICAGO, FIRST_DAY)
    start = datetime.combine(FIRST_DAY, time(), CHICAGO)
    end = start + timedelta(days=WEEKS * 7) - timedelta(seconds=1)
    expected = scheduled(WEEKS * 7)
    assert expand(ics, start, end) == expected
    assert ("meeting-early-sunday", datetime(2026, 11, 1, 6, 30, tzinfo=UTC)) in expected  # CDT


def test_a_weekly_meeting_keeps_its_local_time_and_days_across_the_dst_change() -> None:
    ics = export_ics(LISTINGS, CHICAGO, FIRST_DAY)
    start = datetime.combine(FIRST_DAY, time(), CHICAGO)
    local = sorted(s.astimezone(CHICAGO) for uid, s in
                   expand(ics, start, start + timedelta(days=60)) if uid == "meeting-sun-wed")
    assert [(s.date().isoformat(), s.strftime("%H:%M")) for s in local] == [
        ("2026-10-25", "18:30"), ("2026-10-28", "18:30"), ("2026-11-01", "18:30"),
        # 2026-11-04 is cancelled
        ("2026-11-08", "18:30"), ("2026-11-11", "18:30"), ("2026-11-15", "18:30"),
        ("2026-11-18", "18:30"), ("2026-11-22", "18:30"), ("2026-11-25", "18:30"),
    ]
    assert {s.utcoffset() for s in local} == {timedelta(hours=-5), timedelta(hours=-6)}


def test_export_has_time_zones_rules_and_details() -> None:
    calendar = Calendar.from_ical(export_ics(LISTINGS, CHICAGO, FIRST_DAY))
    assert {tz["TZID"] for tz in calendar.walk("VTIMEZONE")} == {
        "America/Chicago", "America/New_York"}
    vevents = {str(v["UID"]).split("@")[0]: v for v in calendar.walk("VEVENT")}
    assert set(vevents) == {"meeting-sun-wed", "meeting-early-sunday", "meeting-eastern",
                            "meeting-later-start", "event-potluck", "event-called-off"}
    weekly = vevents["meeting-sun-wed"]
    assert weekly["RRULE"]["FREQ"] == ["WEEKLY"]
    assert weekly["RRULE"]["BYDAY"] == ["SU", "WE"]
    assert weekly["RRULE"]["UNTIL"] == [datetime(2026, 11, 26, 0, 30, tzinfo=UTC)]
    assert weekly.decoded("DURATION") == timedelta(minutes=90)
    assert weekly["DTSTART"].params["TZID"] == "America/Chicago"
    assert str(weekly["LOCATION"]) == "Peer Support Center, 1200 W Main St, Springfield"
    assert vevents["meeting-later-start"].decoded("DTSTART") == datetime(
        2026, 11, 5, 12, 0, tzinfo=CHICAGO)
    assert str(vevents["meeting-early-sunday"]["URL"]) == "https://zoom.us/j/1"
    assert vevents["event-called-off"]["STATUS"] == "CANCELLED"
    assert vevents["event-potluck"].decoded("DURATION") == timedelta(hours=2)


def test_a_temporarily_closed_meeting_is_exported_called_off() -> None:
    closed = Meeting(id="closed", name="Closed", program="smart-recovery", time="12:00", day=4,
                     attendance_option="inactive", types=("TC",))
    listings = Listings(programs=LISTINGS.programs, meetings=(closed,))
    calendar = Calendar.from_ical(export_ics(listings, CHICAGO, FIRST_DAY))
    [vevent] = calendar.walk("VEVENT")
    assert vevent["STATUS"] == "CANCELLED"
    assert "Location temporarily closed" in str(vevent["DESCRIPTION"])


def test_same_listings_export_the_same_bytes() -> None:
    assert export_ics(LISTINGS, CHICAGO, FIRST_DAY) == export_ics(LISTINGS, CHICAGO, FIRST_DAY)


@pytest.mark.parametrize(
    ("changes", "location", "url"),  # a hybrid meeting's link is its DESCRIPTION
    [
        ({}, "Peer Support Center, 1200 W Main St, Springfield", None),
        ({"attendance_option": "online", "conference_url": "https://zoom.us/j/9"},
         "https://zoom.us/j/9", None),
        ({"attendance_option": "hybrid", "conference_url": "https://zoom.us/j/9"},
         "Peer Support Center, 1200 W Main St, Springfield", "https://zoom.us/j/9"),
    ],
)
def test_qr_vevent_is_small_utc_and_says_where(
    changes: dict[str, str], location: str, url: str | None
) -> None:
    meeting = Meeting(**{**TWICE_WEEKLY.to_doc(), "day": (0, 3), "cancelled": (), **changes})
    occurrence = Schedule(Listings(meetings=(meeting,)), CHICAGO).next_occurrence(
        meeting, datetime(2026, 10, 31, 12, 0, tzinfo=CHICAGO))
    assert occurrence is not None
    text = meeting_vevent(meeting, occurrence)
    assert text.startswith("BEGIN:VEVENT") and len(text.encode()) < 300
    assert "\r\n " not in text and location in text.replace("\\,", ",")  # not folded
    assert "DTSTART:20261102T003000Z" in text  # Sunday 1 Nov 18:30 CST, 6 hours behind UTC
    assert "DTEND:20261102T020000Z" in text
    vevent = VEvent.from_ical(text)
    assert vevent.decoded("DTSTART") == occurrence.start
    assert str(vevent["LOCATION"]) == location
    assert (str(vevent["DESCRIPTION"]) if "DESCRIPTION" in vevent else None) == url
    assert "URL" not in vevent


@settings(max_examples=200, deadline=None)
@given(name=st.text(min_size=1, max_size=60), place=st.text(max_size=60))
def test_qr_vevent_text_reads_back_as_written(name: str, place: str) -> None:
    """Whatever a name or place holds (commas, semicolons, backslashes, line breaks), icalendar
    reads the calendar entry's text back as it was, line breaks as LF."""
    meeting = Meeting(**{**TWICE_WEEKLY.to_doc(), "name": name, "location": place,
                         "room": None, "address": None, "attendance_option": "in_person"})
    occurrence = Schedule(Listings(meetings=(meeting,)), CHICAGO).next_occurrence(
        meeting, datetime(2026, 10, 31, 12, 0, tzinfo=CHICAGO))
    assert occurrence is not None
    vevent = VEvent.from_ical(meeting_vevent(meeting, occurrence))
    lines = name.replace("\r\n", "\n").replace("\r", "\n")
    assert str(vevent["SUMMARY"]) == lines
    where = place.replace("\r\n", "\n").replace("\r", "\n")
    assert (str(vevent["LOCATION"]) if "LOCATION" in vevent else "") == where
