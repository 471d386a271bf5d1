"""`AdminApp`: the staff listings editor (`kiosk admin`), separate from the visitor kiosk.

The app holds the store, the clock (for Meeting Guide's `updated` stamp and the next date to
cancel) and the listings last read or written. Screens change the file only through `apply`,
which runs one `Store` change and keeps the listings it returns; the file is also re-read when
someone else changes it (a CLI command, an import), so the lists never go stale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import UTC
from typing import Any

from textual.app import App
from textual.notifications import SeverityLevel
from textual.screen import Screen

from kiosk.admin.screens.form import noun
from kiosk.admin.screens.listings import ListingsScreen
from kiosk.clock import Clock
from kiosk.i18n import _
from kiosk.listing_text import UPDATED_FORMAT, cannot_write, cell
from kiosk.model import Listings, Problem, Record
from kiosk.store import DataFileError, FileStamp, Store, StoreBusy, ValidationError
from kiosk.validate import record_label

FILE_CHECK_SECONDS = 2.0


class AdminApp(App[None]):
    """The editor. Raises `DataFileError` at start if the file cannot be read at all."""

    CSS_PATH = "admin.tcss"
    TITLE = _("Listings editor")
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, store: Store, clock: Clock) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.listings: Listings = store.load()
        self.file_stamp: FileStamp | None = store.stamp()

    def get_default_screen(self) -> Screen[Any]:
        return ListingsScreen()

    def on_mount(self) -> None:
        self.set_interval(FILE_CHECK_SECONDS, self.notice_file_change)

    def apply(self, change: Callable[[Store], Listings]) -> Listings:
        """Run one Store change and keep the listings it leaves.

        Raises ValidationError when the change is refused; a file that cannot be read or written,
        or is locked too long by another writer, is reported the same way (no field).
        """
        path = str(self.store.path)
        try:
            after = change(self.store)
        except DataFileError as error:
            raise ValidationError([Problem(path, "", error.message)]) from error
        except StoreBusy as error:
            raise ValidationError([Problem(path, "", _(
                "is being changed by someone else; try again in a moment"))]) from error
        except OSError as error:
            message = cannot_write(error, self.store.path)
            raise ValidationError([Problem(path, "", message)]) from error
        self.listings = after
        self.file_stamp = self.store.stamp()
        return after

    def notice_file_change(self) -> None:
        """Re-read the file when another program changed it, and refresh the lists."""
        stamp = self.store.stamp()
        if stamp == self.file_stamp:
            return
        self.file_stamp = stamp
        try:
            self.listings = self.store.load()
        except DataFileError as error:
            self.tell(error.message, "error", _("Cannot read the listings file"))
            return
        if isinstance(self.screen, ListingsScreen):
            self.screen.show_listings()

    def updated_fields(self, kind: type[Record]) -> dict[str, str]:
        """Meeting Guide's `updated` (UTC), for kinds of record that carry it."""
        if not any(f.name == "updated" for f in fields(kind)):  # type: ignore[arg-type]
            return {}
        return {"updated": self.clock.now().astimezone(UTC).strftime(UPDATED_FORMAT)}

    def report_saved(self, listings: Listings, kind: type[Record], key: str) -> None:
        """Say it is saved, with any warning the saved record has (they do not stop a save)."""
        self.tell(_("Saved {noun} {key}.").format(noun=noun(kind), key=key))
        label = record_label(kind, {kind.KEY: key}, 0)
        for problem in listings.problems:
            if problem.record == label and problem.severity == "warning":
                self.tell(f"{problem.field}: {problem.message}", "warning", _("Saved, but"))

    def tell(self, message: str, severity: SeverityLevel = "information", title: str = "") -> None:
        """A notification; its text may come from the file, so it is never markup."""
        self.notify(cell(message), title=title, severity=severity, markup=False)
