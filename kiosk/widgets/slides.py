"""The attract loop's slides: one per program, one per information page, and "Today".

Each slide is built once per data load and then only updated in place (`show_time`), so
switching slides never remounts anything. Text from the data file is shown as plain text, in
Spanish when the slide is built in Spanish and staff wrote a Spanish version. In the large-text
layout a slide shows less (the first paragraph; Today's next few meetings in big digits).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import overload

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.geometry import Size
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
from kiosk.schedule import Appointment, Occurrence, Schedule
from kiosk.widgets.qr import QRCode

HEADING_STYLE = "bold $accent"
TIME_STYLE = "bold"
DETAIL_STYLE = "$text-muted"
FLAG_STYLE = "bold reverse"  # "Cancelled", "Ended": words, with a style that needs no colour


def text_rows(widget: Widget, width: int) -> int:
    """Rows a Static takes at `width` cells (its text wrapped), margin and gutter included;
    another widget, the rows it has."""
    if not isinstance(widget, Static):
        return widget.outer_size.height
    inner = max(1, width - widget.styles.gutter.width - widget.styles.margin.width)
    lines = widget.get_content_height(Size(inner, 1000), Size(inner, 1000), inner)
    return lines + widget.styles.gutter.height + widget.styles.margin.height


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, so a slide can show the first few on small screens."""
    return [part.strip() for part in text.split("\n\n") if part.strip()]


def place_of(occurrence: Occurrence | Appointment) -> str:
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

    def on_resize(self) -> None:
        self.fit_paragraphs()

    def fit_paragraphs(self) -> None:
        """Show the paragraphs that fit whole under the title and lead and above the rest
        (a program's next meeting), in order: an unattended slide never cuts a line."""
        mains = self.query(".slide-main").results(Vertical)
        main = next(mains, None)
        if main is None or not main.content_size.width:
            return  # not composed or laid out yet (or being composed again): its resize fits it
        width, rows = main.content_size
        body = list(main.query_children(".slide-body").results(Static))
        for widget in main.children:
            if widget not in body:
                rows -= text_rows(widget, width)
        for paragraph in body:
            rows -= text_rows(paragraph, width)
            paragraph.display = rows >= 0


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
        self.query_one(".slide-next", Static).update(
            program_times_text(schedule, self.program.slug, now)
        )
        self.fit_paragraphs()  # the next meeting may take more or fewer lines


def program_times(
    schedule: Schedule, slug: str, now: datetime
) -> tuple[list[Occurrence], Occurrence | None]:
    """A program's meetings under way at `now`, and the next one that has not started."""
    happening: list[Occurrence] = []
    upcoming: list[Occurrence] = []
    for meeting in schedule.listings.meetings:
        if meeting.program != slug:
            continue
        occurrence = schedule.next_occurrence(meeting, now)
        if occurrence is not None and occurrence.start <= now:
            happening.append(occurrence)
            occurrence = schedule.next_occurrence(meeting, occurrence.end)
        if occurrence is not None:
            upcoming.append(occurrence)
    happening.sort(key=lambda o: o.start)
    return happening, min(upcoming, key=lambda o: o.start, default=None)


def program_times_text(schedule: Schedule, slug: str, now: datetime) -> Content:
    """ "Happening now, until 7:30 PM / name · format · place" (and how many more are), then
    "Next meeting: ..." (a meeting under way is never called the next one)."""
    happening, upcoming = program_times(schedule, slug, now)
    lines = [
        Content.assemble(
            (_("Happening now, until {time}").format(time=clock_time(o.end)), "bold $success"),
            "\n", o.name, (f" · {_details(o)}", DETAIL_STYLE),
        )
        for o in happening[:1]
    ]
    if len(happening) > 1:  # the program's list has them all; this line stays short
        count = len(happening) - 1
        lines.append(Content.styled(ngettext(
            "and {count} more happening now", "and {count} more happening now", count,
        ).format(count=count), DETAIL_STYLE))
    appointments = [a for a in schedule.by_appointment if a.program == slug and a.held]
    if upcoming is None and not happening and appointments:
        lines.append(by_appointment_text(appointments[0]))
    elif upcoming is not None or not happening:
        lines.append(next_meeting_text(upcoming, now))
    return Content("\n").join(lines)


def by_appointment_text(appointment: Appointment) -> Content:
    """ "By appointment / name · format · place": a program whose only meetings are by
    appointment has no next meeting, but is not without meetings either."""
    return Content.assemble((_("By appointment"), HEADING_STYLE), "\n", appointment.name,
                            (f" · {_details(appointment)}", DETAIL_STYLE))


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
TODAY_SECTIONS = ("now", "soon", "later", "earlier")
"""The sections that list today's meetings, most pressing first: when not all fit, the
first get their room first, and what is left out is counted."""
COLUMNS: dict[int, tuple[tuple[str, ...], ...]] = {
    2: (("now", "soon", "idle", "earlier"), ("later", "next")),
    3: (("now", "soon", "idle"), ("later", "next"), ("earlier",)),
}
"""The sections of each column: two columns, or three on a big screen (`is_big`). Later
today, often the longest, has a column of its own."""
BIG_SCREEN = Size(160, 45)
"""From this many columns and rows, a screen is big: more columns, bigger codes."""


