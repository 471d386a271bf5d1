"""iCalendar export: the whole listings for calendar apps (one occurrence for a QR code is
`kiosk.interop.calendar_entry`'s).

Each meeting is one recurring VEVENT: ``DTSTART`` is its first time on or after the export's
first day, as wall-clock time with the ``TZID`` of the meeting's zone (the kiosk's unless it has
its own), so calendar apps keep 18:30 at 18:30 across DST changes as the kiosk does. The
matching VTIMEZONE components are included. ``RRULE:FREQ=WEEKLY;BYDAY=...`` repeats it, ``UNTIL``
ends it on ``end_date``, and ``EXDATE`` leaves out cancelled dates. ``DURATION`` is elapsed time,
as in `kiosk.schedule`. One-off events are single VEVENTs (a cancelled one has
``STATUS:CANCELLED``).

The output depends only on the listings and the first day (``DTSTAMP`` is the meeting's
``updated`` time, else the start of the first day), so the same listings export the same bytes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar
from icalendar import Event as VEvent

from kiosk.interop.calendar_entry import place_or_link
from kiosk.interop.importing import slugify
from kiosk.interop.meeting_guide import location_note
from kiosk.model import Gathering, Listings, Meeting, weekday_of
from kiosk.schedule import wall_time

BYDAY = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")  # by Meeting Guide day number
PRODID = "-//Peer Support Kiosk//Meeting listings//EN"


def export_ics(listings: Listings, zone: ZoneInfo, first_day: date) -> bytes:
    """Meetings (from `first_day` on) and events on or after it, as an iCalendar file."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", listings.settings.org_name)
    uid_domain = f"{slugify(listings.settings.org_name) or 'kiosk'}.kiosk.invalid"
    program_names = {p.slug: p.name for p in listings.programs}
    stamp = datetime.combine(first_day, time(), zone).astimezone(UTC)
    for meeting in listings.meetings:
        vevent = _meeting_vevent(meeting, zone, first_day)
        if vevent is not None:
            if meeting.is_closed:  # temporarily closed: calendars show it called off
                vevent.add("status", "CANCELLED")
            _describe(vevent, meeting, program_names.get(meeting.program))
            vevent.add("uid", f"meeting-{meeting.id}@{uid_domain}")
            vevent.add("dtstamp", _updated(meeting) or stamp)
            calendar.add_component(vevent)
    for event in listings.events:
        if date.fromisoformat(event.date) >= first_day:
            vevent = VEvent()
            vevent.add("dtstart", wall_time(date.fromisoformat(event.date), event.time,
                                            _zone_of(event, zone)))
            vevent.add("duration", timedelta(minutes=event.duration_minutes))
            if event.cancelled:
                vevent.add("status", "CANCELLED")
            _describe(vevent, event, program_names.get(event.program))
            vevent.add("uid", f"event-{event.id}@{uid_domain}")
            vevent.add("dtstamp", stamp)
            calendar.add_component(vevent)
    calendar.add_missing_timezones(first_date=first_day - timedelta(days=1))
    return calendar.to_ical()


def _meeting_vevent(meeting: Meeting, kiosk_zone: ZoneInfo, first_day: date) -> VEvent | None:
    """The recurring VEVENT, or None if the meeting has no occurrence from `first_day` on (or
    none at all: by appointment)."""
    if meeting.by_appointment:
        return None
    zone = _zone_of(meeting, kiosk_zone)
    start = max(first_day, date.fromisoformat(meeting.start_date or first_day.isoformat()))
    first = next(start + timedelta(days=n) for n in range(7)
                 if weekday_of(start + timedelta(days=n)) in meeting.days)
    last = date.fromisoformat(meeting.end_date) if meeting.end_date else None
    if last is not None and first > last:
        return None
    starts_at = meeting.start_time
    vevent = VEvent()
    vevent.add("dtstart", datetime.combine(first, starts_at, zone))
    vevent.add("duration", timedelta(minutes=meeting.duration_minutes))
    rule: dict[str, object] = {"freq": "weekly", "byday": [BYDAY[d] for d in meeting.days]}
    if last is not None:
        rule["until"] = wall_time(last, meeting.time, zone).astimezone(UTC)
    vevent.add("rrule", rule)
    skipped = sorted(
        date.fromisoformat(d) for d in meeting.cancelled
        if first.isoformat() <= d and (last is None or d <= last.isoformat())
    )
    if skipped:
        vevent.add("exdate", [datetime.combine(d, starts_at, zone) for d in skipped])
    return vevent


def _describe(vevent: VEvent, gathering: Gathering, program_name: str | None) -> None:
    """Name, place, link and notes, for the full export (not the QR code)."""
    vevent.add("summary", gathering.name)
    where = place_or_link(gathering)
    if where:
        vevent.add("location", where)
    if gathering.conference_url:
        vevent.add("url", gathering.conference_url)
    if program_name:
        vevent.add("categories", [program_name])
    details = [
        location_note(gathering) if isinstance(gathering, Meeting) else None,
        gathering.notes,
        f"Phone: {gathering.conference_phone}" if gathering.conference_phone else "",
        gathering.conference_url_notes or "",
    ]
    description = "\n".join(d for d in details if d)
    if description:
        vevent.add("description", description)


def _zone_of(gathering: Gathering, kiosk_zone: ZoneInfo) -> ZoneInfo:
    return ZoneInfo(gathering.timezone) if gathering.timezone else kiosk_zone


def _updated(meeting: Meeting) -> datetime | None:
    """The feed's ``updated`` (UTC "YYYY-MM-DD HH:MM:SS"): when the listing last changed."""
    try:
        value = datetime.fromisoformat(meeting.updated or "")
    except ValueError:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
