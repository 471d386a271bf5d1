"""The full-screen message for staff when neither the data file nor its backup can be read.

Shown instead of a traceback. The app keeps watching the file and removes this screen by itself
as soon as the file can be read; until then keys and taps do nothing (there is nothing to
browse), except the quit key outside kiosk mode.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static


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
        border: heavy $warning;
        padding: 1 2;
    }
    NoDataScreen #no-data {
        color: $foreground;
    }
    """

    def __init__(self, text: str) -> None:
        super().__init__(id="no-data-screen")
        self._text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Content(self._text), id="no-data")

    def show(self, text: str) -> None:
        """The file changed but still cannot be read: say what is wrong now."""
        self._text = text
        self.query_one("#no-data", Static).update(Content(text))

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
