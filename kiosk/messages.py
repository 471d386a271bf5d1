"""Every custom Textual message the kiosk posts, in one module.

The app owns the data (`KioskApp.listings`, `.schedule`, `.week`) and the time. It posts these
to its screens; screens refresh what they show and never fetch data or time on their own.
"""

from __future__ import annotations

from datetime import datetime

from textual.message import Message

from kiosk.schedule import Occurrence
from kiosk.watch import Reading


class ListingsChanged(Message):
    """New listings were loaded (`KioskApp.reload_listings`): rebuild anything built from data."""


class DataRead(Message):
    """The listings file was read again (in a worker thread, `KioskApp.read_data`).

    `changed` is False when the listings equal those on screen (the same content read again).
    Only the newest read matters, so a burst of them collapses into the last one.
    """

    def __init__(self, reading: Reading, changed: bool) -> None:
        super().__init__()
        self.reading = reading
        self.changed = changed

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, DataRead)


class DayChanged(Message):
    """The date rolled over at midnight in the kiosk's zone: "today" and "this week" moved."""


class ClockTick(Message):
    """The app's one-second tick, carrying the clock's time; posted to the active screen.

    Widgets re-render only when what they show changes (most text changes once a minute).
    """

    def __init__(self, now: datetime) -> None:
        super().__init__()
        self.now = now


class MeetingChosen(Message):
    """A visitor opened a meeting from a list (Enter or a tap): show its detail screen."""

    def __init__(self, occurrence: Occurrence) -> None:
        super().__init__()
        self.occurrence = occurrence


class StaffPinEntered(Message):
    """Staff typed a PIN at the staff exit prompt (`StaffExitScreen`); the app checks it."""

    def __init__(self, pin: str) -> None:
        super().__init__()
        self.pin = pin

