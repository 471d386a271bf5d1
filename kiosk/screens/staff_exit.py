"""The staff exit prompt: a small box asking for the PIN, over whatever is on screen.

It opens only after the staff exit key sequence (`kiosk.staff`), shows the PIN masked, and
closes on Escape, on a wrong PIN and when nobody types for a while (the app's tick closes it);
the app checks the PIN (`StaffPinEntered`) and quits on the right one.
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
from kiosk.messages import StaffPinEntered
from kiosk.staff import MAX_PIN_LENGTH

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

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(StaffPinEntered(event.value))  # bubbles up to the app

    def action_close(self) -> None:
        self.dismiss()
