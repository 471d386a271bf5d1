"""The crisis line (the settings' `footer_text`, or `footer_text_es` in Spanish) along the
bottom of every kiosk screen: one line, never pushed onto a second by anything beside it."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from kiosk.i18n import data_text
from kiosk.model import Listings, Settings


class CrisisLine(Static):
    """Shown whenever staff wrote one: from the app's listings as it mounts, then again by its
    screen (`show`) when the listings or the language change."""

    DEFAULT_CSS = """
    CrisisLine {
        width: 1fr;
        height: auto;
        padding: 0 1;
        text-style: bold;
        color: $warning;
        background: $panel;
    }
    """

    def on_mount(self) -> None:
        listings = getattr(self.app, "listings", None)  # a KioskApp's (not imported: a cycle)
        if isinstance(listings, Listings):
            self.show(listings.settings)

    def show(self, settings: Settings) -> None:
        text = data_text(settings, "footer_text")
        self.update(Content(text))
        self.display = bool(text)
