"""When meetings happen: occurrences, statuses and the week, in the kiosk's IANA time zone.

Plain Python, no UI. Rules chosen here (also in docs/data-format.md):

* A meeting's ``day``/``time`` are wall-clock values in its own ``timezone`` if it has one, else
  the kiosk's. Occurrences are shown in the kiosk's zone.
* A start time that does not exist (02:30 on the spring-forward day) moves forward by the gap
  (03:30), so the meeting shows once. A start that happens twice (01:30 on the fall-back day)
  is the first of the two. Durations are elapsed time.
* ``end_time`` earlier than ``time`` means the meeting runs past midnight; such a meeting
  that started yesterday and is still running is part of today and is in progress.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from kiosk.i18n import N_
from kiosk.model import Event, Gathering, Listings, Meeting, parse_hhmm, weekday_of

Status = Literal["in_progress", "starting_soon", "later", "ended", "cancelled", "closed"]
STATUS_LABELS: dict[str, str] = {
    "in_progress": N_("In progress"),
    "starting_soon": N_("Starting soon"),
    "later": N_("Later today"),
    "ended": N_("Ended"),
    "cancelled": N_("Cancelled"),
    "closed": N_("Temporarily closed"),
}
"""English labels, marked for the catalogue: screens show them through `_()`."""
SEARCH_DAYS = 400  # how far ahead `next_occurrence` looks for a meeting that is not cancelled
MIDNIGHT_MARGIN_MINUTES = 2 * 60
"""A meeting whose wall-clock start plus length comes this close to midnight may end the next
day (a clock change moves its end by up to an hour; by two in Antarctica/Troll, the most any
zone has): `Schedule.today` looks at these of yesterday's, not all of them."""


def instant(moment: datetime) -> datetime:
    """The moment in UTC, for comparing: datetimes sharing a zone compare by wall clock and
    ignore ``fold``, which misorders the repeated hour when DST ends."""
    return moment.astimezone(UTC)


def wall_time(day: date, hhmm: str, zone: ZoneInfo) -> datetime:
    """The instant a wall-clock time happens on a day, with the gap and fold rules above."""
    hour, minute = int(hhmm[:2]), int(hhmm[3:5])
    naive = datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)  # fold=0
    return naive.astimezone(UTC).astimezone(zone)


@lru_cache(maxsize=8192)
def span(local_day: date, hhmm: str, minutes: int, zone: ZoneInfo,
         kiosk_zone: ZoneInfo) -> tuple[datetime, datetime, datetime, datetime]:
    """Start and end, in the kiosk's zone, of `minutes` from `hhmm` on `local_day` in `zone`;
    then the same two in UTC, to order and compare by (`Occurrence.start_utc`).

    Cached: a week of 20,000 meetings has only a few hundred distinct days, times, lengths and
    zones, and each computation costs several `astimezone` calls (datetimes are immutable, so
    occurrences can share them).
    """
    start = wall_time(local_day, hhmm, zone).astimezone(UTC)
    end = start + timedelta(minutes=minutes)
    return start.astimezone(kiosk_zone), end.astimezone(kiosk_zone), start, end


class OfRecord:
    """What a list asks of a row, read from its record (`Occurrence`, `Appointment`)."""

    record: Meeting | Event

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def name(self) -> str:
        return self.record.name

    @property
    def program(self) -> str:
        return self.record.program


