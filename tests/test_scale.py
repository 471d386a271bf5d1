"""20,000 generated meetings through the real store: the schedule's answers, checked by brute force.

The expected answers are computed plainly from the data format's rules, meeting by meeting, and
not from the schedule's code: a meeting's own-zone date may be the kiosk's day before or after, a
start in the spring-forward gap moves on by the gap, a start in the repeated hour is the first
one, durations are elapsed time. Correctness only; the timings live in bench/data_path.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

import pytest

from bench.make_data import make_listings
from kiosk.filters import index_week, weekdays_of
from kiosk.model import Event, Listings, Meeting, weekday_of
from kiosk.schedule import Occurrence, Schedule
from kiosk.store import Store

pytestmark = pytest.mark.xdist_group("scale")  # one worker builds the 20,000 meetings, once

MEETINGS = 20_000
SEED = 7  # its pinned days hold every case below (checked by the last test)
CHICAGO = ZoneInfo("America/Chicago")
ONE_DAY = timedelta(days=1)


class Expected(NamedTuple):
    """One occurrence as the test computes it: instants in UTC."""

    id: str
    start: datetime
    end: datetime
    cancelled: bool


@pytest.fixture(scope="module")
def generated() -> Listings:
    return make_listings(MEETINGS, SEED)


@pytest.fixture(scope="module")
def loaded(generated: Listings, tmp_path_factory: pytest.TempPathFactory) -> Listings:
    path: Path = tmp_path_factory.mktemp("scale") / "kiosk.json"
    Store(path).write_listings(generated)
    return Store(path).load()


@pytest.fixture(scope="module")
def schedule(loaded: Listings) -> Schedule:
    return Schedule(loaded)


def start_instant(day: date, hhmm: str, zone: ZoneInfo) -> datetime:
    """When wall-clock `hhmm` on `day` happens in `zone`, found by trying the day's offsets."""
    wall = datetime.combine(day, time.fromisoformat(hhmm))
    offset_before = datetime.combine(day, time(), zone).utcoffset()
    offset_after = datetime.combine(day + ONE_DAY, time(), zone).utcoffset()
    assert offset_before is not None and offset_after is not None
    readings = sorted(
        wall - offset
        for offset in {offset_before, offset_after}
        if (wall - offset).replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None) == wall
    )
    if not readings:  # in the spring-forward gap: read with the old offset, i.e. moved on
        readings = [wall - offset_before]
    return readings[0].replace(tzinfo=UTC)  # the first of two readings when the clock falls back


def elapsed_minutes(record: Meeting | Event) -> int:
    if record.duration is not None:
        return record.duration
    if record.end_time:
        minutes = (int(record.end_time[:2]) * 60 + int(record.end_time[3:5])) - (
            int(record.time[:2]) * 60 + int(record.time[3:5]))
        return minutes if minutes > 0 else minutes + 24 * 60
    return 60


def held_on(meeting: Meeting, own_day: date) -> bool:
    weekdays = {meeting.day} if isinstance(meeting.day, int) else set(meeting.day)
    iso = own_day.isoformat()
    return (
        own_day.isoweekday() % 7 in weekdays
        and not (meeting.start_date and iso < meeting.start_date)
        and not (meeting.end_date and iso > meeting.end_date)
    )


def expected_on(listings: Listings, day: date) -> set[Expected]:
    """Every meeting and event that starts on this Chicago date, each checked one by one."""
    found: set[Expected] = set()
    for meeting in listings.meetings:
        zone = ZoneInfo(meeting.timezone) if meeting.timezone else CHICAGO
        for own_day in (day - ONE_DAY, day, day + ONE_DAY):
            if not held_on(meeting, own_day):
                continue
            start = start_instant(own_day, meeting.time, zone)
            if start.astimezone(CHICAGO).date() == day:
                end = start + timedelta(minutes=elapsed_minutes(meeting))
                found.add(Expected(meeting.id, start, end,
                                   own_day.isoformat() in meeting.cancelled))
    for event in listings.events:
        zone = ZoneInfo(event.timezone) if event.timezone else CHICAGO
        start = start_instant(date.fromisoformat(event.date), event.time, zone)
        if start.astimezone(CHICAGO).date() == day:
            end = start + timedelta(minutes=elapsed_minutes(event))
            found.add(Expected(event.id, start, end, event.cancelled))
    return found


def expected_status(item: Expected, now: datetime, soon_minutes: int) -> str:
    if item.cancelled:
        return "cancelled"
    if now >= item.end:
        return "ended"
    if now >= item.start:
        return "in_progress"
    return "starting_soon" if item.start - now <= timedelta(minutes=soon_minutes) else "later"


def as_expected(occurrences: Iterable[Occurrence]) -> list[Expected]:
    return [Expected(o.id, o.start.astimezone(UTC), o.end.astimezone(UTC), o.cancelled)
            for o in occurrences]


def assert_shown_right(occurrences: list[Occurrence]) -> None:
    """In start order, and each start and end is a wall-clock time Chicago really shows."""
    starts = [o.start.astimezone(UTC) for o in occurrences]
    assert starts == sorted(starts)
    for moment in [o.start for o in occurrences] + [o.end for o in occurrences]:
        assert getattr(moment.tzinfo, "key", None) == CHICAGO.key
        shown = moment.astimezone(UTC).astimezone(CHICAGO)
        assert (moment.replace(tzinfo=None), moment.utcoffset()) == (
            shown.replace(tzinfo=None), shown.utcoffset())