def is_big(size: Size) -> bool:
    """A big screen (a TV): the loop lays out more columns and draws its codes bigger."""
    return size.width >= BIG_SCREEN.width and size.height >= BIG_SCREEN.height


class Made(Sequence[Content]):
    """Occurrences as items, each made when first asked for: with a big file thousands of
    meetings meet today, of which the slide shows the few that fit (making them all took
    0.3 s with 20,000 meetings, before the first frame)."""

    def __init__(self, occurrences: list[Occurrence],
                 make: Callable[[Occurrence], Content]) -> None:
        self._occurrences = occurrences
        self._make = make
        self._made: dict[int, Content] = {}

    def __len__(self) -> int:
        return len(self._occurrences)

    @overload
    def __getitem__(self, index: int) -> Content: ...
    @overload
    def __getitem__(self, index: slice) -> list[Content]: ...
    def __getitem__(self, index: int | slice) -> Content | list[Content]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        index = range(len(self))[index]  # negative counts from the end; out of range raises
        if index not in self._made:
            self._made[index] = self._make(self._occurrences[index])
        return self._made[index]


@dataclass(frozen=True)
class Section:
    """One section's items (each whole or not at all), how they are joined, and whether the
    ones left out are today's meetings (counted) or a stand-in (dropped)."""

    items: Sequence[Content]
    gap: int
    """Blank lines between two items."""
    counted: bool


def lines_of(content: Content, width: int) -> int:
    """Rows `content` takes wrapped to `width` cells, as a Static wraps it."""
    return len(content.wrap(max(1, width)))


class TodaySlide(Slide):
    """Today: what is on now, starting soon (with a countdown), later, and what has ended.

    Two columns (three on a big screen, see COLUMNS): now and soon, later, earlier. Each
    section is one Static updated in place and hidden when empty. The slide works out from
    its own size how many meetings fit whole (`fit`), shows those, and counts the rest under
    the columns ("and N more today"). Everything here changes only when the minute or the size
    changes, so it re-renders at most once a minute.
    """

    def __init__(self, *, id: str, large: bool = False) -> None:
        super().__init__(id=id)
        self._key: tuple[object, ...] | None = None
        self._large = large
        self._sections: dict[str, Section] = {}
        self._columns = 2

    def compose(self) -> ComposeResult:
        yield Static(Content(_("Today's meetings")), classes="slide-title")
        if self._large:
            yield LargeToday()
            return
        self._columns = 3 if is_big(self.app.size) else 2
        with Horizontal(classes=f"today-columns -columns-{self._columns}"):
            for number, names in enumerate(COLUMNS[self._columns]):
                with Vertical(classes=f"today-column today-column-{number}"):
                    for name in names:
                        section = Static(id=f"today-{name}", classes="today-section")
                        section.border_title = _(dict(SECTIONS)[name])
                        section.display = False
                        yield section
        more = Static(id="today-more")
        more.display = False
        yield more

    def show_time(self, schedule: Schedule, now: datetime) -> None:
        minute = now.replace(second=0, microsecond=0)
        if self._key == (schedule, minute):
            return
        self._key = (schedule, minute)
        if self._large:
            self.query_one(LargeToday).show_time(schedule, now)
            return
        self._sections = today_sections(schedule, now)
        self.fit()

    async def on_resize(self) -> None:
        if not self._large and self._columns != (3 if is_big(self.app.size) else 2):
            await self.recompose()  # crossed into (or out of) a big screen: other columns
        self.fit()

    def _room(self) -> Size:
        """The slide's content size; before its first layout, its switcher's (same size)."""
        if self.content_size.area:
            return self.content_size
        parent = self.parent
        return parent.content_size if isinstance(parent, Widget) else Size(0, 0)

    def fit(self) -> None:
        """Show as many of each section's items as fit whole, and count the rest."""
        if self._large or not self.is_mounted:
            return
        title = next(self.query(".slide-title").results(Static), None)
        more = next(self.query("#today-more").results(Static), None)
        if title is None or more is None:
            return  # being composed again (a big screen's columns): its resize fits it
        room = self._room()
        height = room.height - _outer_height(title, 1)
        columns = list(self.query(".today-column").results(Vertical))
        if not room.area or len(columns) != self._columns:
            return  # not laid out yet: its first resize fits it
        used = [column for column, names in zip(columns, COLUMNS[self._columns], strict=True)
                if any(name in self._sections for name in names)] or columns
        margins = sum(column.styles.margin.width for column in used)
        column_width = (room.width - margins) // len(used)
        shown, hidden = self._allocate(column_width, height)
        if hidden:
            text = more_today(hidden)
            lines = lines_of(text, room.width - more.styles.gutter.width)
            shown, hidden = self._allocate(column_width, height - _outer_height(more, lines))
            more.update(more_today(hidden))
        more.display = hidden > 0
        for name, _heading in SECTIONS:
            widget = self.query_one(f"#today-{name}", Static)
            items = shown.get(name, [])
            widget.display = bool(items)
            if items:
                section = self._sections[name]
                widget.update(Content("\n" * (section.gap + 1)).join(items))
        for column, names in zip(columns, COLUMNS[self._columns], strict=True):
            column.display = any(name in shown for name in names)  # the others share its room

    def _allocate(self, width: int, height: int) -> tuple[dict[str, list[Content]], int]:
        """Each column's sections filled within `height` rows of `width` cells, most pressing
        first (first one item each, then the rest): the items shown by section, and how many
        of today's meetings are left out."""
        shown: dict[str, list[Content]] = {}
        for column in COLUMNS[self._columns]:
            names = [name for name in column if name in self._sections]
            order = sorted(names, key=lambda n: TODAY_SECTIONS.index(n)
                           if n in TODAY_SECTIONS else -1)
            widgets = {name: self.query_one(f"#today-{name}", Static) for name in names}
            inner = {name: width - widgets[name].styles.gutter.width
                     - widgets[name].styles.margin.width for name in names}
            left = height
            for rounds in (1, None):
                for name in order:
                    section, have = self._sections[name], shown.get(name, [])
                    for item in islice(section.items, len(have), rounds):  # made as needed
                        cost = lines_of(item, inner[name]) + (section.gap if have
                                                              else _outer_height(widgets[name], 0))
                        if cost > left:
                            break
                        left -= cost
                        have = [*have, item]
                    if have:
                        shown[name] = have
        hidden = sum(len(section.items) - len(shown.get(name, []))
                     for name, section in self._sections.items() if section.counted)
        return shown, hidden


