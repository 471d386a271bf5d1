"""The attract loop's slides: one per program, one per information page, and "Today".

Each slide is built once per data load and then only updated in place (`show_time`), so
switching slides never remounts anything. Text from the data file is shown as plain text, in
Spanish when the slide is built in Spanish and staff wrote a Spanish version. In the large-text
layout a slide shows less (the first paragraph; Today's next few meetings in big digits).
"""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Digits, Static

from kiosk.formatting import (
    clock_parts,
    clock_time,
    countdown,
    format_label,
    relative_day,
    status_label,
    time_range,
    when,
)
from kiosk.i18n import N_, _, data_text, ngettext
from kiosk.model import Page, Program
from kiosk.schedule import Occurrence, Schedule
from kiosk.widgets.qr import QRCode

HEADING_STYLE = "bold $accent"
TIME_STYLE = "bold"
DETAIL_STYLE = "$text-muted"
FLAG_STYLE = "bold reverse"  # "Cancelled", "Ended": words, with a style that needs no colour


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, so a slide can show the first few on small screens."""
    return [part.strip() for part in text.split("\n\n") if part.strip()]


def place_of(occurrence: Occurrence) -> str:
    """Where to go in the building, in a few words: the room, else the location ("" online)."""
    record = occurrence.record
    return (record.room or record.location) if record.is_in_person else ""


class Slide(Widget):
    """A slide: shown by the loop's ContentSwitcher, told the time while it is on screen."""

    def show_time(self, schedule: Schedule, now: datetime) -> None:
        """Bring time-dependent text up to date; most slides have none."""


class TextSlide(Slide):
    """A title and paragraphs: what programs and pages share."""

    def __init__(
        self,
        title: str,
        lead: str,
        body: str,
        *,
        id: str,
        side: Widget | None = None,
        large: bool = False,
    ) -> None:
        super().__init__(id=id)
        self._title = title
        self._lead = lead
        self._body = paragraphs(body)[:1] if large else paragraphs(body)
        self._side = side

    def compose(self) -> ComposeResult:
        with Horizontal(classes="slide-columns"):
            with Vertical(classes="slide-main"):
                yield Static(Content(self._title), classes="slide-title")
                if self._lead:
                    yield Static(Content(self._lead), classes="slide-lead")
                for paragraph in self._body:
                    yield Static(Content(paragraph), classes="slide-body")
                yield from self.compose_extra()
            if self._side is not None:
                yield self._side

    def compose_extra(self) -> ComposeResult:
        yield from ()


class ProgramSlide(TextSlide):
    """A program: name, summary, description, when it next meets, and its link as a QR code."""

    def __init__(self, program: Program, *, id: str, large: bool = False) -> None:
        side = None
        if program.url:
            side = QRCode(program.url, caption=None, classes="slide-qr")
        super().__init__(
            program.name, data_text(program, "summary"), data_text(program, "description"),
            id=id, side=side, large=large,
        )
        self.program = program
        self._next_key: tuple[object, ...] | None = None

    def compose_extra(self) -> ComposeResult:
        yield Static(classes="slide-next")

    def show_time(self, schedule: Schedule, now: datetime) -> None:
        minute = now.replace(second=0, microsecond=0)
        if self._next_key == (schedule, minute):
            return
        self._next_key = (schedule, minute)
        upcoming = schedule.next_for_program(self.program.slug, now)
        self.query_one(".slide-next", Static).update(next_meeting_text(upcoming, now))


def next_meeting_text(upcoming: Occurrence | None, now: datetime) -> Content:
    """ "Next meeting: Tomorrow, 7:30 AM–8:30 AM / name · format · place", or that there is
    none."""
    if upcoming is None:
        return Content(_("No meetings are scheduled at the moment."))
    return Content.assemble(
        (_("Next meeting: "), HEADING_STYLE),
        (when(upcoming.start, upcoming.end, now.date()), TIME_STYLE),
        "\n",
        upcoming.name,
        (f" · {_details(upcoming)}", DETAIL_STYLE),
    )


class PageSlide(TextSlide):
    """An information page such as "What is peer support?"."""

    def __init__(self, page: Page, *, id: str, large: bool = False) -> None:
        super().__init__(data_text(page, "title"), "", data_text(page, "body"), id=id, large=large)
        self.page = page


