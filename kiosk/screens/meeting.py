"""A meeting's (or event's) detail: when, how long, where, how to join, and what is cancelled.

For online and hybrid meetings the join link is a QR code a phone can scan off the screen. Any
meeting or event with a next time gets a second code beside it, "Add to calendar", carrying that
next time as a calendar entry (left out where it would not fit whole; the join code comes first).

One screen serves every meeting (`KioskApp.meeting_screen`, made on first use): `show` fills it in
for the meeting opened before it is pushed, so no frame ever shows the meeting before. Its rows
are fixed (`FIELD_ROWS`) and only updated and shown or hidden: building a screen's widgets and
styling them costs Textual about 25 ms, filling these in well under one. New listings, a new day
or a new language fill it in again while it is on the stack; off the stack it waits for `show`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.model import RuleSet
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
from kiosk.interop.calendar_entry import meeting_vevent
from kiosk.model import BY_APPOINTMENT, Event, Meeting
from kiosk.schedule import Occurrence
from kiosk.screens.base import KioskScreen
from kiosk.widgets.crisis_line import CrisisLine
from kiosk.widgets.qr import CalendarQRCode, CodeRow, QRCode
from kiosk.widgets.staff_notice import KioskFooter

FACTS_MIN_WIDTH = 48
"""Columns the facts keep (padding included) before a calendar code may take room beside them."""

FIELD_ROWS = ("meets", "next", "length", "format", "where", "notes", "phone", "join-notes",
              "cancelled")
"""The "label  value" rows, in the order shown (each `#meeting-ROW`); a row with nothing to say
for the meeting shown is hidden."""

Fields = dict[str, tuple[str, str]]
"""Row name → (label, value) for the rows a meeting shows."""


class FieldRow(Horizontal):
    """A "label  value" row; the value is data, shown literally."""

    def __init__(self, row: str) -> None:
        self.label_text = Static(classes="field-label")
        self.value_text = Static(classes="field-value")
        super().__init__(self.label_text, self.value_text, classes="field", id=f"meeting-{row}")

    def show(self, label: str, value: str) -> None:
        self.label_text.update(Content(label))
        self.value_text.update(Content(value))
        self.display = True


class MeetingScreen(KioskScreen):
    """Opened from a list, a program, or `--open meeting:ID`; Escape goes back."""

    CSS_PATH = "meeting.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back")),
    ]

    def __init__(self, meeting_id: str = "") -> None:
        super().__init__(id="meeting")
        self.meeting_id = meeting_id
        self._status_key: datetime | None = None
        self._ready = False
        """True once mounted: from then on `show` fills the widgets in at once."""
        self._rows = {row: FieldRow(row) for row in FIELD_ROWS}
        self._styled_for: tuple[list[RuleSet], frozenset[str]] | None = None
        """The app's CSS rules and classes when it was last shown (see `on_screen_resume`)."""

    @property
    def record_gone(self) -> bool:
        return self.record is None

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
        yield Static(id="meeting-gone")
        with CodeRow(id="meeting-body", reserve=FACTS_MIN_WIDTH):
            with Vertical(id="meeting-facts"):
                with VerticalScroll(id="meeting-info"):
                    yield Static(id="meeting-name", classes="title")
                    yield Static(id="meeting-program")
                    yield Static(id="meeting-status")
                    yield from self._rows.values()
                # Under the facts, not a row of the screen: showing it must not take a row from
                # the codes beside them (a code that no longer fit gave the facts more width,
                # so they fitted, so the hint went, so the code fitted again, and so on).
                yield Static(id="meeting-scroll-hint", classes="scroll-hint")
            yield QRCode("", id="meeting-qr")
            calendar_code = CalendarQRCode("", id="meeting-calendar")
            calendar_code.display = False  # until the row has measured the room for it
            yield calendar_code
        with Vertical(classes="bottom-bar"):
            yield CrisisLine()
            yield KioskFooter()

    def on_mount(self) -> None:
        self._ready = True
        self._fill()
        info = self.query_one("#meeting-info", VerticalScroll)
        self.watch(info, "scroll_y", self._show_scroll_hint, init=False)
        # Once the layout is done: mid-way, the facts' new virtual size with their old height
        # would show the hint, which shortens them, which hides it again, and so on.
        self.watch(info, "virtual_size", lambda: self.call_after_refresh(self._show_scroll_hint),
                   init=False)

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_scroll_hint)

    def _show_scroll_hint(self) -> None:
        """A detail taller than the screen says that it scrolls, and how, until its end is
        in view."""
        info = self.query_one("#meeting-info", VerticalScroll)
        hint = self.query_one("#meeting-scroll-hint", Static)
        hint.update(Content(_("More below: press ↓ to scroll")))
        # Whether the facts would scroll without the hint: the row the hint takes from them
        # must not be what keeps it there (facts that fit exactly would keep it for ever).
        taken = hint.outer_size.height if hint.display else 0
        hint.display = info.max_scroll_y > taken and info.scroll_y < info.max_scroll_y

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Textual restyles every widget of a screen pushed again (10-15 ms here), in case
        the CSS or the app's classes (theme, large text, burn-in) changed meanwhile; if none
        did, there is nothing to restyle. (Textual runs this class's handler first, then
        KioskScreen's and Screen's own, which reads `refresh_styles`.)"""
        app = self.app
        rules, classes = app.stylesheet.rules, app.classes | app.pseudo_classes
        if self._styled_for is not None:
            rules_then, classes_then = self._styled_for
            if rules is rules_then and classes == classes_then:  # parsed again: new rules
                event.refresh_styles = False
        self._styled_for = (rules, classes)

    def show(self, meeting_id: str) -> None:
        """Fill the screen in for `meeting_id`; call it before pushing the screen, so its first
        frame shows this meeting (not yet mounted, `on_mount` fills it in)."""
        self.meeting_id = meeting_id
        if self._ready:
            self._fill()
            # The facts keep the focus (nothing else here takes it), so showing the screen
            # again restyles nothing for it; they start at the top again.
            self.query_one("#meeting-info", VerticalScroll).scroll_home(animate=False)

    def _fill(self) -> None:
        """Every widget from the record, the listings and the language now."""
        record = self.record
        body = self.query_one(CodeRow)
        join_code = self.query_one("#meeting-qr", QRCode)
        calendar_code = self.query_one("#meeting-calendar", CalendarQRCode)
        gone = self.query_one("#meeting-gone", Static)
        gone.display = record is None
        body.display = record is not None
        if record is None:
            gone.update(Content(_("This meeting is no longer listed.")))
            join_code.url, join_code.display = "", False
            calendar_code.vevent, calendar_code.display = "", False
            return
        self.query_one("#meeting-name", Static).update(Content(record.name))
        program = self.kiosk.listings.program(record.program)
        program_line = self.query_one("#meeting-program", Static)
        program_line.update(Content(program.name if program is not None else ""))
        program_line.display = program is not None
        now = self.kiosk.now()
        upcoming = self.next_occurrence(now)
        fields = self._fields(record, upcoming, now.date())
        for row, widget in self._rows.items():
            if row in fields:
                widget.show(*fields[row])
            else:
                widget.display = False
        join_code.url = (record.conference_url or "") if record.is_online else ""
        join_code.display = bool(join_code.url)
        join_code.border_title = _("Scan to join online")
        calendar_code.border_title = _("Add to calendar")
        self._show_time(now, upcoming)
        body.fit()  # in the room the row had last time; a new room fits them again (resize)
        self.call_after_refresh(self._show_scroll_hint)

    def _fields(self, record: Meeting | Event, upcoming: Occurrence | None,
                today: date) -> Fields:
        fields: Fields = {}
        if isinstance(record, Meeting) and record.by_appointment:  # no day, time or length
            fields["meets"] = (_("Meets"), _(BY_APPOINTMENT))
        else:
            if isinstance(record, Meeting) and upcoming is not None:
                fields["meets"] = (_("Meets"), _("Every {days}, {times}").format(
                    days=weekday_list(self._weekdays(record)),
                    times=time_range(upcoming.start, upcoming.end)))
            fields["next"] = (pgettext("next date", "Next"), self._next_text(upcoming, today))
            fields["length"] = (_("Length"), duration(record.duration_minutes))
        fields["format"] = (_("Format"), format_label(record.attendance_option))
        if record.is_in_person:
            place = "\n".join(p for p in (record.location, record.address, record.room) if p)
            fields["where"] = (_("Where"), place or _("Ask at the front desk."))
        elif isinstance(record, Meeting) and record.location_closed:
            fields["where"] = (_("Where"), _("Location temporarily closed"))
        if record.notes:
            fields["notes"] = (_("Notes"), record.notes)
        if record.is_online and record.conference_phone:
            fields["phone"] = (_("Phone"), record.conference_phone)
        if record.is_online and record.conference_url_notes:
            fields["join-notes"] = (_("To join"), record.conference_url_notes)
        cancelled = self._cancelled_dates(record, today)
        if cancelled:
            fields["cancelled"] = (_("Cancelled"), "\n".join(long_date(d) for d in cancelled))
        return fields

    def _vevent(self, upcoming: Occurrence | None) -> str:
        """The next time as a calendar entry ("" if none, or if it is not held)."""
        record = self.record
        if record is None or upcoming is None or not upcoming.held:
            return ""
        return meeting_vevent(record, upcoming)

    @staticmethod
    def _next_text(upcoming: Occurrence | None, today: date) -> str:
        if upcoming is None:
            return _("No upcoming dates are scheduled.")
        if upcoming.record.is_closed:
            return status_label("closed")
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

    def refresh_time(self, now: datetime) -> None:
        """The status line, the next time and the calendar entry, once a minute."""
        minute = now.replace(second=0, microsecond=0)
        if not self._ready or self.record is None or self._status_key == minute:
            # Not mounted yet (resumed or ticked before it was drawn, keys in a burst):
            # `on_mount` fills it in.
            return
        if self._show_time(now, self.next_occurrence(now)):  # the next time has moved on
            self.query_one(CodeRow).fit()

    def _show_time(self, now: datetime, upcoming: Occurrence | None) -> bool:
        """In progress, starting in N min, or nothing; the next time; its calendar entry.
        True if the entry changed."""
        self._status_key = now.replace(second=0, microsecond=0)
        text = Content("")
        if upcoming is not None:
            status = upcoming.status(now, self.kiosk.schedule.soon_minutes)
            if status == "in_progress":
                text = Content.styled(status_label(status), "bold $success")
            elif status == "starting_soon":
                text = Content.styled(countdown(upcoming.minutes_until_start(now)), "bold $warning")
            elif status in ("cancelled", "closed"):
                text = Content.styled(status_label(status), "bold reverse")
        status_line = self.query_one("#meeting-status", Static)
        status_line.update(text)
        status_line.display = bool(text)
        self._rows["next"].value_text.update(Content(self._next_text(upcoming, now.date())))
        vevent = self._vevent(upcoming)
        calendar_code = self.query_one("#meeting-calendar", CalendarQRCode)
        if calendar_code.vevent == vevent:
            return False
        calendar_code.vevent = vevent
        return True

    async def refresh_data(self) -> None:
        """New listings, a new day or a new language: filled in again if it is on the stack
        (off it, `show` fills it in before it comes back)."""
        if self._ready and self in self.app.screen_stack:
            self._fill()

    def action_back(self) -> None:
        self.dismiss()
