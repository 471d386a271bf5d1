"""Which fields each form shows, and how a field's widget state becomes the record's value.

A form keeps each widget's *state* (the Input's text, the chosen weekdays...). `state_of` reads
the state a record starts with and `value_of` turns a state into what is saved, so "has anything
changed?" compares like with like and an untouched field is never rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Literal

from kiosk.admin.validators import parse_field
from kiosk.i18n import LANGUAGE_NAMES, N_
from kiosk.listing_text import SETTINGS, one_line
from kiosk.model import Event, Meeting, Program, Record, Settings

WidgetKind = Literal["text", "number", "long_text", "program", "format", "weekdays", "choice"]
State = str | tuple[int, ...]


@dataclass(frozen=True)
class FieldSpec:
    """One row of a form: the record field it edits (the file's name), its label and widget."""

    name: str
    label: str
    widget: WidgetKind = "text"
    hint: str = ""
    choices: tuple[tuple[str, Any], ...] = ()  # a "choice" widget's (label, value) pairs


MEETING_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", N_("ID"), hint=N_("short and unique, e.g. smart-tue-evening")),
    FieldSpec("program", N_("Program"), "program"),
    FieldSpec("name", N_("Name"), hint=N_("as the kiosk shows it")),
    FieldSpec("day", N_("Weekdays"), "weekdays"),
    FieldSpec("time", N_("Starts at"), hint=N_("24-hour clock, e.g. 18:30")),
    FieldSpec("end_time", N_("Ends at"), hint=N_("e.g. 19:30; blank: one hour or the minutes")),
    FieldSpec("duration", N_("Or minutes"), "number", hint=N_("how long, instead of Ends at")),
    FieldSpec("attendance_option", N_("Format"), "format"),
    FieldSpec("location", N_("Location"), hint=N_("building, e.g. Oak Grove Library")),
    FieldSpec("address", N_("Address")),
    FieldSpec("room", N_("Room")),
    FieldSpec("conference_url", N_("Online link"), hint=N_("https://… (shown as a QR code)")),
    FieldSpec("conference_phone", N_("Phone"), hint=N_("to dial in")),
    FieldSpec("conference_url_notes", N_("Passcode hint"), hint=N_("e.g. Passcode: family")),
    FieldSpec("notes", N_("Notes")),
    FieldSpec("start_date", N_("First date"), hint=N_("YYYY-MM-DD, for a series (optional)")),
    FieldSpec("end_date", N_("Last date"), hint=N_("YYYY-MM-DD, for a series (optional)")),
)

EVENT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", N_("ID"), hint=N_("short and unique, e.g. grief-potluck-spring")),
    FieldSpec("program", N_("Program"), "program"),
    FieldSpec("name", N_("Name"), hint=N_("as the kiosk shows it")),
    FieldSpec("date", N_("Date"), hint=N_("YYYY-MM-DD")),
    FieldSpec("time", N_("Starts at"), hint=N_("24-hour clock, e.g. 17:30")),
    FieldSpec("end_time", N_("Ends at"), hint=N_("e.g. 20:30; blank: one hour")),
    FieldSpec("attendance_option", N_("Format"), "format"),
    FieldSpec("location", N_("Location")),
    FieldSpec("address", N_("Address")),
    FieldSpec("room", N_("Room")),
    FieldSpec("conference_url", N_("Online link"), hint=N_("https://… (shown as a QR code)")),
    FieldSpec("notes", N_("Notes")),
)

PROGRAM_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("slug", N_("Slug"), hint=N_("short and unique, e.g. refuge-recovery")),
    FieldSpec("name", N_("Name")),
    FieldSpec("summary", N_("Summary"), hint=N_("one line for lists")),
    FieldSpec("description", N_("Description"), "long_text"),
    FieldSpec("url", N_("Website"), hint=N_("https://…")),
    FieldSpec("order", N_("Order"), "number", hint=N_("lower numbers are shown first")),
)

SETTING_CHOICES: dict[str, tuple[tuple[str, Any], ...]] = {
    "theme": ((N_("Kiosk"), "kiosk"), (N_("High contrast"), "high-contrast")),
    "large_text": ((N_("Off"), False), (N_("On"), True)),
    # Each language by its own name, as the visitors' language key shows it, never translated.
    "language": (*((name, code) for code, name in LANGUAGE_NAMES.items()),
                 (N_("Both, taking turns"), "alternate")),
}
SETTING_NUMBERS = {f.name for f in fields(Settings) if type(f.default) is int}
SETTINGS_FIELDS: tuple[FieldSpec, ...] = tuple(
    FieldSpec(name, label, "choice" if name in SETTING_CHOICES else
              "number" if name in SETTING_NUMBERS else "text",
              hint=about, choices=SETTING_CHOICES.get(name, ()))
    for name, (label, about) in SETTINGS.items()
)
"""What `kiosk settings set` changes, in its order (`kiosk.listing_text.SETTINGS`)."""

FORM_FIELDS: dict[type[Record], tuple[FieldSpec, ...]] = {
    Meeting: MEETING_FIELDS,
    Event: EVENT_FIELDS,
    Program: PROGRAM_FIELDS,
    Settings: SETTINGS_FIELDS,
}


def shown_text(text: str) -> str:
    """Data text as an editor widget shows it: control codes as symbols, newlines kept."""
    return "\n".join(one_line(line) for line in text.split("\n"))


def state_of(spec: FieldSpec, record: Record) -> State:
    """The widget state a record's field starts the form with."""
    if spec.widget == "weekdays":
        assert isinstance(record, Meeting)
        return tuple(sorted(set(record.days)))
    value: Any = getattr(record, spec.name)
    return shown_text("" if value is None else str(value))


def value_of(kind: type[Record], spec: FieldSpec, state: State) -> Any:
    """What a widget state saves as the record's field."""
    if isinstance(state, tuple):  # weekdays: one number for one day, as the file usually has it
        return state[0] if len(state) == 1 else state
    if spec.widget in ("text", "number", "long_text"):
        return parse_field(kind, spec.name, state, number=spec.widget == "number")
    if spec.widget == "choice":
        return next((value for _label, value in spec.choices if str(value) == state), state)
    return state
