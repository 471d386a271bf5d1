"""One program: its full description, when it next meets, its link, and its meetings this week."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import Static

from kiosk.filters import MeetingFilter, apply
from kiosk.i18n import N_, _, data_text
from kiosk.messages import MeetingChosen
from kiosk.model import Program
from kiosk.screens.base import KioskScreen
from kiosk.widgets.crisis_line import CrisisLine
from kiosk.widgets.header import KioskHeader
from kiosk.widgets.meeting_list import MeetingList
from kiosk.widgets.qr import QRCode
from kiosk.widgets.slides import paragraphs, program_times_text, text_rows
from kiosk.widgets.staff_notice import KioskFooter

LIST_MIN_ROWS = 4
"""Rows the program's meeting list keeps (its header and three meetings) before the
description's paragraphs take room above it."""


class ProgramScreen(KioskScreen):
    """Opened from the programs list (or `--open program:SLUG`); Escape goes back."""

    CSS_PATH = "program.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back")),
    ]

    def __init__(self, slug: str) -> None:
        super().__init__(id="program")
        self.slug = slug
        self._next_key: datetime | None = None

    @property
    def record_gone(self) -> bool:
        return self.program is None

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
                with Vertical(id="program-text"):
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
        with Vertical(classes="bottom-bar"):
            yield CrisisLine()
            yield KioskFooter()

    def on_mount(self) -> None:
        if self._fill():
            self.query_one(MeetingList).focus()

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_text)

    def fit_text(self) -> None:
        """The description's paragraphs that fit whole above the meeting list (which keeps
        `LIST_MIN_ROWS`), in order: no inner scroll box hides "Next meeting" or cuts a line."""
        try:
            text = self.query_one("#program-text", Vertical)
        except NoMatches:
            return
        if not text.content_size.width:
            return
        width = text.content_size.width
        top = self.query_one("#program-top")
        rows = (self.content_size.height - self.query_one(KioskHeader).outer_size.height
                - self.query_one(KioskFooter).outer_size.height
                - self.query_one(".section-title").outer_size.height
                - LIST_MIN_ROWS - top.styles.gutter.height - text.styles.gutter.height)
        for widget in text.children:
            if not widget.has_class("paragraph"):
                rows -= text_rows(widget, width)
        for paragraph in text.query_children(".paragraph"):
            rows -= text_rows(paragraph, width)
            paragraph.display = rows >= 0

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
        next_line.update(program_times_text(self.kiosk.schedule, self.slug, now))
        self.call_after_refresh(self.fit_text)  # the next meeting's lines may have changed

    async def refresh_data(self) -> None:
        await self.recompose()
        self._fill()

    def on_meeting_chosen(self, message: MeetingChosen) -> None:
        message.stop()
        self.kiosk.show_meeting(message.occurrence.id)

    def action_back(self) -> None:
        self.dismiss()
