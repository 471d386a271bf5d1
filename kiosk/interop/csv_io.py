"""Meetings as a spreadsheet: one row per meeting, the columns staff see in data/template.csv.

Spreadsheets are forgiving about what people type, so the import is too, in a few documented
ways: column names ignore case and spaces ("Conference URL"), days may be names or numbers
("Mon;Wed" or "1;3"), times may be "7:30 PM". Every other rule is the kiosk's own
(`kiosk.validate`), and each problem names the row number (the header is row 1) and the column.
The export writes the same columns, so a file can go out, be edited, and come back in.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

from kiosk.interop.importing import FeedResult, ImportFileError, check_incoming, feed_time
from kiosk.model import DAY_NAMES, Listings, Meeting, Problem

COLUMNS = (
    "id", "program", "name", "day", "time", "end_time", "duration", "format", "location",
    "address", "room", "conference_url", "conference_phone", "passcode_hint", "notes",
    "start_date", "end_date", "cancelled",
)
REQUIRED_COLUMNS = ("id", "name", "day", "time")
# Columns whose Meeting field has another name; the rest are the same.
FIELD_OF_COLUMN = {"format": "attendance_option", "passcode_hint": "conference_url_notes"}
COLUMN_OF_FIELD = {field: column for column, field in FIELD_OF_COLUMN.items()}
LIST_SEPARATOR = ";"
# Meeting fields a CSV does not carry: an import keeps the values already in the file.
LOCAL_FIELDS = ("types", "timezone", "updated", "extra")
# A cell starting with one of these is a formula to a spreadsheet: export prefixes a quote.
FORMULA_STARTS = ("=", "+", "-", "@")

_FORMATS = {
    "in_person": "in_person", "in person": "in_person", "in-person": "in_person",
    "online": "online", "hybrid": "hybrid",
}
_DAYS = {name.casefold(): n for n, name in enumerate(DAY_NAMES)} | {
    name[:3].casefold(): n for n, name in enumerate(DAY_NAMES)
}


def parse_csv(text: str) -> FeedResult:
    """Read meetings from CSV text; a file without the needed header row is refused whole."""
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    header = reader.fieldnames or []
    if not any(h.strip() for h in header):
        raise ImportFileError("the file is empty: the first row must name the columns "
                              f"({', '.join(COLUMNS)})")
    missing = [c for c in REQUIRED_COLUMNS if c not in map(_column_key, header)]
    if missing:
        raise ImportFileError(f"the header row has no column {', '.join(missing)} "
                              f"(the columns are {', '.join(COLUMNS)})")
    problems = [
        Problem("row 1", h, "is not a column the kiosk reads; it is ignored", "warning")
        for h in header if _column_key(h) not in COLUMNS
    ]
    meetings: list[Meeting] = []
    for row_number, row in enumerate(reader, start=2):
        cells = {
            _column_key(k): _unescape(v.strip())
            for k, v in row.items() if k is not None and isinstance(v, str)
        }
        if not any(cells.values()):
            continue  # blank rows are common at the end of a spreadsheet
        meeting, found = _parse_row(cells, row_number)
        problems += found
        if meeting is not None:
            meetings.append(meeting)
    return FeedResult(tuple(meetings), tuple(problems))


def to_csv(listings: Listings) -> str:
    """The meetings in the template's columns (events are not weekly, so they are left out)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for meeting in listings.meetings:
        writer.writerow(_escape(_cell(meeting, column)) for column in COLUMNS)
    return buffer.getvalue()


def _parse_row(cells: dict[str, str], row_number: int) -> tuple[Meeting | None, list[Problem]]:
    label = f"row {row_number}" + (f" ({cells['id']})" if cells.get("id") else "")
    doc: dict[str, Any] = {}
    problems: list[Problem] = []
    for column in COLUMNS:
        value = cells.get(column, "")
        if not value:
            continue
        try:
            doc[FIELD_OF_COLUMN.get(column, column)] = _convert(column, value)
        except ValueError as exc:
            problems.append(Problem(label, column, str(exc)))
    doc.setdefault("attendance_option", _worked_out_format(doc))
    meeting, found = check_incoming(doc, label, COLUMN_OF_FIELD)
    unread = {p.field for p in problems}  # already reported: not "missing" as well
    problems += [p for p in found if p.field not in unread]
    return (None if unread else meeting), problems


def _convert(column: str, value: str) -> Any:
    """A cell as the Meeting field's value; raises ValueError for a day or number it cannot read.

    Other wrong values are passed on for the kiosk's checks to name.
    """
    if column == "day":
        days = [_day_number(d.strip()) for d in value.split(LIST_SEPARATOR) if d.strip()]
        return days[0] if len(days) == 1 else days
    if column in ("time", "end_time"):
        return feed_time(value)
    if column == "duration":
        if not value.isdigit():
            raise ValueError(f"{value!r} is not a whole number of minutes")
        return int(value)
    if column == "format":
        return _FORMATS.get(value.casefold().replace("_", " "), value)
    if column == "cancelled":
        return [d.strip() for d in value.split(LIST_SEPARATOR) if d.strip()]
    return value


def _day_number(text: str) -> int:
    if text.isdigit() and int(text) <= 6:
        return int(text)
    if text.casefold() in _DAYS:
        return _DAYS[text.casefold()]
    raise ValueError(f"{text!r} is not a weekday: use Monday, Mon or 0 = Sunday ... "
                     "6 = Saturday, several separated by ;")


def _worked_out_format(doc: dict[str, Any]) -> str:
    """A blank format: online with a link or phone, hybrid if there is also a place."""
    if doc.get("conference_url") or doc.get("conference_phone"):
        return "hybrid" if doc.get("location") or doc.get("address") else "online"
    return "in_person"


def _cell(meeting: Meeting, column: str) -> str:
    if column == "day":
        return LIST_SEPARATOR.join(DAY_NAMES[d] for d in meeting.days)
    value = getattr(meeting, FIELD_OF_COLUMN.get(column, column))
    if isinstance(value, Iterable) and not isinstance(value, str):
        return LIST_SEPARATOR.join(value)
    return "" if value is None else str(value)


def _escape(value: str) -> str:
    """Keep spreadsheets from running a cell as a formula (reversed by `_unescape`)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _unescape(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def _column_key(header: str) -> str:
    """How a header names a column: case and spacing ignored ("Conference URL")."""
    return re.sub(r"[\s-]+", "_", header.strip().casefold())
