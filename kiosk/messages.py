"""Every custom Textual message the kiosk posts, in one module.

The app owns the data (`KioskApp.listings`, `.schedule`, `.week`) and the time. It posts these
to its screens; screens refresh what they show and never fetch data or time on their own.

The display settings (language, large text, quiet hours, the staff notice) reach screens the
same way, as `DisplayChanged` messages, and screens pass them on to their widgets: nothing
watches the app, because an app watcher lives on the app and kept a closed screen alive.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual.message import Message

from kiosk.schedule import Listed
from kiosk.watch import DataNotice, Reading

if TYPE_CHECKING:  # the importer's rules are imported only once a feed is followed
    from kiosk.interop.follow import FollowResult


class ListingsChanged(Message):
    """New listings were loaded (`KioskApp.reload_listings`): rebuild anything built from data."""


class DisplayChanged(Message, bubble=False):
    """Something every screen shows changed on the app (`_post_to_screens` posts one each).

    Screens and widgets read the app's state when they mount, so one opened later missed
    nothing. Only the newest of a burst of one kind matters (the language key mashed), so
    such a burst collapses into the last. Not bubbling: a screen forwards one to a widget,
    which must not send it back up to the screen (again and again). Textual sets `bubble`
    again for each subclass, so each says ``bubble=False`` itself.
    """

    def can_replace(self, message: Message) -> bool:
        return type(message) is type(self)


class LanguageChanged(DisplayChanged, bubble=False):
    """The language shown changed (`DisplayApp.show_language`): re-word fixed text."""


class LargeTextChanged(DisplayChanged, bubble=False):
    """Staff (key or settings) turned the large-text layout on or off."""

    def __init__(self, large_text: bool) -> None:
        super().__init__()
        self.large_text = large_text


class QuietHoursChanged(DisplayChanged, bubble=False):
    """Quiet hours began, moved or ended (`KioskApp.quiet_until`; None: not quiet)."""

    def __init__(self, until: datetime | None) -> None:
        super().__init__()
        self.until = until


class DataNoticeChanged(DisplayChanged, bubble=False):
    """What staff should know about the data file changed (`KioskApp.data_notice`)."""

    def __init__(self, notice: DataNotice | None) -> None:
        super().__init__()
        self.notice = notice


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

    def __init__(self, occurrence: Listed) -> None:
        super().__init__()
        self.occurrence = occurrence


class StaffPinEntered(Message):
    """Staff typed a PIN at the staff exit prompt (`StaffExitScreen`); the app checks it."""

    def __init__(self, pin: str) -> None:
        super().__init__()
        self.pin = pin



class FeedChecked(Message):
    """The followed feed was checked (in a worker thread, `KioskApp.check_feed`)."""

    def __init__(self, result: FollowResult) -> None:
        super().__init__()
        self.result = result