@dataclass(frozen=True)
class Occurrence(OfRecord):
    """One time a meeting or event happens, with instants in the kiosk's zone."""

    record: Meeting | Event
    start: datetime
    end: datetime
    cancelled: bool
    start_utc: datetime = field(compare=False, repr=False)
    """`start` in UTC (`instant`), made once per distinct time by `span`: a day of thousands
    of meetings is ordered and given statuses without converting each."""
    end_utc: datetime = field(compare=False, repr=False)

    @property
    def kind(self) -> Literal["meeting", "event"]:
        return "meeting" if isinstance(self.record, Meeting) else "event"

    @property
    def held(self) -> bool:
        """It takes place: neither cancelled nor temporarily closed (``inactive``)."""
        return not self.cancelled and not self.record.is_closed

    def status(self, now: datetime, soon_minutes: int = 30) -> Status:
        if self.cancelled:
            return "cancelled"
        if self.record.is_closed:
            return "closed"
        now = instant(now)
        if now >= self.end_utc:
            return "ended"
        if now >= self.start_utc:
            return "in_progress"
        if self.start_utc - now <= timedelta(minutes=soon_minutes):
            return "starting_soon"
        return "later"

    def minutes_until_start(self, now: datetime) -> int:
        """Whole minutes to the start, rounded up so "starts in 1 min" lasts until it starts."""
        seconds = (self.start_utc - instant(now)).total_seconds()
        return max(0, int(-(-seconds // 60)))

    def to_json(self, now: datetime, soon_minutes: int = 30) -> dict[str, object]:
        """The stable shape of `kiosk today --json` (documented in docs/data-format.md)."""
        return {
            "id": self.id,
            "name": self.name,
            "program": self.program,
            "kind": self.kind,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "format": self.record.attendance_option,
            "status": self.status(now, soon_minutes),
            "conference_url": self.record.conference_url or None,
        }


@dataclass(frozen=True)
class Appointment(OfRecord):
    """A meeting by appointment (`Meeting.by_appointment`) as a list shows it: it has no
    occurrence, so it answers what a list asks of one (id, name, held...) with no times."""

    record: Meeting
    cancelled = False  # a class attribute, as `Occurrence.cancelled` is read: never cancelled

    @property
    def kind(self) -> Literal["meeting"]:
        return "meeting"

    @property
    def held(self) -> bool:
        return not self.record.is_closed


Listed = Occurrence | Appointment
"""A row of a meeting list: a time something happens, or a meeting by appointment."""


class Schedule:
    """Answers "what is on" for one version of the listings; build once per load.

    Meetings are indexed by weekday so a day's lookup touches only that day's meetings.
    Meetings by appointment have no day: they are in `by_appointment`, never in a day's list.
    """

    def __init__(self, listings: Listings, zone: ZoneInfo | None = None) -> None:
        self.listings = listings
        self.zone = zone or ZoneInfo(listings.settings.timezone)
        self.soon_minutes = listings.settings.starting_soon_minutes
        self._by_weekday: dict[int, list[Meeting]] = defaultdict(list)
        self._late_by_weekday: dict[int, list[Meeting]] = {}
        """Of `_by_weekday`, those that may run past midnight (`MIDNIGHT_MARGIN_MINUTES`):
        found for a weekday when `today` first needs it."""
        self._own_zone: list[Meeting] = []  # meetings with a zone other than the kiosk's
        self._events_by_day: dict[date, list[Occurrence]] = defaultdict(list)
        self._zones: dict[str, ZoneInfo] = {}
        self.by_appointment: list[Appointment] = []
        """The meetings by appointment, by name (then id)."""
        for meeting in listings.meetings:
            if meeting.by_appointment:
                self.by_appointment.append(Appointment(meeting))
            elif self._zone_of(meeting) is self.zone:
                for day in meeting.days:
                    self._by_weekday[day].append(meeting)
            else:
                self._own_zone.append(meeting)
        for event in listings.events:  # by kiosk-local date, which its own zone may shift
            occurrence = self._occurrence(event, date.fromisoformat(event.date))
            self._events_by_day[occurrence.start.date()].append(occurrence)
        self.by_appointment.sort(key=lambda a: (a.name.casefold(), a.id))

    def _zone_of(self, record: Gathering) -> ZoneInfo:
        name = record.timezone
        if not name or name == self.zone.key:
            return self.zone
        if name not in self._zones:
            self._zones[name] = ZoneInfo(name)
        return self._zones[name]

    def _occurrence(self, record: Meeting | Event, local_day: date,
                    iso: str | None = None) -> Occurrence:
        """`iso`: `local_day.isoformat()`, if the caller has it already."""
        start, end, start_utc, end_utc = span(local_day, record.time, record.duration_minutes,
                                              self._zone_of(record), self.zone)
        if isinstance(record, Meeting):
            cancelled = (iso or local_day.isoformat()) in record.cancelled
        else:
            cancelled = record.cancelled
        return Occurrence(record, start, end, cancelled, start_utc, end_utc)

    @staticmethod
    def meets_on(meeting: Meeting, local_day: date) -> bool:
        """Whether the meeting is held on this date of its own zone (cancelled or not)."""
        return weekday_of(local_day) in meeting.days and _within_dates(
            meeting, local_day.isoformat())

    def on_date(self, day: date) -> list[Occurrence]:
        """Everything that starts on this kiosk-local date, cancelled included, by start."""
        return self._starting_on(day, self._by_weekday.get(weekday_of(day), ()))

    def _starting_on(self, day: date, candidates: Iterable[Meeting]) -> list[Occurrence]:
        """`on_date`, of `candidates` among the kiosk-zone meetings of its weekday (all of
        them, or some), and of all the others."""
        iso = day.isoformat()
        found = [self._occurrence(m, day, iso) for m in candidates if _within_dates(m, iso)]
        for meeting in self._own_zone:  # its own date may be the day before or after ours
            for offset in (-1, 0, 1):
                own_day = day + timedelta(days=offset)
                if self.meets_on(meeting, own_day):
                    occ = self._occurrence(meeting, own_day)
                    if occ.start.date() == day:
                        found.append(occ)
        found += self._events_by_day.get(day, ())
        found.sort(key=_in_order)
        return found

    def _late_on(self, weekday: int) -> list[Meeting]:
        """The kiosk-zone meetings of `weekday` that may end the next day."""
        if weekday not in self._late_by_weekday:
            self._late_by_weekday[weekday] = [
                m for m in self._by_weekday.get(weekday, ()) if _may_end_next_day(m)]
        return self._late_by_weekday[weekday]

    def for_weekday(self, weekday: int) -> Listings:
        """The listings with only the meetings `today` can show on a `weekday` in the kiosk's
        zone (that day's, the day before's that may run past midnight, those kept in another
        zone), in their order: what a first frame is drawn from before the rest is loaded
        (`kiosk.snapshot`). Events are all kept."""
        yesterday = (weekday - 1) % 7
        wanted = {id(m) for m in (*self._by_weekday.get(weekday, ()), *self._own_zone,
                                  *self._late_on(yesterday))}
        return replace(self.listings,
                       meetings=tuple(m for m in self.listings.meetings if id(m) in wanted))

    def today(self, now: datetime) -> list[Occurrence]:
        """Today's items by start, plus yesterday's that are still running (in progress)."""
        today = now.astimezone(self.zone).date()
        yesterday = today - timedelta(days=1)
        now = instant(now)
        carried = [
            o
            for o in self._starting_on(yesterday, self._late_on(weekday_of(yesterday)))
            if not o.cancelled and o.end_utc > now and o.end.date() >= today
        ]
        return carried + self.on_date(today)

    def week(self, first_day: date, days: int = 7) -> list[tuple[date, list[Occurrence]]]:
        """The occurrences of `days` days from `first_day`, day by day."""
        return [
            (first_day + timedelta(days=n), self.on_date(first_day + timedelta(days=n)))
            for n in range(days)
        ]

    def upcoming(self, now: datetime, limit: int = 3) -> list[Occurrence]:
        """The next items that have not started yet and are held, soonest first."""
        found: list[Occurrence] = []
        today = now.astimezone(self.zone).date()
        now = instant(now)
        for offset in range(8):
            found += [o for o in self.on_date(today + timedelta(days=offset))
                      if o.start_utc > now and o.held]
            if len(found) >= limit:
                break
        return found[:limit]

    def first_from(self, moment: datetime, days: int = 8) -> Occurrence | None:
        """The first item starting at or after `moment` that is held: when quiet
        hours end, the next day's first meeting (or the first on a later day)."""
        first_day = moment.astimezone(self.zone).date()
        moment = instant(moment)
        for local_day in _days(first_day, days):
            found = [o for o in self.on_date(local_day) if o.start_utc >= moment and o.held]
            if found:
                return found[0]
        return None

    def next_occurrence(self, meeting: Meeting, now: datetime) -> Occurrence | None:
        """The next time this meeting is on (running now counts), skipping cancelled dates;
        None for a meeting by appointment."""
        if meeting.by_appointment:
            return None
        zone = self._zone_of(meeting)
        first = now.astimezone(zone).date() - timedelta(days=1)
        now = instant(now)
        for local_day in _days(first, SEARCH_DAYS):
            if self.meets_on(meeting, local_day):
                occ = self._occurrence(meeting, local_day)
                if not occ.cancelled and occ.end_utc > now:
                    return occ
        return None

    def next_for_program(self, slug: str, now: datetime) -> Occurrence | None:
        """When a program next meets, for its slide in the loop."""
        candidates = (
            self.next_occurrence(m, now) for m in self.listings.meetings
            if m.program == slug and not m.is_closed
        )
        found = [o for o in candidates if o is not None]
        return min(found, key=lambda o: o.start_utc, default=None)


def quiet_hours_end(
    now: datetime, start: str | None, end: str | None, zone: ZoneInfo
) -> datetime | None:
    """If `now` is within the quiet hours (``settings.quiet_hours_start``/``_end``, wall-clock
    "HH:MM" in `zone`; an end at or before the start means they span midnight), the instant
    they end; else None. No quiet hours (either time missing) is None too."""
    if not start or not end:
        return None
    local = now.astimezone(zone)
    minute = local.hour * 60 + local.minute
    begins, ends = (t.hour * 60 + t.minute for t in (parse_hhmm(start), parse_hhmm(end)))
    if begins < ends:
        quiet, end_day = begins <= minute < ends, local.date()
    else:
        quiet = minute >= begins or minute < ends
        end_day = local.date() + timedelta(days=0 if minute < ends else 1)
    return wall_time(end_day, end, zone) if quiet else None


def _may_end_next_day(meeting: Meeting) -> bool:
    """Its wall-clock start plus length comes within `MIDNIGHT_MARGIN_MINUTES` of midnight."""
    start = meeting.start_time
    return (start.hour * 60 + start.minute + meeting.duration_minutes
            >= 24 * 60 - MIDNIGHT_MARGIN_MINUTES)


def _within_dates(meeting: Meeting, iso: str) -> bool:
    """Whether the ISO date `iso` is within the meeting's start and end dates, if it has any."""
    return not ((meeting.start_date and iso < meeting.start_date)
                or (meeting.end_date and iso > meeting.end_date))


def _in_order(occurrence: Occurrence) -> tuple[datetime, datetime, str, str]:
    """A day's order: by start, then end (as instants), then name and id."""
    return (occurrence.start_utc, occurrence.end_utc, occurrence.name.casefold(), occurrence.id)


def _days(first: date, count: int) -> Iterator[date]:
    return (first + timedelta(days=n) for n in range(count))


def parse_instant(text: str, zone: ZoneInfo) -> datetime:
    """Read `--now`: ISO 8601; without an offset it is wall-clock time in the kiosk's zone."""
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = datetime.combine(value.date(), value.time(), tzinfo=zone)
        value = value.astimezone(UTC).astimezone(zone)
    return value.astimezone(zone)
