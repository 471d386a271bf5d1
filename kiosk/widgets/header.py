"""The kiosk's own header: organisation, date and clock (Textual's Header has a palette icon)."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Digits, Static

from kiosk.formatting import clock_parts, clock_time, long_date


class KioskHeader(Widget):
    """One line on small screens; on big ones (see app.tcss) the time is in large digits.

    `show(now)` is called every second but touches the screen only when the minute changes.
    """

    DEFAULT_CSS = """
    KioskHeader {
        dock: top;
        height: auto;
        layout: horizontal;
    }
    KioskHeader > Static { width: auto; height: 1; }
    KioskHeader #header-date { width: 1fr; text-align: center; }
    KioskHeader #header-digits, KioskHeader #header-suffix { display: none; width: auto; }
    """

    def __init__(self, org_name: str, now: datetime, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._org_name = org_name
        self._now = now
        self._shown: tuple[str, str, str] = ("", "", "")

    def compose(self) -> ComposeResult:
        yield Static(Content(self._org_name), id="header-org")
        yield Static(id="header-date")
        yield Static(id="header-time")
        yield Digits(id="header-digits")
        yield Static(id="header-suffix")

    def on_mount(self) -> None:
        self.show(self._now)

    def set_org_name(self, org_name: str) -> None:
        self._org_name = org_name
        self.query_one("#header-org", Static).update(Content(org_name))

    def show(self, now: datetime) -> None:
        """Show the date and time of `now`, redrawing only if the text would change."""
        shown = (long_date(now.date()), *clock_parts(now))
        if shown == self._shown:
            return
        self._shown = shown
        date_text, digits, suffix = shown
        self.query_one("#header-date", Static).update(Content(date_text))
        self.query_one("#header-time", Static).update(Content(clock_time(now)))
        self.query_one("#header-digits", Digits).update(digits)
        self.query_one("#header-suffix", Static).update(Content(suffix))
