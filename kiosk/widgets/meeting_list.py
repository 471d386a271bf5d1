"""A fast, keyboard- and touch-friendly list of meeting occurrences (the week, a program's week).

Built on Textual's line API: `show()` only stores the occurrences, and each visible row is
rendered when it is drawn (and cached), so 20,000 rows cost no more to show or filter than 20.
DataTable and OptionList measure every row up front, which takes seconds at that size. Cached
lines are keyed by the occurrence, not its place in the list, so after a search key the rows
still shown are not drawn again.

In the large-text layout (`kiosk.display`) it is no table: each meeting is a card of
`CARD_LINES` lines (when, name, format and place), so fewer fit on screen and each reads
from further away. Rows follow the language shown; the empty text is an English msgid. The
layout is the app's when the list mounts; later changes come from its screen (`use_cards`,
`redraw`), which hears them from the app: the list never watches the app itself.

Meetings by appointment (`kiosk.schedule.Appointment`, no day or time) come last, under a
"By appointment" heading line, which the cursor steps over.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from functools import cache
from typing import ClassVar

from rich.cells import cell_len
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from kiosk.display import DisplayApp
from kiosk.formatting import format_label, relative_day, status_label, time_range
from kiosk.i18n import N_, _, current_language
from kiosk.messages import MeetingChosen
from kiosk.model import BY_APPOINTMENT, FORMATS
from kiosk.schedule import Appointment, Listed, Occurrence

GAP = 2
WIDE_FROM = 100  # from this many cells both "Format" and "Where" are shown
WHERE_FROM = 70  # from this many, "Where" (place, or "Online") instead of "Format"
MEETING_MAX_WIDTH = 44  # wider than most names; the rest goes to "Where"
FLAG_STYLE = "bold reverse"
CARD_LINES = 4  # large text: when, name, format and place, then a blank line
HEADING = BY_APPOINTMENT  # the row before the meetings by appointment (English msgid)
Row = Listed | str
"""A row: a time something happens, a meeting by appointment, or the heading before those."""


def today_status(occurrence: Occurrence, now: datetime, soon_minutes: int) -> Content | None:
    """What a row of today says in its day column: "Happening now", "In 20 min", "Ended"
    (None: it is later today, or cancelled, which its name says)."""
    status = occurrence.status(now, soon_minutes)
    if status == "in_progress":
        return Content.styled(_("Happening now"), "bold $success")
    if status == "starting_soon":
        minutes = max(1, occurrence.minutes_until_start(now))
        return Content.styled(_("In {minutes} min").format(minutes=minutes), "bold $warning")
    if status == "ended":
        return Content.styled(status_label(status), "$text-muted")
    return None


@cache
def fixed_widths(language: str) -> tuple[int, int, int]:
    """Day, time and format columns wide enough for their longest value in `language` (the
    language shown; it keys the cache): English 13 ("Happening now"), 17 ("10:00 AM–11:30 AM")
    and 9 ("In person")."""
    first = date(2026, 1, 1)
    days = [relative_day(first + timedelta(days=n), first) for n in range(366)]
    days += [_("Happening now"), _("In {minutes} min").format(minutes=999), status_label("ended")]
    morning = datetime(2026, 1, 1, 10, 0)
    times = time_range(morning, morning + timedelta(minutes=90))
    return (
        max(map(cell_len, days)),
        cell_len(times),
        max(cell_len(format_label(f)) for f in FORMATS),
    )


def column_widths(width: int) -> tuple[int, int, int, int, int]:
    """Day, time, meeting, format and where, filling `width`; where is 0 on narrow screens."""
    day, times, format_ = fixed_widths(current_language())
    fixed = day + times + format_
    if width >= WIDE_FROM:
        rest = width - fixed - 4 * GAP
        meeting = min(rest // 2, MEETING_MAX_WIDTH)
        return day, times, meeting, format_, rest - meeting
    if width >= WHERE_FROM:
        rest = width - day - times - 3 * GAP
        meeting = min(rest * 11 // 20, MEETING_MAX_WIDTH)
        return day, times, meeting, 0, rest - meeting
    meeting = max(8, width - fixed - 3 * GAP)
    return day, times, meeting, format_, 0


def _cell(content: Content | str, width: int) -> Content:
    """`content` cut (with an ellipsis) or padded to exactly `width` cells."""
    content = Content(content) if isinstance(content, str) else content
    return content.truncate(width, ellipsis=True, pad=True)


def _name_cell(occurrence: Listed, width: int) -> Content:
    """The meeting's name, and the word "Cancelled" (or "Temporarily closed") that must not
    be cut off."""
    if occurrence.held:
        return _cell(occurrence.name, width)
    flag = status_label("cancelled" if occurrence.cancelled else "closed")
    name_width = max(0, width - cell_len(flag) - 1)
    style = "strike" if occurrence.cancelled else ""
    name = Content.styled(occurrence.name, style).truncate(name_width, ellipsis=True)
    return _cell(Content.assemble(name, " " if name else "", (flag, FLAG_STYLE)), width)


def _where(occurrence: Listed, with_format: bool = False) -> str:
    """The place ("Room · Location": the room first, so a narrow column keeps it), or
    "Online"; `with_format` (no Format column) names a hybrid meeting's format too."""
    record = occurrence.record
    if not record.is_in_person:
        return "" if record.is_closed else _("Online")
    place = " · ".join(part for part in (record.room, record.location) if part)
    if with_format and record.attendance_option == "hybrid":
        return " · ".join(part for part in (format_label("hybrid"), place) if part)
    return place


