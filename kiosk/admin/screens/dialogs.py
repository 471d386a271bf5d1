"""Small questions the editor asks: "are you sure?" and "which date?".

Both are modal; Escape always gives the answer that changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from kiosk.admin.validators import FieldValidator
from kiosk.formatting import long_date
from kiosk.i18n import _
from kiosk.listing_text import cell
from kiosk.store import ValidationError
from kiosk.validate import check_date


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question. The safe button has the focus, so Enter does no harm."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(False)", _("Back"))]

    def __init__(self, title: str, message: Content, confirm: str, keep: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.confirm_label = confirm
        self.keep_label = keep

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.title_text), classes="dialog-title")
            yield Static(self.message, classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.confirm_label, id="confirm", variant="error")
                yield Button(self.keep_label, id="keep", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#keep").focus()

    @on(Button.Pressed)
    def answer(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm")


class CancelDateDialog(ModalScreen[date | None]):
    """Asks for the date to cancel and tries it with `cancel_on`; stays open on a refusal.

    `cancel_on` saves the cancellation or raises `ValidationError` (say, the meeting does not
    meet that day); its message is shown under the date.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", _("Back"))]

    def __init__(self, about: Content, suggested: date | None,
                 cancel_on: Callable[[date], None]) -> None:
        super().__init__()
        self.about = about
        self.suggested = suggested
        self.cancel_on = cancel_on

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(_("Cancel one date")), classes="dialog-title")
            yield Static(self.about, classes="dialog-message")
            yield Input(
                self.suggested.isoformat() if self.suggested else "",
                placeholder=_("YYYY-MM-DD"), id="cancel-date", compact=True,
                validators=[FieldValidator(check_date, str.strip)],
            )
            yield Static(id="cancel-date-day", classes="field-hint")
            yield Static(id="cancel-date-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel this date"), id="confirm", variant="error")
                yield Button(_("Back"), id="keep", variant="primary")

    def show_error(self, message: str | None) -> None:
        error = self.query_one("#cancel-date-error", Static)
        error.update(Content(cell(message or "")))
        error.set_class(bool(message), "-shown")

    @on(Input.Changed)
    def date_changed(self, event: Input.Changed) -> None:
        """Check the date as it is typed, and say which day it is so a slip is easy to see."""
        result = event.validation_result
        message = None if result is None or result.is_valid else result.failure_descriptions[0]
        self.show_error(message)
        day = "" if message else Content(long_date(date.fromisoformat(event.value.strip())))
        self.query_one("#cancel-date-day", Static).update(day)

    @on(Input.Submitted)
    @on(Button.Pressed, "#confirm")
    def confirm(self) -> None:
        text = self.query_one("#cancel-date", Input).value.strip()
        message = check_date(text)
        if message is None:
            day = date.fromisoformat(text)
            try:
                self.cancel_on(day)
            except ValidationError as refused:
                message = " ".join(problem.message for problem in refused.problems)
            else:
                self.dismiss(day)
                return
        self.show_error(message)

    @on(Button.Pressed, "#keep")
    def keep(self) -> None:
        self.dismiss(None)
