"""What every kiosk screen shares: the header, reading the app's data and time, and refreshing.

Screens never read the wall clock or the file: they take `kiosk.listings`, `kiosk.schedule`,
`kiosk.week_entries` and `kiosk.now()` from the app, and refresh on the app's messages. The
display settings come the same way (see `kiosk.display`): on `LanguageChanged`,
`refresh_language` re-words what they show; this base passes each `DisplayChanged` on to the
shared widgets in the screen (meeting lists, footers, staff notices), which read the app's state
when they mount. Nothing here watches the app: a closed screen must be free to go.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, cast

from textual import events
from textual.css.query import NoMatches
from textual.screen import Screen

from kiosk.messages import (
    ClockTick,
    DataNoticeChanged,
    DayChanged,
    LanguageChanged,
    LargeTextChanged,
    ListingsChanged,
)
from kiosk.widgets.crisis_line import CrisisLine
from kiosk.widgets.header import KioskHeader
from kiosk.widgets.meeting_list import MeetingList
from kiosk.widgets.slides import is_big
from kiosk.widgets.staff_notice import KioskFooter, StaffNotice

if TYPE_CHECKING:
    from kiosk.app import KioskApp


BIG_CLASS = "-big"
"""On a screen at least `kiosk.widgets.slides.BIG_SCREEN` in size: more columns, bigger codes."""


class KioskScreen(Screen[None]):
    """Base screen: subclasses fill in `refresh_data` and, if anything ticks, `refresh_time`."""

    @property
    def kiosk(self) -> KioskApp:
        return cast("KioskApp", self.app)

    def make_header(self) -> KioskHeader:
        return KioskHeader(self.kiosk.listings.settings.org_name, self.kiosk.now(), id="header")

    @property
    def record_gone(self) -> bool:
        """Whether this screen shows a record the listings no longer have (the app then goes
        back one level)."""
        return False

    async def refresh_data(self) -> None:
        """Rebuild what was built from the listings or from today's date."""

    async def refresh_language(self) -> None:
        """Re-word fixed text in the language now shown; by default, rebuild as for new data."""
        await self.refresh_data()

    async def on_language_changed(self, _message: LanguageChanged) -> None:
        """Runs as well as a subclass's own handler (Textual calls each class's handler)."""
        try:
            self.query_one(KioskHeader).show(self.kiosk.now())
            for meetings in self.query(MeetingList):
                meetings.redraw()
            for footer in self.query(KioskFooter):
                footer.post_message(LanguageChanged())  # it rebuilds itself, on its own queue
            self.show_crisis_line()
            await self.refresh_language()
        except NoMatches:
            # A visitor pressed the language key and, before the screen was re-worded,
            # closed it (e then Escape, in one burst): its widgets went away under the
            # refresh, and there is nothing left to re-word. Anything else is a real bug.
            if self in self.app.screen_stack:
                raise

    def on_large_text_changed(self, message: LargeTextChanged) -> None:
        for meetings in self.query(MeetingList):
            meetings.use_cards(message.large_text)

    def on_data_notice_changed(self, message: DataNoticeChanged) -> None:
        for notice in self.query(StaffNotice):
            notice.show_notice(message.notice)

    def on_resize(self, event: events.Resize) -> None:
        """`-big` on a big screen (a TV, see `is_big`): CSS uses the room (runs as well as a
        subclass's own handler)."""
        self.set_class(is_big(event.size), BIG_CLASS)

    def refresh_time(self, now: datetime) -> None:
        """Bring time-dependent text up to date (called every second while on screen)."""

    def on_clock_tick(self, message: ClockTick) -> None:
        self.query_one(KioskHeader).show(message.now)
        self._tell_lists(message.now)
        self.refresh_time(message.now)

    def _tell_lists(self, now: datetime) -> None:
        """Meeting lists say today's status per row (on now, soon, over): they need the time."""
        for meetings in self.query(MeetingList):
            meetings.tell_time(now, self.kiosk.schedule.soon_minutes)

    def on_mount(self) -> None:
        """Runs as well as a subclass's own (Textual calls each class's handler)."""
        self._tell_lists(self.kiosk.now())

    def show_crisis_line(self) -> None:
        """The settings' crisis line, in the language shown."""
        for line in self.query(CrisisLine):
            line.show(self.kiosk.listings.settings)

    async def on_listings_changed(self, _message: ListingsChanged) -> None:
        self.query_one(KioskHeader).set_org_name(self.kiosk.listings.settings.org_name)
        self.show_crisis_line()
        await self.refresh_data()

    async def on_day_changed(self, _message: DayChanged) -> None:
        await self.refresh_data()

    def on_screen_resume(self) -> None:
        now = self.kiosk.now()
        self.query_one(KioskHeader).show(now)
        self._tell_lists(now)
        self.refresh_time(now)
