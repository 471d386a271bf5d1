"""The staff exit prompt: a small box asking for the PIN, over whatever is on screen.

It opens only after the staff exit key sequence (`kiosk.staff`), shows the PIN masked, and
closes on Escape, on a wrong PIN and when nobody types for a while (the app's tick closes it);
the app checks the PIN (`StaffPinEntered`) and quits on the right one.

It is also where staff read what is wrong with the data file (the app's `data_notice` in
full): the public screens show only a small mark, never file paths, record ids or validation
messages. (With no file readable there is no PIN either: `kiosk check` and the log say why.)
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from kiosk.i18n import N_, _
from kiosk.messages import DataNoticeChanged, StaffPinEntered
from kiosk.staff import MAX_PIN_LENGTH
from kiosk.widgets.staff_notice import current_notice

PROMPT_IDLE_SECONDS = 15
"""Ticks without a key before the prompt closes by itself (sooner than browse's timeout)."""


class StaffExitScreen(ModalScreen[None]):
    """Asks for the staff PIN; the app decides what it means."""

    CSS_PATH = "staff_exit.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close"), show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="staff-exit") as box:
            box.border_title = _("Staff only")
            yield Static(Content(_("Enter the staff PIN to close the kiosk.")),
                         id="staff-exit-text")
            yield Input(password=True, max_length=MAX_PIN_LENGTH, id="staff-pin",
                        placeholder=_("PIN"))
            yield Static(Content(_("Escape closes this box.")), id="staff-exit-hint")
            with Vertical(id="staff-data") as details:
                details.border_title = _("Data file problem")
                yield Static(id="staff-details")

    def on_mount(self) -> None:
        self.show_details()

    def on_data_notice_changed(self, _message: DataNoticeChanged) -> None:
        self.show_details()

    def show_details(self) -> None:
        """What staff should know about the data file, if anything: the app's notice in full."""
        notice = current_notice(self)
        text = notice.full if notice is not None else ""
        self.query_one("#staff-details", Static).update(Content(text))
        self.query_one("#staff-data").display = bool(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(StaffPinEntered(event.value))  # bubbles up to the app

    def action_close(self) -> None:
        self.dismiss()
