"""`kiosk.validate`'s field checks as Textual `Validator`s, so a form and `kiosk check` agree.

A form holds text; the file holds typed values. `parse_field` turns one into the other the way
the editor saves it (trimmed, blank optional fields left out, times as HH:MM, numbers whole),
then the field's rule from `kiosk.validate.field_rule` runs on the result. No rule lives here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from functools import cache
from typing import Any

from textual.validation import ValidationResult, Validator

from kiosk.model import Record
from kiosk.staff_input import tidy
from kiosk.validate import FieldCheck, field_rule


@cache
def is_optional(kind: type[Record], name: str) -> bool:
    """Whether the record leaves this field out when it is blank (its default is None)."""
    default = next(f.default for f in fields(kind) if f.name == name)  # type: ignore[arg-type]
    return default is None


def parse_field(kind: type[Record], name: str, text: str, number: bool = False) -> Any:
    """The value typed text stands for in the record (`kiosk.staff_input.tidy`: trimmed, a time
    such as 7pm as "HH:MM"); blank optional fields are left out.

    Text that is not a whole number is passed on as it is, so the field's check names the mistake.
    """
    value = tidy(name, text)
    if not value and is_optional(kind, name):
        return None
    if number:
        try:
            return int(value)
        except ValueError:
            return value
    return value


def field_check(kind: type[Record], name: str) -> FieldCheck:
    """The rule `kiosk check` applies to this field of this kind of record."""
    return field_rule(kind, name)


class FieldValidator(Validator):
    """Runs one field check on an Input's text; the failure is the check's own message."""

    def __init__(self, check: FieldCheck, parse: Callable[[str], Any]) -> None:
        super().__init__()
        self.check = check
        self.parse = parse

    def validate(self, value: str) -> ValidationResult:
        message = self.check(self.parse(value))
        return self.success() if message is None else self.failure(message, value)


def field_validator(kind: type[Record], name: str, number: bool = False) -> FieldValidator:
    """A validator for the Input that edits `name` of a `kind` record."""
    return FieldValidator(
        field_check(kind, name), lambda text: parse_field(kind, name, text, number)
    )