def _outer_height(widget: Widget, lines: int) -> int:
    """Rows a widget of `lines` rows of content takes, with its border, padding and margin."""
    return lines + widget.styles.gutter.height + widget.styles.margin.height


def more_today(count: int) -> Content:
    """ "and 5 more today — press any key to see them all"."""
    return Content.styled(ngettext(
        "and {count} more today — press any key to see them all",
        "and {count} more today — press any key to see them all", count,
    ).format(count=count), "bold")


def today_sections(schedule: Schedule, now: datetime) -> dict[str, Section]:
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
    groups["earlier"].reverse()  # the latest to end first: the morning's matter least now
    sections = {
        name: Section(Made(occurrences, lambda o: _item(o, now, soon_minutes)),
                      0 if name == "earlier" else 1, True)
        for name, occurrences in groups.items()
        if occurrences
    }
    if not groups["now"] and not groups["soon"]:
        sections["idle"] = Section([Content(_("Nothing is on right now."))], 1, False)
    if not groups["later"] and not groups["now"] and not groups["soon"]:
        upcoming = schedule.upcoming(now)
        sections["next"] = Section(
            [_item(o, now, soon_minutes, show_day=True) for o in upcoming]
            or [Content(_("No meetings are scheduled at the moment."))], 1, False)
    return sections