class QuietSlide(Slide):
    """Quiet hours: the loop shows only this calm slide, with the first meeting after them.

    The loop tells it when the quiet hours end (`until`); it asks the schedule for the first
    meeting from then (`Schedule.first_from`), once a minute.
    """

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.until: datetime | None = None
        self._key: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="quiet-box"):
            yield Static(Content(_("See you tomorrow")), classes="quiet-title")
            yield Static(classes="quiet-next")

    def show_time(self, schedule: Schedule, now: datetime) -> None:
        minute = now.replace(second=0, microsecond=0)
        if self._key == (schedule, minute, self.until):
            return
        self._key = (schedule, minute, self.until)
        upcoming = schedule.first_from(self.until) if self.until is not None else None
        self.query_one(".quiet-next", Static).update(next_meeting_text(upcoming, now))


SECTIONS: tuple[tuple[str, str], ...] = (
    ("now", N_("Happening now")),
    ("soon", N_("Starting soon")),
    ("idle", N_("Right now")),
    ("later", N_("Later today")),
    ("next", N_("Coming up next")),
    ("earlier", N_("Earlier today")),
)
"""Today's sections in order: (name, heading). "idle" and "next" stand in for empty ones."""
LEFT_COLUMN = ("now", "soon", "idle")
SECTION_LIMIT = 8  # more than fits on any screen; a busy day's list stays cheap to draw


class TodaySlide(Slide):
    """Today: what is on now, starting soon (with a countdown), later, and what has ended.

    Two columns at every size: now and soon on the left, later and earlier on the right. Each
    section is one Static updated in place and hidden when empty. Everything here changes only
    when the minute changes, so it re-renders at most once a minute.
    """

    def __init__(self, *, id: str, large: bool = False) -> None:
        super().__init__(id=id)
        self._key: tuple[object, ...] | None = None
        self._large = large

    def compose(self) -> ComposeResult:
        yield Static(Content(_("Today's meetings")), classes="slide-title")
        if self._large:
            yield LargeToday()
            return
        with Horizontal(classes="today-columns"):
            for column in ("left", "right"):
                with Vertical(classes=f"today-column today-{column}"):
                    for name, heading in SECTIONS:
                        if (name in LEFT_COLUMN) == (column == "left"):
                            section = Static(id=f"today-{name}", classes="today-section")
                            section.border_title = _(heading)
                            yield section

    def show_time(self, schedule: Schedule, now: datetime) -> None:
        minute = now.replace(second=0, microsecond=0)
        if self._key == (schedule, minute):
            return
        self._key = (schedule, minute)
        if self._large:
            self.query_one(LargeToday).show_time(schedule, now)
            return
        sections = today_sections(schedule, now)
        for name, _heading in SECTIONS:
            section = self.query_one(f"#today-{name}", Static)
            content = sections.get(name)
            section.display = content is not None
            if content is not None:
                section.update(content)


def today_sections(schedule: Schedule, now: datetime) -> dict[str, Content]:
    """The Today slide's non-empty sections for `now`, by name (see SECTIONS)."""
    soon_minutes = schedule.soon_minutes
    groups: dict[str, list[Occurrence]] = {"now": [], "soon": [], "later": [], "earlier": []}
    for occurrence in schedule.today(now):
        status = occurrence.status(now, soon_minutes)
        if status == "closed":
            continue  # temporarily closed: not on today, not "earlier" either (browse has it)
        if status == "in_progress":
            groups["now"].append(occurrence)
        elif status == "starting_soon":
            groups["soon"].append(occurrence)
        elif status == "later" or (status == "cancelled" and occurrence.start > now):
            groups["later"].append(occurrence)
        else:
            groups["earlier"].append(occurrence)
    sections = {
        name: _listing(occurrences, now, soon_minutes, "\n" if name == "earlier" else "\n\n")
        for name, occurrences in groups.items()
        if occurrences
    }
    if not groups["now"] and not groups["soon"]:
        sections["idle"] = Content(_("Nothing is on right now."))
    if not groups["later"] and not groups["now"] and not groups["soon"]:
        upcoming = schedule.upcoming(now)
        sections["next"] = Content("\n\n").join(
            _item(o, now, soon_minutes, show_day=True) for o in upcoming
        ) if upcoming else Content(_("No meetings are scheduled at the moment."))
    return sections


def _listing(
    occurrences: list[Occurrence], now: datetime, soon_minutes: int, separator: str
) -> Content:
    """A section's items, at most SECTION_LIMIT of them and a count of the rest."""
    shown = [_item(o, now, soon_minutes) for o in occurrences[:SECTION_LIMIT]]
    hidden = len(occurrences) - len(shown)
    if hidden:
        more = ngettext("and {count} more", "and {count} more", hidden).format(count=hidden)
        shown.append(Content.styled(more, DETAIL_STYLE))
    return Content(separator).join(shown)


