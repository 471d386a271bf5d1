"""The form that adds or edits one meeting, event or program.

Fields are checked as staff type, by the rules `kiosk check` uses, with the message under the
field. Rules across fields or records (an end before the start, an unknown program, an id already
used) come from `Store` when saving: each problem is shown next to its field and nothing is saved.
Editing replaces only the fields that changed, so fields the form does not show are kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, Select, SelectionList, Static, TextArea

from kiosk.admin.fields import FORM_FIELDS, FieldSpec, State, state_of, value_of
from kiosk.admin.screens.dialogs import ConfirmDialog
from kiosk.admin.validators import field_check, field_validator
from kiosk.i18n import _
from kiosk.listing_text import cell
from kiosk.model import (
    ATTENDANCE_OPTIONS,
    DAY_NAMES,
    FORMAT_LABELS,
    Listings,
    Meeting,
    Problem,
    Record,
    Settings,
)
from kiosk.store import Store, ValidationError
from kiosk.validate import BY_APPOINTMENT_FIELDS, REQUIRED, record_label

if TYPE_CHECKING:
    from kiosk.admin.app import AdminApp


def noun(kind: type[Record]) -> str:
    """ "meeting", "event" or "program", for titles and messages."""
    return _(kind.TABLE.rstrip("s"))


class RecordForm(Screen[str | None]):
    """Adds `base` as a new record (`key` None) or edits the record stored under `key`.

    Dismissed with the saved record's key, or None when staff went back without saving.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", _("Save")),
        Binding("escape", "back", _("Back")),
    ]

    def __init__(self, base: Record, key: str | None) -> None:
        super().__init__()
        self.kind = type(base)
        self.base = base
        self.key = key
        self.specs = FORM_FIELDS[self.kind]
        self.initial = {spec.name: state_of(spec, base) for spec in self.specs}
        self.touched: set[str] = set()  # fields whose messages show as staff type

    @property
    def admin(self) -> AdminApp:
        return cast("AdminApp", self.app)

    # -- building ------------------------------------------------------------------------

    def heading(self) -> str:
        if self.key is None:
            return _("New {noun}").format(noun=noun(self.kind))
        return _("Edit {noun} {key}").format(noun=noun(self.kind), key=self.key)

    def compose(self) -> ComposeResult:
        yield Static(Content(cell(self.heading())), id="form-title")
        with VerticalScroll(id="form-fields"):
            for spec in self.specs:
                with Horizontal(classes="field"):
                    yield Label(_(spec.label), classes="field-label")
                    with Vertical(classes="field-body"):
                        yield self.make_widget(spec)
                        yield Static(id=f"error-{spec.name}", classes="field-error")
        with Horizontal(id="form-actions"):
            yield Button(_("Save"), id="save", variant="primary", compact=True)
            yield Button(_("Back"), id="back", compact=True)
            yield Static(id="form-status")
        yield Footer()

    def make_widget(self, spec: FieldSpec) -> Widget:
        state = self.initial[spec.name]
        widget_id = f"field-{spec.name}"
        if spec.widget == "weekdays":
            return SelectionList[int](
                *[(_(name), day, day in state) for day, name in enumerate(DAY_NAMES)],
                id=widget_id, compact=True,
            )
        assert isinstance(state, str)
        if spec.widget == "long_text":
            return TextArea(state, id=widget_id, soft_wrap=True, compact=True)
        if spec.widget == "choice":
            values = [value for _label, value in spec.choices]
            chosen = next((v for v in values if str(v) == state), values[0])
            return Select([(_(label), value) for label, value in spec.choices], value=chosen,
                          allow_blank=False, id=widget_id, compact=True)
        if spec.widget == "format":
            return Select([(_(FORMAT_LABELS[f]), f) for f in ATTENDANCE_OPTIONS], value=state,
                          allow_blank=False, id=widget_id, compact=True)
        if spec.widget == "program":
            programs = self.admin.listings.programs
            options = [(Text(cell(p.name)), p.slug) for p in programs]
            known = any(p.slug == state for p in programs)
            required = spec.name in REQUIRED[self.kind]
            return Select(options, value=state if known else Select.NULL, id=widget_id,
                          prompt=_("Choose a program") if required else _("No program"),
                          compact=True)
        number = spec.widget == "number"
        return Input(
            state, placeholder=_(spec.hint) if spec.hint else "", id=widget_id, compact=True,
            type="integer" if number else "text", validate_on=["changed", "submitted"],
            validators=[field_validator(self.kind, spec.name, number)],
        )

    def on_mount(self) -> None:
        self.query_one(f"#field-{self.specs[0].name}").focus()

    # -- reading -------------------------------------------------------------------------

    def state(self, spec: FieldSpec) -> State:
        widget = self.query_one(f"#field-{spec.name}")
        if isinstance(widget, SelectionList):
            return tuple(sorted(widget.selected))
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Select):
            return "" if widget.selection is None else str(widget.selection)
        assert isinstance(widget, Input)
        return widget.value

    def values(self) -> dict[str, Any]:
        """Every field the form shows, as it would be saved."""
        return {spec.name: value_of(self.kind, spec, self.state(spec)) for spec in self.specs}

    def changes(self) -> dict[str, Any]:
        """Only the fields staff changed."""
        return {
            spec.name: value_of(self.kind, spec, state)
            for spec in self.specs
            if (state := self.state(spec)) != self.initial[spec.name]
        }

    # -- messages next to fields ---------------------------------------------------------

    def show_error(self, name: str, message: str | None) -> None:
        error = self.query_one(f"#error-{name}", Static)
        error.update(Content(cell(message or "")))
        error.set_class(bool(message), "-shown")
        self.query_one(f"#field-{name}").set_class(bool(message), "-problem")

    def check(self, spec: FieldSpec) -> str | None:
        if spec.name in BY_APPOINTMENT_FIELDS and self.by_appointment():
            return None  # neither a day nor a time: a meeting by appointment
        return field_check(self.kind, spec.name)(value_of(self.kind, spec, self.state(spec)))

    def by_appointment(self) -> bool:
        """A meeting's form with no weekday chosen and no time given (both blank is allowed)."""
        return self.kind is Meeting and not any(
            value_of(self.kind, spec, self.state(spec))
            for spec in self.specs if spec.name in BY_APPOINTMENT_FIELDS)

    def spec_of(self, widget: Widget | None) -> FieldSpec | None:
        name = (widget.id or "").removeprefix("field-") if widget else ""
        return next((spec for spec in self.specs if spec.name == name), None)

    @on(Input.Changed)
    def input_changed(self, event: Input.Changed) -> None:
        spec = self.spec_of(event.input)
        if spec is None:
            return
        if event.value != self.initial[spec.name]:
            self.touched.add(spec.name)
            self.set_status("")
        if spec.name in self.touched:
            result = event.validation_result
            self.show_error(spec.name, None if result is None or result.is_valid
                            else result.failure_descriptions[0])

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        self.focus_next()

    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    @on(TextArea.Changed)
    def choice_changed(
        self, event: Select.Changed | SelectionList.SelectedChanged | TextArea.Changed
    ) -> None:
        spec = self.spec_of(event.control)
        if spec is not None and self.state(spec) != self.initial[spec.name]:
            self.touched.add(spec.name)
            self.set_status("")
            self.show_error(spec.name, self.check(spec))

    def show_problems(self, problems: list[Problem]) -> None:
        """Each problem next to its field; problems of other records (or none) at the bottom."""
        keys = (self.key, self.values()[self.kind.KEY])
        labels = {record_label(self.kind, {self.kind.KEY: key}, 0) for key in keys}
        names = {spec.name for spec in self.specs}
        elsewhere: list[str] = []
        first: str | None = None
        for problem in problems:
            if problem.field in names and problem.record in labels:
                self.show_error(problem.field, problem.message)
                first = first or problem.field
            else:
                elsewhere.append(str(problem))
        self.refuse(first, elsewhere)

    def refuse(self, first_field: str | None, other_problems: list[str]) -> None:
        """Say why nothing was saved, and take staff to the first field to fix."""
        self.set_status(" ".join(other_problems) or _("Not saved: fix the fields marked in red."))
        if first_field:
            self.query_one(f"#field-{first_field}").focus()

    def set_status(self, text: str) -> None:
        self.query_one("#form-status", Static).update(Content(cell(text)))

    # -- actions -------------------------------------------------------------------------

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        self.touched.update(spec.name for spec in self.specs)
        messages = {spec.name: self.check(spec) for spec in self.specs}
        for name, message in messages.items():
            self.show_error(name, message)
        if wrong := [name for name, message in messages.items() if message]:
            self.refuse(wrong[0], [])
            return
        changes = self.changes()
        if self.key is not None and not changes:
            self.admin.tell(_("Nothing changed, so nothing was saved."))
            self.dismiss(None)
            return
        try:
            after = self.admin.apply(self.store_change(changes))
        except ValidationError as refused:
            self.show_problems(refused.problems)
            return
        self.saved(after)

    def store_change(self, changes: dict[str, Any]) -> Callable[[Store], Listings]:
        """The one Store change that saves the form: add the record, or replace what changed."""
        stamp = self.admin.updated_fields(self.kind)
        if self.key is None:
            record = replace(self.base, **self.values(), **stamp)
            return lambda store: store.add(record)
        key = self.key
        return lambda store: store.update(self.kind, key,
                                          lambda old: replace(old, **changes, **stamp))

    def saved(self, after: Listings) -> None:
        """Say it is saved and go back to the lists with the saved record's key."""
        saved_key = str(self.values()[self.kind.KEY])
        self.admin.report_saved(after, self.kind, saved_key)
        self.dismiss(saved_key)

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        """Back to the lists; with unsaved changes, ask first."""
        if not self.changes():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog(
            _("Discard changes?"),
            Content(_("Your changes to this {noun} are not saved.").format(noun=noun(self.kind))),
            confirm=_("Discard"), keep=_("Keep editing"),
        ), answered)



class SettingsForm(RecordForm):
    """The kiosk's settings: the fields, checks and messages of `kiosk settings set`.

    Saving changes only the settings staff changed (`Store.update_settings`); a blank optional
    one is left out of the file, so its default applies. Dismissed with None.
    """

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings, settings.key)

    def heading(self) -> str:
        return _("Settings")

    def store_change(self, changes: dict[str, Any]) -> Callable[[Store], Listings]:
        return lambda store: store.update_settings(**changes)

    def saved(self, after: Listings) -> None:
        self.admin.tell(_("Settings saved: a running kiosk shows them within a few seconds."))
        self.dismiss(None)