def _format_cell(occurrence: Listed) -> str:
    """The format column; empty for a closed meeting, which its name's flag says."""
    record = occurrence.record
    return "" if record.is_closed else format_label(record.attendance_option)


def _day_and_time(listed: Listed, today: date) -> tuple[str, str]:
    """The day and time cells; none for a meeting by appointment (its heading says when)."""
    if isinstance(listed, Appointment):
        return "", ""
    return relative_day(listed.start.date(), today), time_range(listed.start, listed.end)


class MeetingList(ScrollView, can_focus=True):
    """Occurrences one per line under a fixed header; Enter or a tap opens one."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "meeting-list--header",
        "meeting-list--cursor",
        "meeting-list--empty",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", N_("Open"), show=True),
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "move_to(0)", show=False),
        Binding("end", "move_to(-1)", show=False),
    ]

    DEFAULT_CSS = """
    MeetingList {
        height: 1fr;
        overflow-x: hidden;
        background: $surface;
    }
    MeetingList > .meeting-list--header { text-style: bold; background: $panel; }
    MeetingList > .meeting-list--cursor { background: $block-cursor-blurred-background; }
    MeetingList:focus > .meeting-list--cursor {
        background: $primary;
        color: $text;
        text-style: bold;
    }
    MeetingList > .meeting-list--empty { color: $text-muted; }
    """

    cursor: reactive[int] = reactive(0, repaint=False)
    """Index of the highlighted row."""

    def __init__(self, *, empty_text: str = "", id: str | None = None) -> None:
        """`empty_text`: shown when there are no rows; English, marked with `N_`."""
        super().__init__(id=id)
        self._rows: list[Row] = []
        self._today = date.min
        self._now: datetime | None = None
        """The minute today's rows say their status for (`tell_time`)."""
        self._soon_minutes = 0
        self.empty_text = empty_text or N_("No meetings to show.")
        """Shown when there are no rows; an English msgid (set it before `show`)."""
        self._lines: LRUCache[tuple[object, ...], tuple[object, Strip]] = LRUCache(1024)
        """Drawn lines, each with the occurrence it shows (None for others): keeping it keeps
        its id, part of the key, from being reused by another occurrence."""
        self._cards = False
        """Large text: a card of CARD_LINES lines per meeting and no header."""

    @property
    def _header_lines(self) -> int:
        return 0 if self._cards else 1

    @property
    def _row_lines(self) -> int:
        return CARD_LINES if self._cards else 1

    def on_mount(self) -> None:
        """Start in the layout shown now: a change made before the list existed sent it none."""
        if isinstance(self.app, DisplayApp):
            self.use_cards(self.app.large_text)

    def use_cards(self, cards: bool) -> None:
        """Large text on (cards) or off (a table): the lines drawn so far no longer fit."""
        self._cards = cards
        self._lines.clear()
        self._size_to_rows(self.scrollable_content_region.width)
        self.watch_cursor(self.cursor, self.cursor)

    def redraw(self) -> None:
        """The language changed: the lines drawn so far are in the old one."""
        self._lines.clear()
        self.refresh()

    def tell_time(self, now: datetime, soon_minutes: int) -> None:
        """Today's rows say whether they are on now, soon or over: once a minute, anew."""
        minute = now.replace(second=0, microsecond=0)
        if minute == self._now and soon_minutes == self._soon_minutes:
            return
        self._now, self._soon_minutes = minute, soon_minutes
        self._lines.clear()
        self.refresh()

    def _status(self, occurrence: Listed) -> Content | None:
        """Today's status of a row of today (see `today_status`), else None."""
        if (isinstance(occurrence, Appointment) or occurrence.start.date() != self._today
                or self._now is None):
            return None
        return today_status(occurrence, self._now, self._soon_minutes)

    def _day_text(self, occurrence: Listed) -> Content:
        """ "Tomorrow", "Thu, Nov 26"; for today, its status if it has one, else "Today";
        nothing for a meeting by appointment (its heading says when)."""
        status = self._status(occurrence)
        return status or Content(_day_and_time(occurrence, self._today)[0])

    def _size_to_rows(self, width: int) -> None:
        self.virtual_size = Size(width, self._header_lines + len(self._rows) * self._row_lines)

    # -- data -------------------------------------------------------------------------

    def show(self, occurrences: Sequence[Listed], today: date) -> None:
        """Replace the rows (meetings by appointment last, under their heading); the cursor
        goes back to the first one."""
        rows: list[Row] = [o for o in occurrences if not isinstance(o, Appointment)]
        by_appointment = [o for o in occurrences if isinstance(o, Appointment)]
        self._rows = [*rows, HEADING, *by_appointment] if by_appointment else rows
        if today != self._today:  # "Today", "Tomorrow"... name other days now
            self._lines.clear()
        self._today = today
        self.set_reactive(MeetingList.cursor, self.validate_cursor(0))
        self._size_to_rows(self.scrollable_content_region.width)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    @property
    def row_count(self) -> int:
        """Rows drawn, the "By appointment" heading included."""
        return len(self._rows)

    @property
    def rows(self) -> Sequence[Listed]:
        """What the rows list, without the heading."""
        return [row for row in self._rows if not isinstance(row, str)]

    @property
    def highlighted(self) -> Listed | None:
        row = self._rows[self.cursor] if self._rows else None
        return None if isinstance(row, str) else row

    # -- drawing ----------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._size_to_rows(event.size.width)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        header = self._header_lines
        if y < header:
            return self._strip(("header", width), lambda: self._header(width),
                               "meeting-list--header")
        if not self._rows:
            text = _(self.empty_text) if y == header else ""
            return self._strip(("empty", y, width, text), lambda: Content(text),
                               "meeting-list--empty")
        index, part = divmod(round(self.scroll_y) + y - header, self._row_lines)
        if index >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        cursor = index == self.cursor
        occurrence = self._rows[index]
        if isinstance(occurrence, str):
            return self._strip(("heading", part, width), lambda: Content.styled(
                " " + _(HEADING) if part == 0 else "", "bold"), "meeting-list--header")
        return self._strip(
            ("row", id(occurrence), part, width, cursor, self._cards, self._now),
            lambda: (self._card_line(occurrence, part, width) if self._cards
                     else self._row(occurrence, width)),
            "meeting-list--cursor" if cursor and part < CARD_LINES - 1 else "",
            occurrence,
        )

    def _strip(self, key: tuple[object, ...], content: Callable[[], Content], component: str,
               shows: object = None) -> Strip:
        """The line cached under `key` (for the occurrence `shows`), else `content()` drawn."""
        cached = self._lines.get(key)
        if cached is not None and cached[0] is shows:
            return cached[1]
        width = self.scrollable_content_region.width
        style = self.get_visual_style(component) if component else self.get_visual_style()
        strips = Visual.to_strips(self, content(), width, 1, style, pad=True)
        strip = strips[0].extend_cell_length(width, style.rich_style) if strips else Strip([])
        self._lines[key] = (shows, strip)
        return strip

    @staticmethod
    def _line(cells: list[Content]) -> Content:
        """Cells separated by gaps, one space in from each edge."""
        return Content(" ") + Content(" " * GAP).join(cells)

    def _header(self, width: int) -> Content:
        labels = (_("Day"), _("Time"), _("Meeting"), _("Format"), _("Where"))
        widths = column_widths(width - 2)
        return self._line([_cell(label, w) for label, w in zip(labels, widths, strict=True) if w])

    def _row(self, occurrence: Listed, width: int) -> Content:
        day, times, meeting, fmt, where = column_widths(width - 2)
        times_text = _day_and_time(occurrence, self._today)[1]
        cells = [
            _cell(self._day_text(occurrence), day),
            _cell(times_text, times),
            _name_cell(occurrence, meeting),
        ]
        if fmt:
            cells.append(_cell(_format_cell(occurrence), fmt))
        if where:
            cells.append(_cell(_where(occurrence, with_format=not fmt), where))
        return self._line(cells)

    def _card_line(self, occurrence: Listed, part: int, width: int) -> Content:
        """Line `part` of a meeting's card: when, its name, format and place, a blank."""
        inner = width - 2
        if part == 0:
            if isinstance(occurrence, Appointment):
                line = Content.styled(_(BY_APPOINTMENT), "bold")
            else:
                when = " · ".join(_day_and_time(occurrence, self._today))
                status = self._status(occurrence)
                line = Content.assemble((when, "bold"), *(("  ", status) if status else ()))
        elif part == 1:
            line = _name_cell(occurrence, inner)
        elif part == 2:
            where = _where(occurrence) if occurrence.record.is_in_person else ""
            parts = (format_label(occurrence.record.attendance_option), where)
            line = Content(" · ".join(part for part in parts if part))
        else:
            return Content("")
        return Content(" ") + _cell(line, inner)

    def notify_style_update(self) -> None:
        """Focus, theme or size classes changed: cached lines have the old colours."""
        super().notify_style_update()
        self._lines.clear()
        self.refresh()

    # -- moving and choosing ----------------------------------------------------------

    def validate_cursor(self, cursor: int) -> int:
        """In the list, and off the heading (the row after it: a heading never comes last)."""
        cursor = max(0, min(cursor, len(self._rows) - 1))
        return cursor + 1 if self._is_heading(cursor) else cursor

    def _is_heading(self, index: int) -> bool:
        return 0 <= index < len(self._rows) and isinstance(self._rows[index], str)

    def watch_cursor(self, old: int, new: int) -> None:
        """Scroll so the cursor's whole row (or card) is in view."""
        visible_lines = max(1, self.scrollable_content_region.height - self._header_lines)
        top = round(self.scroll_y)
        first, last = new * self._row_lines, (new + 1) * self._row_lines - 1
        if first < top:
            self.scroll_to(y=first, animate=False, immediate=True)
        elif last >= top + visible_lines:
            self.scroll_to(y=last - visible_lines + 1, animate=False, immediate=True)
        self.refresh()

    def action_move(self, step: int) -> None:
        """One row up or down, over the heading."""
        target = self.cursor + step
        self.cursor = target + step if self._is_heading(target) else target

    def action_page(self, direction: int) -> None:
        visible_lines = self.scrollable_content_region.height - self._header_lines
        self.cursor += direction * max(1, visible_lines // self._row_lines - 1)

    def action_move_to(self, index: int) -> None:
        self.cursor = index if index >= 0 else len(self._rows) - 1

    def action_choose(self) -> None:
        if (occurrence := self.highlighted) is not None:
            self.post_message(MeetingChosen(occurrence))

    def on_click(self, event: events.Click) -> None:
        """A tap on a row opens it straight away (a kiosk has no double-click)."""
        offset = event.get_content_offset(self)
        if offset is None or offset.y < self._header_lines:
            return
        index = (round(self.scroll_y) + offset.y - self._header_lines) // self._row_lines
        if 0 <= index < len(self._rows) and not self._is_heading(index):
            self.cursor = index
            self.action_choose()