def test_generated_listings_load_unchanged_and_without_problems(
    generated: Listings, loaded: Listings
) -> None:
    assert loaded.problems == ()
    assert loaded.meetings == generated.meetings
    assert loaded.events == generated.events
    assert {p.slug for p in loaded.programs} >= {"smart-recovery", "grief-group"}
    assert ZoneInfo(loaded.settings.timezone) is CHICAGO


def test_generator_is_deterministic_for_a_seed() -> None:
    assert make_listings(300, seed=3) == make_listings(300, seed=3)
    assert make_listings(300, seed=3).meetings != make_listings(300, seed=4).meetings


@pytest.mark.parametrize("now", [
    datetime(2026, 11, 24, 18, 55, tzinfo=CHICAGO),  # a Tuesday evening
    datetime(2026, 11, 24, 0, 30, tzinfo=CHICAGO),  # Monday's late meetings, one cancelled
    datetime(2026, 3, 8, 3, 10, tzinfo=CHICAGO),  # just after the spring-forward gap
    datetime(2026, 11, 1, 1, 40, tzinfo=CHICAGO),  # fall back: the first 01:40 (CDT)
    datetime(2026, 11, 1, 1, 40, fold=1, tzinfo=CHICAGO),  # ... and the second (CST)
    datetime(2026, 12, 25, 0, 20, tzinfo=CHICAGO),  # Christmas: cancellations, late carry-over
    datetime(2026, 3, 20, 9, 0, tzinfo=CHICAGO),  # US on summer time, the UK not yet
], ids=["tuesday", "after-midnight", "spring-forward", "fall-back-first", "fall-back-second",
        "christmas", "london-offset"])
def test_today_matches_brute_force(loaded: Listings, schedule: Schedule, now: datetime) -> None:
    today = now.astimezone(CHICAGO).date()
    now_utc = now.astimezone(UTC)
    carried = {e for e in expected_on(loaded, today - ONE_DAY)
               if not e.cancelled and e.end > now_utc}
    todays = expected_on(loaded, today)

    answer = schedule.today(now)

    split = len(carried)
    assert set(as_expected(answer[:split])) == carried
    assert set(as_expected(answer[split:])) == todays
    assert len(answer) == len(carried) + len(todays)  # nothing listed twice
    assert_shown_right(answer[:split])
    assert_shown_right(answer[split:])
    soon = loaded.settings.starting_soon_minutes
    statuses = {(o.id, o.start.astimezone(UTC)): o.status(now, soon) for o in answer}
    assert statuses == {(e.id, e.start): expected_status(e, now_utc, soon)
                        for e in todays | carried}
    assert len(todays) > 1000  # the day is full, so the comparison means something


def test_week_across_the_fall_back_matches_brute_force(
    loaded: Listings, schedule: Schedule
) -> None:
    first = date(2026, 10, 31)
    week = schedule.week(first, days=3)

    assert [day for day, _ in week] == [first, first + ONE_DAY, first + 2 * ONE_DAY]
    for day, occurrences in week:
        expected = expected_on(loaded, day)
        assert set(as_expected(occurrences)) == expected
        assert len(occurrences) == len(expected)
        assert_shown_right(occurrences)


def test_the_pinned_days_hold_the_cases_they_are_pinned_for(loaded: Listings) -> None:
    """Guards the brute-force tests above against a generator that stops producing them."""
    spring = expected_on(loaded, date(2026, 3, 8))
    by_id = {m.id: m for m in loaded.meetings}
    moved = [e for e in spring if e.id in by_id and by_id[e.id].time.startswith("02:")
             and not by_id[e.id].timezone]
    assert moved and all(e.start.astimezone(CHICAGO).hour == 3 for e in moved)
    christmas = expected_on(loaded, date(2026, 12, 25))
    assert any(e.cancelled for e in christmas)
    eve = expected_on(loaded, date(2026, 12, 24))
    assert any(e.end.astimezone(CHICAGO).date() == date(2026, 12, 25) for e in eve)
    assert any(m.timezone == "Europe/London" for m in loaded.meetings)
    monday_night = datetime(2026, 11, 24, 0, 30, tzinfo=CHICAGO)
    assert any(e.cancelled and e.end > monday_night
               for e in expected_on(loaded, date(2026, 11, 23)))


def test_the_weekday_index_gives_the_days_a_scan_of_the_week_gives(
    loaded: Listings, schedule: Schedule
) -> None:
    """A meeting detail's "Meets" days come from `index_week`'s index; they are those a scan of
    every entry finds (meetings kept in other zones land on other local days)."""
    entries = index_week(schedule.week(date(2026, 11, 24)), loaded)
    scanned: dict[str, set[int]] = {}
    for entry in entries:
        scanned.setdefault(entry.occurrence.id, set()).add(weekday_of(entry.day))
    assert len(scanned) > MEETINGS // 2
    for gathering_id, days in scanned.items():
        assert weekdays_of(entries, gathering_id) == sorted(days)
    plain = list(entries)  # not indexed: a scan, for a few ids
    for gathering_id in list(scanned)[::2000]:
        assert weekdays_of(plain, gathering_id) == sorted(scanned[gathering_id])
    assert weekdays_of(entries, "no-such-meeting") == []
