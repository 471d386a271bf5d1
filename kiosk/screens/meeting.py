"""A meeting's (or event's) detail: when, how long, where, how to join, and what is cancelled.

For online and hybrid meetings the join link is a QR code a phone can scan off the screen. Any
meeting or event with a next time gets a second code beside it, "Add to calendar", carrying that
next time as a calendar entry (left out where it would not fit whole; the join code comes first),
made by `kiosk.interop.ics` (icalendar), which is imported on the first entry, not at start-up.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import Static

from kiosk.filters import weekdays_of
from kiosk.formatting import (
    countdown,
    duration,
    format_label,
    long_date,
    status_label,
    time_range,
    weekday_list,
    when,
)
from kiosk.i18n import N_, _, pgettext
from kiosk.model import Event, Meeting
from kiosk.schedule import Occurrence
from kiosk.screens.base import KioskScreen
from kiosk.widgets.qr import CalendarQRCode, CodeRow, QRCode
from kiosk.widgets.staff_notice import KioskFooter

FACTS_MIN_WIDTH = 48
"""Columns the facts keep (padding included) before a calendar code may take room beside them."""


def field(label: str, value: str | Content, *, id: str | None = None) -> Horizontal:
    """A "label  value" row; the value is data, shown literally."""
    content = Content(value) if isinstance(value, str) else value
    return Horizontal(
        Static(Content(label), classes="field-label"),
        Static(content, classes="field-value"),
        classes="field",
        id=id,
    )


class MeetingScreen(KioskScreen):
    """Opened from a list, a program, or `--open meeting:ID`; Escape goes back."""

    CSS_PATH = "meeting.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back")),
        Binding("tab", "app.focus_next", N_("Next"), show=True),
    ]

    def __init__(self, meeting_id: str) -> None:
        super().__init__(id="meeting")
        self.meeting_id = meeting_id
        self._status_key: datetime | None = None

    @property
    def record(self) -> Meeting | Event | None:
        return self.kiosk.find_gathering(self.meeting_id)

    def next_occurrence(self, now: datetime) -> Occurrence | None:
        """The next (or current) time it meets, from the schedule; None if there is none."""
        record = self.record
        if isinstance(record, Meeting):
            return self.kiosk.schedule.next_occurrence(record, now)
        if record is None:
            return None
        on_its_day = self.kiosk.schedule.on_date(date.fromisoformat(record.date))
        occurrence = next((o for o in on_its_day if o.id == record.id), None)
        return occurrence if occurrence is not None and occurrence.end > now else None

    def compose(self) -> ComposeResult:
        yield self.make_header()
        record = self.record
        if record is None:
            yield Static(Content(_("This meeting is no longer listed.")), id="meeting-gone")
        else:
            with CodeRow(id="meeting-body", reserve=FACTS_MIN_WIDTH):
                with VerticalScroll(id="meeting-info"):
                    yield Static(Content(record.name), id="meeting-name", classes="title")
                    program = self.kiosk.listings.program(record.program)
                    if program is not None:
                        yield Static(Content(program.name), id="meeting-program")
                    yield Static(id="meeting-status")
                    yield from self._fields(record)
                if record.is_online and record.conference_url:
                    join_code = QRCode(record.conference_url, id="meeting-qr")
                    join_code.border_title = _("Scan to join online")
                    yield join_code
                calendar_code = CalendarQRCode(
                    self._vevent(self.next_occurrence(self.kiosk.now())), id="meeting-calendar"
                )
                calendar_code.border_title = _("Add to calendar")
                calendar_code.display = False  # until the row has measured the room for it
                yield calendar_code
        yield KioskFooter()

    def _fields(self, record: Meeting | Event) -> list[Horizontal]:
        now = self.kiosk.now()
        today = now.date()
        upcoming = self.next_occurrence(now)
        rows: list[Horizontal] = []
        if isinstance(record, Meeting) and upcoming is not None:
            rows.append(field(_("Meets"), _("Every {days}, {times}").format(
                days=weekday_list(self._weekdays(record)),
                times=time_range(upcoming.start, upcoming.end))))
        rows.append(field(pgettext("next date", "Next"), self._next_text(upcoming, today),
                          id="meeting-next"))
        rows.append(field(_("Length"), duration(record.duration_minutes)))
        rows.append(field(_("Format"), format_label(record.attendance_option)))
        if record.is_in_person:
            place = "\n".join(p for p in (record.location, record.address, record.room) if p)
            rows.append(field(_("Where"), place or _("Ask at the front desk.")))
        if record.notes:
            rows.append(field(_("Notes"), record.notes))
        if record.is_online and record.conference_phone:
            rows.append(field(_("Phone"), record.conference_phone))
        if record.is_online and record.conference_url_notes:
            rows.append(field(_("To join"), record.conference_url_notes))
        cancelled = self._cancelled_dates(record, today)
        if cancelled:
            rows.append(field(_("Cancelled"), "\n".join(long_date(d) for d in cancelled),
                              id="meeting-cancelled"))
        return rows

    def _vevent(self, upcoming: Occurrence | None) -> str:
        """The next time as a calendar entry ("" if none, or if it is cancelled)."""
        record = self.record
        if record is None or upcoming is None or upcoming.cancelled:
            return ""
        # Here, not at the top: icalendar takes about 30 ms to import, which start-up need
        # not pay; the first calendar entry does.
        from kiosk.interop.ics import meeting_vevent

        return meeting_vevent(record, upcoming)

    @staticmethod
    def _next_text(upcoming: Occurrence | None, today: date) -> str:
        if upcoming is None:
            return _("No upcoming dates are scheduled.")
        return when(upcoming.start, upcoming.end, today)

    def _weekdays(self, record: Meeting) -> list[int]:
        """Weekdays in the kiosk's zone, from this week's occurrences (a meeting kept in
        another zone can fall on another local day; looked up in the week's index, not
        scanned), else as the record states them."""
        return weekdays_of(self.kiosk.week_entries, record.id) or list(record.days)

    @staticmethod
    def _cancelled_dates(record: Meeting | Event, today: date) -> list[date]:
        if isinstance(record, Event):
            return [date.fromisoformat(record.date)] if record.cancelled else []
        return sorted(d for d in map(date.fromisoformat, record.cancelled) if d >= today)

    def on_mount(self) -> None:
        self.refresh_time(self.kiosk.now())

    def refresh_time(self, now: datetime) -> None:
        """The status line: in progress, starting in N min, or nothing."""
        minute = now.replace(second=0, microsecond=0)
        if self.record is None or self._status_key == minute:
            return
        try:
            status_line = self.query_one("#meeting-status", Static)
            next_line = self.query_one("#meeting-next .field-value", Static)
            calendar_code = self.query_one("#meeting-calendar", CalendarQRCode)
        except NoMatches:
            # Closed, or being rebuilt, before it was drawn (keys in a burst: Enter, then
            # Escape or the language key): `on_mount` or `refresh_data` fills it in later.
            return
        self._status_key = minute
        upcoming = self.next_occurrence(now)
        text = Content("")
        if upcoming is not None:
            status = upcoming.status(now, self.kiosk.schedule.soon_minutes)
            if status == "in_progress":
                text = Content.styled(status_label(status), "bold $success")
            elif status == "starting_soon":
                text = Content.styled(countdown(upcoming.minutes_until_start(now)), "bold $warning")
            elif status == "cancelled":
                text = Content.styled(status_label(status), "bold reverse")
        status_line.update(text)
        status_line.display = bool(text)
        next_line.update(Content(self._next_text(upcoming, now.date())))
        vevent = self._vevent(upcoming)
        if calendar_code.vevent != vevent:  # the next time has moved on
            calendar_code.vevent = vevent
            self.query_one(CodeRow).fit()

    async def refresh_data(self) -> None:
        self._status_key = None
        await self.recompose()
        self.refresh_time(self.kiosk.now())

    def action_back(self) -> None:
        self.dismiss()
