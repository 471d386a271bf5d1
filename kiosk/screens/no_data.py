"""The full-screen message when neither the data file nor its backup can be read.

Shown instead of a traceback. Visitors read that the listings are not available and the crisis
line; what is wrong (`staff_text`: the file's path, its errors, what to run) is for staff, in
the log and `kiosk check`, never on the screen. The app keeps watching the file and removes
this screen by itself as soon as the file can be read; until then keys and taps do nothing
(there is nothing to browse), except the staff keys and the quit key outside kiosk mode.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from kiosk.i18n import N_, _

PUBLIC_TEXT = (N_("Meeting listings are not available right now."),
               N_("Please ask at the front desk."))
CRISIS_FALLBACK = N_("In crisis? Call or text 988, any time.")
"""The crisis line when no settings could be read (the settings' `footer_text` is the file's)."""


class NoDataScreen(Screen[None]):
    """What is wrong, where the file is, and what to run (`kiosk.watch.no_data_text`)."""

    AUTO_FOCUS = ""
    DEFAULT_CSS = """
    NoDataScreen {
        align: center middle;
        background: $background;
    }
    NoDataScreen VerticalScroll {
        width: 100%;
        max-width: 90;
        height: auto;
        max-height: 100%;
        border: round $primary;
        padding: 1 2;
    }
    NoDataScreen #no-data {
        color: $foreground;
        text-align: center;
    }
    NoDataScreen #no-data-crisis {
        dock: bottom;
        width: 1fr;
        padding: 0 1;
        background: $panel;
        color: $warning;
        text-style: bold;
    }
    """

    def __init__(self, text: str) -> None:
        super().__init__(id="no-data-screen")
        self.staff_text = text
        """What is wrong, for staff (as the log has it), never shown on this screen."""

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Content("\n\n".join(_(line) for line in PUBLIC_TEXT)), id="no-data")
        yield Static(Content(_(CRISIS_FALLBACK)), id="no-data-crisis")

    def show(self, text: str) -> None:
        """The file changed but still cannot be read: what is wrong now, for staff."""
        self.staff_text = text

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