def _item(
    occurrence: Occurrence, now: datetime, soon_minutes: int, *, show_day: bool = False
) -> Content:
    """One meeting: time and any flag, the name, then format and place. What is over (ended,
    or cancelled and past its start) takes one line."""
    status = occurrence.status(now, soon_minutes)
    if status == "ended" or (status == "cancelled" and occurrence.start <= now):
        return Content.assemble(
            (time_range(occurrence.start, occurrence.end), DETAIL_STYLE), "  ",
            (occurrence.name, DETAIL_STYLE), "  ", (status_label(status), FLAG_STYLE),
        )
    flag: tuple[str, str] | str = ""
    if status == "cancelled":
        flag = (status_label(status), FLAG_STYLE)
    elif status == "starting_soon":
        flag = (countdown(occurrence.minutes_until_start(now)), "bold $warning")
    times = (
        when(occurrence.start, occurrence.end, now.date())
        if show_day
        else time_range(occurrence.start, occurrence.end)
    )
    return Content.assemble(
        (times, TIME_STYLE), "  ", flag, "\n",
        (occurrence.name, "bold strike" if status == "cancelled" else "bold"), "\n",
        (_details(occurrence), DETAIL_STYLE),
    )


def _details(occurrence: Occurrence) -> str:
    """ "In person · Room 1", "Online"."""
    parts = (format_label(occurrence.record.attendance_option), place_of(occurrence))
    return " · ".join(part for part in parts if part)


LARGE_LIMIT = 3
"""Meetings the large-text Today shows at once: each takes five rows to be read from afar."""


class BigTimeItem(Widget):
    """One meeting for reading across a room: its start in big digits, then its name, and its
    status in words with where it is."""

    def compose(self) -> ComposeResult:
        yield Digits(classes="big-time")
        yield Static(classes="big-suffix")
        with Vertical(classes="big-text"):
            yield Static(classes="big-name")
            yield Static(classes="big-status")

    def show(self, occurrence: Occurrence, now: datetime, soon_minutes: int) -> None:
        digits, suffix = clock_parts(occurrence.start)
        self.query_one(Digits).update(digits)
        self.query_one(".big-suffix", Static).update(Content(suffix))
        status = occurrence.status(now, soon_minutes)
        self.query_one(".big-name", Static).update(Content.styled(
            occurrence.name, "bold strike" if status == "cancelled" else "bold"
        ))
        until = _("until {time}").format(time=clock_time(occurrence.end))
        flag: tuple[str, str] | str = ""
        if status == "in_progress":
            flag = (f"● {status_label(status)}", "bold $success")
        elif status == "starting_soon":
            flag = (countdown(occurrence.minutes_until_start(now)), "bold $warning")
        elif status == "cancelled":
            flag = (status_label(status), FLAG_STYLE)
        elif occurrence.start.date() != now.date():
            flag = (relative_day(occurrence.start.date(), now.date()), TIME_STYLE)
        self.query_one(".big-status", Static).update(Content.assemble(
            flag, "  " if flag else "", (" · ".join((until, _details(occurrence))), DETAIL_STYLE)
        ))


class LargeToday(Widget):
    """Today in the large-text layout: the next few meetings that are not over, cancelled
    ones included (else the next ones on other days), big, and a count of the rest."""

    def compose(self) -> ComposeResult:
        yield Static(classes="big-lead")
        for _number in range(LARGE_LIMIT):
            yield BigTimeItem()
        yield Static(classes="big-more")

    def show_time(self, schedule: Schedule, now: datetime) -> None:
        soon_minutes = schedule.soon_minutes
        ahead = [
            o for o in schedule.today(now)
            if o.status(now, soon_minutes) in ("in_progress", "starting_soon", "later")
            or (o.cancelled and o.end > now)
        ]
        shown = (ahead or schedule.upcoming(now))[:LARGE_LIMIT]
        for index, item in enumerate(self.query(BigTimeItem)):
            item.display = index < len(shown)
            if item.display:
                item.show(shown[index], now, soon_minutes)
        lead = ""
        if not shown:
            lead = _("No meetings are scheduled at the moment.")
        elif not ahead:
            lead = _("Nothing more today. Coming up next:")
        hidden = len(ahead) - len(shown)
        more = ngettext("and {count} more today", "and {count} more today", hidden).format(
            count=hidden
        ) if hidden > 0 else ""
        for selector, text in ((".big-lead", lead), (".big-more", more)):
            line = self.query_one(selector, Static)
            line.update(Content(text))
            line.display = bool(text)