def _item(
    occurrence: Occurrence, now: datetime, soon_minutes: int, *, show_day: bool = False
) -> Content:
    """One meeting: time and any flag, the name, then format and place. What is over (ended,
    or cancelled and past its start) is one line, its flag beside its time, so that a long name
    that wraps never leaves the flag alone on a line of its own."""
    status = occurrence.status(now, soon_minutes)
    if status == "ended" or (status == "cancelled" and occurrence.start <= now):
        return Content.assemble(
            (time_range(occurrence.start, occurrence.end), DETAIL_STYLE), "  ",
            (status_label(status), FLAG_STYLE), "  ", (occurrence.name, DETAIL_STYLE),
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


def _details(occurrence: Occurrence | Appointment) -> str:
    """ "In person · Room 1", "Online"."""
    parts = (format_label(occurrence.record.attendance_option), place_of(occurrence))
    return " · ".join(part for part in parts if part)


BIG_TEXT_RESERVE = 22
"""Columns a big-digit item's start time and AM/PM take at most ("12:00" and " PM")."""
BIG_ITEM_LINES = 3
"""Rows of the big digits: an item is at least this tall."""


class BigTimeItem(Widget):
    """One meeting for reading across a room: its start in big digits, then its name, and its
    status in words with where it is. Its parts exist from the start, so it can be filled in
    before it is mounted."""

    def __init__(self) -> None:
        super().__init__()
        self._time_digits = Digits(classes="big-time")
        self._suffix_line = Static(classes="big-suffix")
        self._name_line = Static(classes="big-name")
        self._status_line = Static(classes="big-status")

    def compose(self) -> ComposeResult:
        yield self._time_digits
        yield self._suffix_line
        with Vertical(classes="big-text"):
            yield self._name_line
            yield self._status_line

    def show(self, occurrence: Occurrence, now: datetime, soon_minutes: int) -> None:
        digits, suffix = clock_parts(occurrence.start)
        self._time_digits.update(digits)
        self._suffix_line.update(Content(suffix))
        self._name_line.update(big_name(occurrence, now, soon_minutes))
        self._status_line.update(big_status(occurrence, now, soon_minutes))


def big_name(occurrence: Occurrence, now: datetime, soon_minutes: int) -> Content:
    cancelled = occurrence.status(now, soon_minutes) == "cancelled"
    return Content.styled(occurrence.name, "bold strike" if cancelled else "bold")


def big_status(occurrence: Occurrence, now: datetime, soon_minutes: int) -> Content:
    """ "● Happening now  until 7:30 PM · In person · Room 1"."""
    status = occurrence.status(now, soon_minutes)
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
    return Content.assemble(
        flag, "  " if flag else "", (" · ".join((until, _details(occurrence))), DETAIL_STYLE)
    )


class LargeToday(Widget):
    """Today in the large-text layout: the next meetings that are not over, cancelled ones
    included (else the next ones on other days), big, as many as fit whole in its height,
    and a count of the rest."""

    def __init__(self) -> None:
        super().__init__()
        self._lead = Static(classes="big-lead")
        self._more = Static(classes="big-more")
        self._ahead: list[Occurrence] = []
        self._shown: list[Occurrence] = []
        self._now: datetime | None = None
        self._soon_minutes = 0

    def compose(self) -> ComposeResult:
        yield self._lead
        yield BigTimeItem()  # one from the start: its style tells `fit` what an item takes
        yield self._more

    def show_time(self, schedule: Schedule, now: datetime) -> None:
        soon_minutes = schedule.soon_minutes
        self._now, self._soon_minutes = now, soon_minutes
        self._ahead = [
            o for o in schedule.today(now)
            if o.status(now, soon_minutes) in ("in_progress", "starting_soon", "later")
            or (o.cancelled and o.end > now)
        ]
        self._shown = self._ahead or schedule.upcoming(now)
        lead = ""
        if not self._shown:
            lead = _("No meetings are scheduled at the moment.")
        elif not self._ahead:
            lead = _("Nothing more today. Coming up next:")
        self._lead.update(Content(lead))
        self._lead.display = bool(lead)
        self.fit()

    def on_resize(self) -> None:
        self.fit()

    def _room(self) -> Size:
        """Its content size; before its first layout, what its slide has below the title."""
        if self.content_size.area:
            return self.content_size
        slide = self.parent
        if not isinstance(slide, Widget) or not isinstance(slide.parent, Widget):
            return Size(0, 0)
        room = slide.parent.content_size
        title = slide.query_one(".slide-title", Static)
        return Size(room.width, max(0, room.height - _outer_height(title, 1)))

    def _fitting(self, room: Size, rows: int, items: list[BigTimeItem]) -> int:
        """How many of the meetings to show fit whole in `rows` rows."""
        now = self._now
        if now is None:
            return 0
        margin = items[0].styles.margin.height
        width = room.width - BIG_TEXT_RESERVE
        count = 0
        for occurrence in self._shown:
            lines = (lines_of(big_name(occurrence, now, self._soon_minutes), width)
                     + lines_of(big_status(occurrence, now, self._soon_minutes), width))
            rows -= max(BIG_ITEM_LINES, lines) + margin
            if rows < 0:
                break
            count += 1
        return count

    def fit(self) -> None:
        """Show the meetings that fit, and count today's others."""
        room = self._room()
        if not self.is_mounted or not room.area or self._now is None:
            return
        items = list(self.query_children(BigTimeItem))
        rows = room.height - (_outer_height(self._lead, 1) if self._lead.display else 0)
        count = self._fitting(room, rows, items)
        hidden = len(self._ahead) - count if self._ahead else 0
        if hidden > 0:
            count = self._fitting(room, rows - _outer_height(self._more, 1), items)
            hidden = len(self._ahead) - count
        self._more.update(more_today(hidden) if hidden > 0 else Content(""))
        self._more.display = hidden > 0
        if len(items) < count:
            extra = [BigTimeItem() for _number in range(count - len(items))]
            items += extra
            self.mount_all(extra, before=self._more)
        for index, item in enumerate(items):
            item.display = index < count
            if item.display:
                item.show(self._shown[index], self._now, self._soon_minutes)
