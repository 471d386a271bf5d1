"""Browse mode: this week's meetings (filter by day, program and format, search by text) and the
programs. Escape here goes back to the attract loop. With any day chosen, the meetings by
appointment follow the week's under their own heading (`MeetingList`); a chosen day has none.

The list is built from `KioskApp.week_entries` (indexed once per data load); a filter change
is one pass over that index and a `MeetingList.show()`, fast with thousands of meetings.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import (
    Input,
    Label,
    OptionList,
    Select,
    Static,
    TabbedContent,
    TabPane,
)
from textual.widgets.option_list import Option

from kiosk.filters import MeetingFilter, apply
from kiosk.formatting import format_label, relative_day
from kiosk.i18n import N_, _, data_text, ngettext
from kiosk.messages import MeetingChosen
from kiosk.model import FORMATS
from kiosk.screens.base import KioskScreen
from kiosk.widgets.crisis_line import CrisisLine
from kiosk.widgets.lists import FilterSelect, ProgramList
from kiosk.widgets.meeting_list import MeetingList
from kiosk.widgets.staff_notice import KioskFooter

ANY = ""  # the value of every "any day / program / format" choice
FILTER_LABELS = (N_("Day"), N_("Program"), N_("Format"), N_("Search"))
NO_MATCH = N_("No meetings match. Try another day or clear the search.")
NONE_LISTED = N_("No meetings are listed for the next 7 days.")
"""The list's empty text: nothing matches the visitor's choice, or nothing is listed at all."""
TAB_TITLES = {"tab-week": N_("Meetings this week"), "tab-programs": N_("Programs")}


class BrowseScreen(KioskScreen):
    """Tabs: the week's meetings with filters and search, and the list of programs."""

    CSS_PATH = "browse.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back")),
        Binding("tab", "app.focus_next", N_("Next"), show=True),
        Binding("slash", "search", N_("Search"), show=True),
    ]

    def __init__(self) -> None:
        super().__init__(id="browse")
        self._holding_filters = False
        """True while several choices are set at once: the list is filtered once, after."""

    def compose(self) -> ComposeResult:
        yield self.make_header()
        with TabbedContent(id="browse-tabs", initial="tab-week"):
            with TabPane(_(TAB_TITLES["tab-week"]), id="tab-week"), Horizontal(id="week-pane"):
                with Vertical(id="filters"):
                    yield Label(_("Day"), classes="filter-label")
                    yield FilterSelect(self._day_options(), id="filter-day", value=ANY,
                                 allow_blank=False, compact=True)
                    yield Label(_("Program"), classes="filter-label")
                    yield FilterSelect(self._program_options(), id="filter-program", value=ANY,
                                 allow_blank=False, compact=True)
                    yield Label(_("Format"), classes="filter-label")
                    yield FilterSelect(self._format_options(), id="filter-format", value=ANY,
                                 allow_blank=False, compact=True)
                    yield Label(_("Search"), classes="filter-label")
                    search = Input(placeholder=_("Search"),
                                   id="search", compact=True)
                    search.cursor_blink = False
                    yield search
                with Vertical(id="week-results"):
                    yield Static(id="week-count")
                    yield MeetingList(id="week-list", empty_text=NO_MATCH)
            with TabPane(_(TAB_TITLES["tab-programs"]), id="tab-programs"):
                yield ProgramList(*self._program_list(), id="program-list")
        with Vertical(classes="bottom-bar"):
            yield CrisisLine()
            yield KioskFooter()

    def on_mount(self) -> None:
        # Watched, not handled as Changed messages: a watcher runs as the key sets the value,
        # so the list changes in the same frame as the search box. A Changed message bubbles
        # through five containers, and the box's echo is drawn meanwhile, one frame (1/60 s)
        # before the list.
        for choice in (*self.query(Select), self.query_one("#search", Input)):
            self.watch(choice, "value", self._choice_changed, init=False)
        self.apply_filters()
        self.query_one(MeetingList).focus()

    def _choice_changed(self) -> None:
        if not self._holding_filters:
            self.apply_filters()

    @contextmanager
    def _choosing_at_once(self) -> Iterator[None]:
        """Set several choices, then filter once."""
        self._holding_filters = True
        try:
            yield
        finally:
            self._holding_filters = False
        self.apply_filters()

    def on_resize(self) -> None:
        # Screen's own resize handler (which sets the breakpoint classes) runs after this one.
        self.call_after_refresh(self.fit_filters)

    def fit_filters(self) -> None:
        """Bordered filter controls in the wide sidebar, one-line ones in the narrow row."""
        compact = not self.has_class("-wide")
        for select in self.query(Select):
            select.compact = compact
        self.query_one("#search", Input).compact = compact

    # -- choices ----------------------------------------------------------------------

    def _week_days(self) -> list[date]:
        return [day for day, _occurrences in self.kiosk.week]

    def _day_options(self) -> list[tuple[Content, str]]:
        today = self.kiosk.today
        return [(Content(_("Any day")), ANY)] + [
            (Content(relative_day(day, today)), day.isoformat()) for day in self._week_days()
        ]

    def _program_options(self) -> list[tuple[Content, str]]:
        programs = sorted(self.kiosk.listings.programs, key=lambda p: p.order)
        return [(Content(_("Any program")), ANY)] + [
            (Content(p.name), p.slug) for p in programs
        ]

    def _format_options(self) -> list[tuple[Content, str]]:
        return [(Content(_("Any format")), ANY)] + [
            (Content(format_label(f)), f) for f in FORMATS
        ]

    def _program_list(self) -> list[Option]:
        programs = sorted(self.kiosk.listings.programs, key=lambda p: p.order)
        return [
            Option(Content.assemble(
                (p.name, "bold"), "\n", (data_text(p, "summary"), "$text-muted")
            ), id=p.slug)
            for p in programs
        ]

    @property
    def chosen(self) -> MeetingFilter:
        """The visitor's current choice of day, program, format and search text."""
        day = self.query_one("#filter-day", Select).value
        program = self.query_one("#filter-program", Select).value
        format_ = self.query_one("#filter-format", Select).value
        return MeetingFilter(
            day=date.fromisoformat(day) if isinstance(day, str) and day else None,
            program=program if isinstance(program, str) else ANY,
            format=format_ if isinstance(format_, str) else ANY,
            text=self.query_one("#search", Input).value,
        )

    # -- filtering --------------------------------------------------------------------

    def apply_filters(self) -> None:
        """Show the entries the current choice keeps, and say how many there are."""
        entries = self.kiosk.week_entries
        shown = apply(entries, self.chosen)
        meetings = self.query_one(MeetingList)
        meetings.empty_text = NO_MATCH if entries else NONE_LISTED
        meetings.show([e.occurrence for e in shown], self.kiosk.today)
        found = len(shown)
        if found == len(entries):  # the meetings by appointment are not "in the next 7 days"
            found = sum(1 for entry in shown if entry.day is not None)
            count = ngettext("{count} meeting in the next 7 days",
                             "{count} meetings in the next 7 days", found)
        else:
            count = ngettext("{count} of {total} meetings match",
                             "{count} of {total} meetings match", found)
        self.query_one("#week-count", Static).update(
            Content(count.format(count=found, total=len(entries)))
        )

    def reset(self) -> None:
        """Clear every filter and the search, and go back to the week's first row."""
        with self._choosing_at_once():
            for select in self.query(Select):
                select.expanded = False
                select.value = ANY
            self.query_one("#search", Input).value = ""
        self.query_one(TabbedContent).active = "tab-week"
        self.query_one("#program-list", OptionList).highlighted = 0
        self.query_one(MeetingList).focus()

    async def refresh_data(self) -> None:
        """New listings or a new day: new day and program choices, same filters if valid."""
        with self._choosing_at_once():
            for select, options in (
                (self.query_one("#filter-day", Select), self._day_options()),
                (self.query_one("#filter-program", Select), self._program_options()),
                (self.query_one("#filter-format", Select), self._format_options()),
            ):
                previous = select.value
                select.set_options(options)
                valid = any(value == previous for _label, value in options)
                select.value = previous if valid else ANY
                select.mutate_reactive(Select.value)  # an unchanged value keeps its old label
        program_list = self.query_one("#program-list", OptionList)
        program_list.set_options(self._program_list())

    async def refresh_language(self) -> None:
        """Re-word everything in place: the visitor keeps their filters, search, tab and row."""
        for label, text in zip(self.query(".filter-label").results(Label), FILTER_LABELS,
                               strict=True):
            label.update(_(text))
        tabs = self.query_one(TabbedContent)
        for pane_id, title in TAB_TITLES.items():
            tabs.get_tab(pane_id).label = Content(_(title))
        self.query_one("#search", Input).placeholder = _("Search")
        meetings = self.query_one(MeetingList)
        cursor = meetings.cursor
        programs = self.query_one("#program-list", OptionList)
        highlighted = programs.highlighted
        await self.refresh_data()
        meetings.cursor = cursor
        programs.highlighted = highlighted

    # -- moving on --------------------------------------------------------------------

    def on_meeting_chosen(self, message: MeetingChosen) -> None:
        message.stop()
        self.kiosk.show_meeting(message.occurrence.id)

    @on(OptionList.OptionSelected, "#program-list")
    def open_program(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.kiosk.show_program(event.option.id)

    def action_search(self) -> None:
        self.query_one(TabbedContent).active = "tab-week"
        self.query_one("#search", Input).focus()

    async def action_back(self) -> None:
        await self.kiosk.return_to_loop()
