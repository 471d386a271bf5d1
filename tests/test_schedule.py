"""The schedule at pinned instants: statuses, DST, midnight, cancellations, zones, events."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from kiosk.model import Event, Listings, Meeting, Program, Settings
from kiosk.schedule import Occurrence, Schedule
from kiosk.store import Store

PROGRAM = Program(slug="p", name="Program")


def meeting(meeting_id: str = "m", day: int | tuple[int, ...] = 0, time: str = "19:00",
            **fields: Any) -> Meeting:
    return Meeting(id=meeting_id, name=meeting_id.title(), program="p", day=day, time=time,
                   **fields)


def schedule_of(*meetings: Meeting, events: tuple[Event, ...] = ()) -> Schedule:
    """A kiosk in America/Chicago (the default settings) with just these listings."""
    return Schedule(Listings(settings=Settings(), programs=(PROGRAM,), meetings=meetings,
                             events=events))


def only(occurrences: list[Occurrence]) -> Occurrence:
    [occurrence] = occurrences
    return occurrence


def elapsed(occurrence: Occurrence) -> timedelta:
    return occurrence.end.astimezone(UTC) - occurrence.start.astimezone(UTC)


# -- the sample data ----------------------------------------------------------------------

def test_sample_tuesday_evening_has_every_status(sample_path: Path, chicago: ZoneInfo) -> None:
    schedule = Schedule(Store(sample_path).load())
    now = datetime(2026, 11, 24, 18, 55, tzinfo=chicago)
    statuses = {o.id: o.status(now, schedule.soon_minutes) for o in schedule.today(now)}
    assert statuses == {
        "smart-tue-morning": "ended",
        "smart-tue-evening": "in_progress",
        "refuge-tue-evening": "starting_soon",
        "smart-ff-tue-online": "later",
    }
    grief = schedule.next_for_program("grief-group", now)
    assert grief is not None
    assert (grief.id, grief.start) == (
        "grief-wed-evening", datetime(2026, 11, 25, 19, 0, tzinfo=chicago),
    )


def test_sample_thanksgiving_cancellation_and_pot_luck(
    sample_path: Path, chicago: ZoneInfo
) -> None:
    schedule = Schedule(Store(sample_path).load())
    thursday = {o.id: o.cancelled for o in schedule.on_date(date(2026, 11, 26))}
    assert thursday["refuge-thu-evening"] is True
    assert thursday["smart-thu-late"] is False
    saturday = {o.id: o.kind for o in schedule.on_date(date(2026, 12, 12))}
    assert saturday["grief-potluck-december"] == "event"
    assert saturday["smart-ff-sat-series"] == "meeting"  # the series' last week
    assert "smart-ff-sat-series" not in {o.id for o in schedule.on_date(date(2026, 12, 19))}


# -- statuses and minutes -----------------------------------------------------------------

@pytest.mark.parametrize(
    ("hour", "minute", "second", "status"),
    [
        (18, 29, 59, "later"),
        (18, 30, 0, "starting_soon"),
        (18, 59, 59, "starting_soon"),
        (19, 0, 0, "in_progress"),
        (19, 59, 59, "in_progress"),
        (20, 0, 0, "ended"),
    ],
)
def test_status_boundaries(
    chicago: ZoneInfo, hour: int, minute: int, second: int, status: str
) -> None:
    occurrence = only(schedule_of(meeting(day=2, end_time="20:00")).on_date(date(2026, 11, 24)))
    now = datetime(2026, 11, 24, hour, minute, second, tzinfo=chicago)
    assert occurrence.status(now, soon_minutes=30) == status


@pytest.mark.parametrize(
    ("now", "minutes"),
    [
        ((18, 30, 0, 0), 30),
        ((18, 58, 59, 500_000), 2),  # 60.5 s away: "in 2 min" until a full minute is left
        ((18, 59, 0, 0), 1),
        ((18, 59, 59, 0), 1),
        ((19, 0, 0, 0), 0),
        ((19, 10, 0, 0), 0),  # started: never negative
    ],
)
def test_minutes_until_start_rounds_up(
    chicago: ZoneInfo, now: tuple[int, int, int, int], minutes: int
) -> None:
    occurrence = only(schedule_of(meeting(day=2)).on_date(date(2026, 11, 24)))
    assert occurrence.minutes_until_start(datetime(2026, 11, 24, *now, tzinfo=chicago)) == minutes


# -- DST in America/Chicago ---------------------------------------------------------------

def test_spring_forward_missing_start_shows_once_an_hour_later(chicago: ZoneInfo) -> None:
    schedule = schedule_of(meeting(day=0, time="02:30", end_time="03:30"))
    occurrence = only(schedule.on_date(date(2026, 3, 8)))
    assert occurrence.start == datetime(2026, 3, 8, 3, 30, tzinfo=chicago)
    assert occurrence.start.utcoffset() == timedelta(hours=-5)
    assert elapsed(occurrence) == timedelta(hours=1)
    now = datetime(2026, 3, 8, 3, 45, tzinfo=chicago)
    assert [(o.id, o.status(now)) for o in schedule.today(now)] == [("m", "in_progress")]
    week = schedule.week(date(2026, 3, 7), days=3)
    assert [len(day) for _, day in week] == [0, 1, 0]


def test_spring_forward_meeting_across_the_gap_ends_after_its_length(chicago: ZoneInfo) -> None:
    occurrence = only(schedule_of(meeting(day=0, time="01:30", end_time="02:30"))
                      .on_date(date(2026, 3, 8)))
    assert occurrence.start.utcoffset() == timedelta(hours=-6)
    assert occurrence.end == datetime(2026, 3, 8, 3, 30, tzinfo=chicago)  # 60 elapsed minutes
    assert occurrence.status(datetime(2026, 3, 8, 3, 15, tzinfo=chicago)) == "in_progress"
    assert occurrence.status(datetime(2026, 3, 8, 3, 30, tzinfo=chicago)) == "ended"


def test_fall_back_repeated_start_is_the_first_one(chicago: ZoneInfo) -> None:
    schedule = schedule_of(meeting(day=0, time="01:30"))
    occurrence = only(schedule.on_date(date(2026, 11, 1)))
    assert occurrence.start.utcoffset() == timedelta(hours=-5)  # 01:30 CDT, the first
    assert occurrence.end.utcoffset() == timedelta(hours=-6)  # one hour later: 01:30 CST
    first_pass = datetime(2026, 11, 1, 1, 45, tzinfo=chicago)
    second_pass = datetime(2026, 11, 1, 1, 45, fold=1, tzinfo=chicago)
    assert occurrence.status(first_pass) == "in_progress"
    assert occurrence.status(second_pass) == "ended"
    assert [o.id for o in schedule.today(second_pass)] == ["m"]


def test_fall_back_duration_is_elapsed_time(chicago: ZoneInfo) -> None:
    occurrence = only(schedule_of(meeting(day=0, time="00:30", end_time="02:00"))
                      .on_date(date(2026, 11, 1)))
    assert elapsed(occurrence) == timedelta(minutes=90)
    assert occurrence.end == datetime(2026, 11, 1, 1, 0, fold=1, tzinfo=chicago)
    assert occurrence.end.utcoffset() == timedelta(hours=-6)
    assert occurrence.status(datetime(2026, 11, 1, 1, 15, tzinfo=chicago)) == "in_progress"
    assert occurrence.status(datetime(2026, 11, 1, 1, 15, fold=1, tzinfo=chicago)) == "ended"


def test_fall_back_minutes_and_upcoming_count_the_repeated_hour(chicago: ZoneInfo) -> None:
    schedule = schedule_of(meeting(day=0, time="02:00"), meeting("early", day=0, time="01:30"))
    early, late = schedule.on_date(date(2026, 11, 1))
    assert (early.id, late.id) == ("early", "m")
    first_pass = datetime(2026, 11, 1, 1, 50, tzinfo=chicago)
    assert late.minutes_until_start(first_pass) == 70  # 10 min of CDT, then the hour again
    assert early.status(first_pass) == "in_progress"  # 01:30 CDT to 01:30 CST
    second_pass = datetime(2026, 11, 1, 1, 20, fold=1, tzinfo=chicago)  # CST
    assert [o.id for o in schedule.upcoming(second_pass, limit=1)] == ["m"]
    assert early.status(second_pass) == "in_progress"


# -- past midnight ------------------------------------------------------------------------

def test_meeting_past_midnight_belongs_to_the_day_it_starts(chicago: ZoneInfo) -> None:
    schedule = schedule_of(meeting(day=2, time="23:30", end_time="00:30"))
    tuesday, wednesday = date(2026, 11, 24), date(2026, 11, 25)
    assert [o.start.date() for o in schedule.on_date(tuesday)] == [tuesday]
    assert schedule.on_date(wednesday) == []
    evening = datetime(2026, 11, 24, 23, 10, tzinfo=chicago)
    assert [o.status(evening) for o in schedule.today(evening)] == ["starting_soon"]
    after_midnight = datetime(2026, 11, 25, 0, 10, tzinfo=chicago)
    [carried] = schedule.today(after_midnight)
    assert carried.start == datetime(2026, 11, 24, 23, 30, tzinfo=chicago)
    assert carried.status(after_midnight) == "in_progress"
    assert schedule.today(datetime(2026, 11, 25, 0, 30, tzinfo=chicago)) == []


def test_cancelled_meeting_past_midnight_is_not_carried(chicago: ZoneInfo) -> None:
    schedule = schedule_of(meeting(day=2, time="23:30", end_time="00:30",
                                   cancelled=("2026-11-24",)))
    assert schedule.today(datetime(2026, 11, 25, 0, 10, tzinfo=chicago)) == []


# -- cancellations, dates, day lists ------------------------------------------------------

def test_cancelled_date_shows_cancelled_and_is_skipped(chicago: ZoneInfo) -> None:
    schedule = schedule_of(meeting(day=2, cancelled=("2026-11-24",)),
                           meeting("other", day=2, time="20:00"))
    cancelled = schedule.on_date(date(2026, 11, 24))[0]
    assert (cancelled.id, cancelled.cancelled) == ("m", True)
    assert cancelled.status(datetime(2026, 11, 24, 19, 15, tzinfo=chicago)) == "cancelled"
    noon = datetime(2026, 11, 24, 12, 0, tzinfo=chicago)
    following = schedule.next_occurrence(schedule.listings.meetings[0], noon)
    assert following is not None
    assert following.start == datetime(2026, 12, 1, 19, 0, tzinfo=chicago)
    assert [o.id for o in schedule.upcoming(noon, limit=2)] == ["other", "m"]
    assert schedule.upcoming(noon, limit=2)[1].start.date() == date(2026, 12, 1)


def test_start_and_end_dates_bound_a_series(chicago: ZoneInfo) -> None:
    series = meeting(day=6, time="11:00", start_date="2026-11-07", end_date="2026-12-12")
    schedule = schedule_of(series)
    meets = {day: bool(schedule.on_date(day)) for day in
             (date(2026, 10, 31), date(2026, 11, 7), date(2026, 12, 12), date(2026, 12, 19))}
    assert meets == {date(2026, 10, 31): False, date(2026, 11, 7): True,
                     date(2026, 12, 12): True, date(2026, 12, 19): False}
    before = schedule.next_occurrence(series, datetime(2026, 10, 1, tzinfo=chicago))
    assert before is not None and before.start.date() == date(2026, 11, 7)
    assert schedule.next_occurrence(series, datetime(2026, 12, 12, 13, tzinfo=chicago)) is None


def test_day_list_meets_on_each_listed_weekday() -> None:
    schedule = schedule_of(meeting("noon", day=(1, 3, 5), time="12:00"),
                           meeting("sunday", day=0))
    week = schedule.week(date(2026, 11, 22))
    assert [(day.isoformat(), [o.id for o in found]) for day, found in week] == [
        ("2026-11-22", ["sunday"]),
        ("2026-11-23", ["noon"]),
        ("2026-11-24", []),
        ("2026-11-25", ["noon"]),
        ("2026-11-26", []),
        ("2026-11-27", ["noon"]),
        ("2026-11-28", []),
    ]


# -- a meeting in another time zone -------------------------------------------------------

def test_meeting_in_new_york_shows_at_chicago_time(chicago: ZoneInfo) -> None:
    schedule = schedule_of(meeting("evening", day=2, time="20:00", timezone="America/New_York"),
                           meeting("after-midnight", day=3, time="00:30",
                                   timezone="America/New_York"))
    tuesday = schedule.on_date(date(2026, 11, 24))
    assert [(o.id, o.start) for o in tuesday] == [
        ("evening", datetime(2026, 11, 24, 19, 0, tzinfo=chicago)),
        ("after-midnight", datetime(2026, 11, 24, 23, 30, tzinfo=chicago)),  # still Tuesday
    ]
    assert schedule.on_date(date(2026, 11, 25)) == []


def test_meeting_in_london_follows_both_dst_calendars(chicago: ZoneInfo) -> None:
    london = meeting(day=2, time="18:00", timezone="Europe/London")
    schedule = schedule_of(london)
    # London left summer time on 25 October, Chicago on 1 November.
    starts = {day: only(schedule.on_date(date(2026, *day))).start.hour
              for day in ((10, 20), (10, 27), (11, 3))}
    assert starts == {(10, 20): 12, (10, 27): 13, (11, 3): 12}
    assert only(schedule.on_date(date(2026, 10, 27))).start == datetime(
        2026, 10, 27, 18, 0, tzinfo=ZoneInfo("Europe/London")
    )
    nxt = schedule.next_occurrence(london, datetime(2026, 10, 27, 12, 30, tzinfo=chicago))
    assert nxt is not None and nxt.start == datetime(2026, 10, 27, 13, 0, tzinfo=chicago)


# -- events -------------------------------------------------------------------------------

POTLUCK = Event(id="potluck", name="Pot luck", program="p", date="2026-12-12", time="17:30",
                end_time="20:30", location="Community Room")


def test_event_is_on_its_date_only(chicago: ZoneInfo) -> None:
    schedule = schedule_of(events=(POTLUCK,))
    assert schedule.on_date(date(2026, 12, 11)) == []
    party = only(schedule.on_date(date(2026, 12, 12)))
    assert (party.kind, party.start, party.end) == (
        "event",
        datetime(2026, 12, 12, 17, 30, tzinfo=chicago),
        datetime(2026, 12, 12, 20, 30, tzinfo=chicago),
    )
    assert party.status(datetime(2026, 12, 12, 18, tzinfo=chicago)) == "in_progress"
    assert schedule.upcoming(datetime(2026, 12, 11, 9, tzinfo=chicago)) == [party]


def test_cancelled_event_is_shown_cancelled_but_not_upcoming(chicago: ZoneInfo) -> None:
    cancelled = Event(**{**POTLUCK.to_doc(), "cancelled": True})
    schedule = schedule_of(events=(cancelled,))
    party = only(schedule.on_date(date(2026, 12, 12)))
    assert party.status(datetime(2026, 12, 12, 18, tzinfo=chicago)) == "cancelled"
    assert schedule.upcoming(datetime(2026, 12, 11, 9, tzinfo=chicago)) == []


def test_event_in_another_zone_is_on_its_kiosk_local_date(chicago: ZoneInfo) -> None:
    late = Event(id="late", name="Late", date="2026-12-12", time="23:00",
                 timezone="America/Los_Angeles")
    schedule = schedule_of(events=(late,))
    assert schedule.on_date(date(2026, 12, 12)) == []
    assert only(schedule.on_date(date(2026, 12, 13))).start == datetime(
        2026, 12, 13, 1, 0, tzinfo=chicago
    )


# -- week, upcoming, JSON -----------------------------------------------------------------

def test_upcoming_is_soonest_first_and_skips_started(chicago: ZoneInfo) -> None:
    schedule = schedule_of(
        meeting("running", day=2, time="18:00", end_time="19:30"),
        meeting("soon", day=2, time="19:15"),
        meeting("later", day=2, time="20:00"),
        meeting("tomorrow", day=3, time="07:30"),
        meeting("monday", day=1, time="12:00"),
    )
    now = datetime(2026, 11, 24, 18, 55, tzinfo=chicago)
    assert [o.id for o in schedule.upcoming(now)] == ["soon", "later", "tomorrow"]
    assert [o.id for o in schedule.upcoming(now, limit=5)] == [
        "soon", "later", "tomorrow", "monday", "running",
    ]
    assert schedule.upcoming(now, limit=5)[-1].start.date() == date(2026, 12, 1)


def test_to_json_shape_and_offsets(chicago: ZoneInfo) -> None:
    online = meeting("online", day=0, time="01:30", attendance_option="online",
                     conference_url="https://zoom.us/j/8123456789")
    occurrence = only(schedule_of(online).on_date(date(2026, 11, 1)))
    now = datetime(2026, 11, 1, 1, 0, tzinfo=chicago)
    assert occurrence.to_json(now) == {
        "id": "online",
        "name": "Online",
        "program": "p",
        "kind": "meeting",
        "start": "2026-11-01T01:30:00-05:00",
        "end": "2026-11-01T01:30:00-06:00",
        "format": "online",
        "status": "starting_soon",
        "conference_url": "https://zoom.us/j/8123456789",
    }
    in_person = only(schedule_of(meeting(day=2)).on_date(date(2026, 11, 24)))
    shape = in_person.to_json(now, soon_minutes=10)
    assert (shape["start"], shape["conference_url"], shape["status"]) == (
        "2026-11-24T19:00:00-06:00", None, "later",
    )
