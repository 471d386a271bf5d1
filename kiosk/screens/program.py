"""One program: its full description, when it next meets, its link, and its meetings this week."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import Static

from kiosk.filters import MeetingFilter, apply
from kiosk.formatting import when
from kiosk.i18n import N_, _, data_text
from kiosk.messages import MeetingChosen
from kiosk.model import Program
from kiosk.screens.base import KioskScreen
from kiosk.widgets.meeting_list import MeetingList
from kiosk.widgets.qr import QRCode
from kiosk.widgets.slides import paragraphs
from kiosk.widgets.staff_notice import KioskFooter


class ProgramScreen(KioskScreen):
    """Opened from the programs list (or `--open program:SLUG`); Escape goes back."""

    CSS_PATH = "program.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back")),
        Binding("tab", "app.focus_next", N_("Next"), show=True),
    ]

    def __init__(self, slug: str) -> None:
        super().__init__(id="program")
        self.slug = slug
        self._next_key: datetime | None = None

    @property
    def program(self) -> Program | None:
        return self.kiosk.listings.program(self.slug)

    def compose(self) -> ComposeResult:
        yield self.make_header()
        program = self.program
        if program is None:
            yield Static(Content(_("This program is no longer listed.")), id="program-gone")
        else:
            with Horizontal(id="program-top"):
                with VerticalScroll(id="program-text"):
                    yield Static(Content(program.name), id="program-name", classes="title")
                    if summary := data_text(program, "summary"):
                        yield Static(Content(summary), classes="lead")
                    for paragraph in paragraphs(data_text(program, "description")):
                        yield Static(Content(paragraph), classes="paragraph")
                    yield Static(id="program-next")
                if program.url:
                    yield QRCode(program.url, id="program-qr")
            yield Static(Content(_("Meetings in the next 7 days")), classes="section-title")
            yield MeetingList(
                id="program-list", empty_text=N_("No meetings in the next 7 days.")
            )
        yield KioskFooter()

    def on_mount(self) -> None:
        if self._fill():
            self.query_one(MeetingList).focus()

    def _fill(self) -> bool:
        """The program's week and next meeting; False if there is nothing to fill: the program
        is gone, or the screen is being rebuilt (keys in a burst: the language key as it
        opens), and `refresh_data` fills it once it is."""
        try:
            meeting_list = self.query_one(MeetingList)
        except NoMatches:
            return False
        shown = apply(self.kiosk.week_entries, MeetingFilter(program=self.slug))
        meeting_list.show([e.occurrence for e in shown], self.kiosk.today)
        self._next_key = None
        self.refresh_time(self.kiosk.now())
        return True

    def refresh_time(self, now: datetime) -> None:
        minute = now.replace(second=0, microsecond=0)
        if self.program is None or self._next_key == minute:
            return
        try:
            next_line = self.query_one("#program-next", Static)
        except NoMatches:
            return  # being rebuilt: `refresh_data` calls `_fill`
        self._next_key = minute
        upcoming = self.kiosk.schedule.next_for_program(self.slug, now)
        text = (
            Content(_("No meetings are scheduled at the moment."))
            if upcoming is None
            else Content.assemble(
                (_("Next meeting: "), "bold $accent"),
                (when(upcoming.start, upcoming.end, now.date()), "bold"), "\n", upcoming.name,
            )
        )
        next_line.update(text)

    async def refresh_data(self) -> None:
        await self.recompose()
        self._fill()

    def on_meeting_chosen(self, message: MeetingChosen) -> None:
        message.stop()
        self.kiosk.show_meeting(message.occurrence.id)

    def action_back(self) -> None:
        self.dismiss()
