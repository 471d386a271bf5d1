"""`Schedule.today` looks only at yesterday's meetings that may run past midnight: it must give
exactly what building all of yesterday and keeping those still running gives, in every zone
and across clock changes (hypothesis drives it)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.model import Listings, Meeting, Program, Settings, weekday_of
from kiosk.schedule import Occurrence, Schedule, instant

ZONES = ("America/Chicago", "Australia/Lord_Howe", "Antarctica/Troll", "Europe/London",
         "America/Havana")
"""Clock changes of an hour at 2:00 (Chicago), at midnight (Havana), half an hour (Lord Howe)
and two hours (Troll)."""
CHANGE_DAYS = [datetime(2027, 3, 14), datetime(2027, 11, 7), datetime(2027, 3, 28),
               datetime(2027, 10, 3), datetime(2027, 4, 4), datetime(2027, 10, 31)]


def all_of_yesterday(schedule: Schedule, now: datetime) -> list[Occurrence]:
    """What `today` gave before: every one of yesterday's, then those still running."""
    today = now.astimezone(schedule.zone).date()
    carried = [o for o in schedule.on_date(today - timedelta(days=1))
               if not o.cancelled and o.end > instant(now) and o.end.date() >= today]
    return carried + schedule.on_date(today)


meetings = st.lists(st.builds(
    lambda n, day, hour, minute, length, own: Meeting(
        id=f"m{n}", name=f"M{n}", program="p", day=day, time=f"{hour:02}:{minute:02}",
        duration=length, timezone="Europe/London" if own else None),
    st.integers(0, 10_000), st.integers(0, 6),
    st.integers(0, 23) | st.integers(20, 23),  # late evenings often: they are what is carried
    st.sampled_from([0, 15, 30, 59]), st.integers(15, 8 * 60),
    st.sampled_from([False, False, False, True]),
), max_size=40, unique_by=lambda m: m.id)


def kiosk_at(meetings: list[Meeting], zone: str, day: datetime, minutes: int
             ) -> tuple[Listings, datetime]:
    """Listings of `meetings` in `zone`, and a moment `minutes` after the midnight before
    `day` (a clock change's day): within the two days around it."""
    listings = Listings(settings=Settings(timezone=zone),
                        programs=(Program(slug="p", name="P"),), meetings=tuple(meetings))
    midnight = day.replace(tzinfo=ZoneInfo(zone)) - timedelta(days=1)
    return listings, midnight.astimezone(UTC) + timedelta(minutes=minutes)


kiosks = st.builds(kiosk_at, meetings, st.sampled_from(ZONES), st.sampled_from(CHANGE_DAYS),
                   st.integers(0, 48 * 60))


@settings(max_examples=300, deadline=None)
@given(kiosk=kiosks)
def test_today_is_all_of_yesterday_still_running_plus_today(
    kiosk: tuple[Listings, datetime],
) -> None:
    listings, now = kiosk
    schedule = Schedule(listings)
    assert schedule.today(now) == all_of_yesterday(schedule, now)


def test_a_meeting_ending_just_after_midnight_is_carried_into_today() -> None:
    """The case the margin is for: 23:30 for an hour, seen at 00:15."""
    late = Meeting(id="late", name="Late", program="p", day=0, time="23:30", duration=60)
    schedule = Schedule(Listings(settings=Settings(), programs=(Program(slug="p", name="P"),),
                                 meetings=(late,)))
    now = datetime(2027, 3, 8, 0, 15, tzinfo=ZoneInfo("America/Chicago"))  # a Monday
    assert [o.id for o in schedule.today(now)] == ["late"]


@settings(max_examples=200, deadline=None)
@given(kiosk=kiosks)
def test_a_weekdays_part_of_the_listings_gives_that_days_today_exactly(
    kiosk: tuple[Listings, datetime],
) -> None:
    """What a first frame is drawn from (`Schedule.for_weekday`, kept in the snapshot) shows
    the same Today as all the listings."""
    listings, now = kiosk
    weekday = weekday_of(now.astimezone(ZoneInfo(listings.settings.timezone)).date())
    part = Schedule(listings).for_weekday(weekday)
    assert set(part.meetings) <= set(listings.meetings)
    assert Schedule(part).today(now) == Schedule(listings).today(now)
