"""Validation rules shared by `kiosk check`, the staff commands, the editor and the kiosk itself.

Every rule names the record and the field, and says what to fix. Field checks are small
functions returning an error message (or None) so a form can run them as the staff member types.

Most rules look at one record alone (its fields, and across its own fields); a few look across
records (a duplicate id, a meeting naming a missing program). A reader that validates the file
again and again (the kiosk, on each change) passes `RecordChecks`: what each stored dict gave on
its own last time, keyed by its exact content, is reused for a dict that has not changed, and
the rules across records run over the whole set every time, so the result is the one a full
validation gives.
"""

from __future__ import annotations

import hashlib
import marshal
import math
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any, NamedTuple, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.model import (
    ATTENDANCE_OPTIONS,
    LANGUAGE_CHOICES,
    THEMES,
    Event,
    Gathering,
    Listings,
    Meeting,
    Page,
    Problem,
    Program,
    Record,
    Settings,
    parse_hhmm,
)
from kiosk.staff import PinHash, parse_exit_keys

MAX_DURATION_MINUTES = 12 * 60
MAX_NAME_LENGTH = 200  # names and titles; a kiosk row shows far fewer characters
QUIET_FIELDS = ("quiet_hours_start", "quiet_hours_end")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
TEXT_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""`CONTROL_RE` but CR: in text, CR LF and CR are line breaks (Windows', old Macs'), shown as
such (`kiosk.visible`), not control characters."""
SPACE_RE = re.compile(r"\s")
"""Whitespace: for a str pattern, `\\s` is exactly what `str.isspace` calls whitespace."""
PLAIN_URL_RE = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]*)?(?:[/?#][!-~]*)?")
"""A web address `check_url` accepts without `urlsplit` (most of them): a lower-case http or
https scheme, an ASCII host name with an optional port, then only printable ASCII (no space,
no control character). Anything else takes the full check, which gives the same answer for
these (`check_url_by_parsing`; `tests/test_validate.py` compares the two)."""

FieldCheck = Callable[[Any], str | None]
R = TypeVar("R", bound=Record)

# -- limits: one set of bounds for every value read from outside ---------------------------
# The file, an import, a feed, the CLI and the editor all reach the kiosk through
# `validate_docs`/`check_record`, so these bounds hold for all of them; docs/data-format.md
# lists them ("Limits").

MAX_TEXT_CHARS = 10_000
"""Any text value (or object key): longer is refused (a screen must draw it at once)."""
MAX_NUMBER_DIGITS = 19
"""Any whole number: at most this many digits (a 64-bit integer's); known fields have
narrower ranges (`SETTING_RANGES`...), since time arithmetic overflows far below this."""
LARGEST_NUMBER = 10**MAX_NUMBER_DIGITS
MAX_NESTING = 8
"""Lists and objects inside a record, at most this deep (``extra``'s own values included)."""
MAX_ITEMS = 1_000
"""Entries in one list or object inside a record."""
LABEL_CHARS = 60
"""How much of a name a message quotes to name its record."""
SETTING_RANGES: dict[str, tuple[int, int]] = {
    "dwell_seconds": (1, 3_600),
    "idle_timeout_seconds": (1, 86_400),
    "starting_soon_minutes": (1, 1_440),
    "feed_interval_minutes": (1, 10_080),
    "burn_in_shift_minutes": (0, 1_440),
}
"""Each numeric setting's range, inclusive (units in its name)."""
ORDER_RANGE = (-1_000_000, 1_000_000)
"""A program's or page's ``order``."""
SURROGATE_RE = re.compile("[\ud800-\udfff]")
"""A lone surrogate: Python holds one (from JSON's "\\ud800", or undecodable bytes on the
command line), but it is not text: no terminal, file or web page can show it."""


def value_limit(value: Any, depth: int = 0) -> str | None:
    """Why `value` (any JSON value) breaks the limits above, or None."""
    kind = type(value)
    if kind is str:
        return text_limit(value)
    if kind is bool or value is None:
        return None
    if kind is int:
        if -LARGEST_NUMBER < value < LARGEST_NUMBER:
            return None
        return f"is a number too large: at most {MAX_NUMBER_DIGITS} digits"
    if kind is float:
        return None if math.isfinite(value) else "is not a number (NaN or infinite)"
    if isinstance(value, list | tuple | Mapping):
        if depth >= MAX_NESTING:
            return f"nests lists or objects more than {MAX_NESTING} deep"
        if len(value) > MAX_ITEMS:
            return f"has more than {MAX_ITEMS} entries"
        if isinstance(value, Mapping):
            for key, item in value.items():
                if (found := value_limit(key, depth + 1) or value_limit(item, depth + 1)):
                    return found
            return None
        for item in value:
            if (found := value_limit(item, depth + 1)) is not None:
                return found
    return None  # not a JSON value: the field's own check says what it needs


def within_limits(doc: Mapping[str, Any]) -> bool:
    """Whether every field of a stored dict (name and value) is within the limits: `value_limit`
    and `text_limit` in one pass, inlined for what nearly every field holds (short text, small
    numbers, a short list or object of them)."""
    for name, value in doc.items():
        if not name.isascii() and text_limit(name) is not None:
            return False
        kind = type(value)
        if kind is list or kind is dict:
            if len(value) > MAX_ITEMS:
                return False
            for item in (value.values() if kind is dict else value):
                if not _plain(item) and value_limit(item, 1) is not None:
                    return False
            if kind is dict and not all(map(_plain, value)) and value_limit(value) is not None:
                return False
        elif not _plain(value) and value_limit(value) is not None:
            return False
    return True


def _plain(value: Any) -> bool:
    """Whether `value` is short ASCII text or a small whole number (within the limits)."""
    kind = type(value)
    if kind is str:
        return len(value) <= MAX_TEXT_CHARS and value.isascii()
    return kind is int and -LARGEST_NUMBER < value < LARGEST_NUMBER


def text_limit(text: str) -> str | None:
    """Why `text` cannot be shown as it is: too long, or not valid Unicode."""
    if len(text) > MAX_TEXT_CHARS:
        return f"is too long: at most {MAX_TEXT_CHARS:,} characters"
    if not text.isascii() and SURROGATE_RE.search(text):
        return ("is not valid text (it holds a lone surrogate, such as bytes that were not "
                "UTF-8); type it again")
    return None


def check_range(low: int, high: int, unit: str = "") -> FieldCheck:
    """A check that the value is a whole number from `low` to `high` (`unit`: "minutes"...)."""
    what = f" of {unit}" if unit else ""

    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return f"must be a whole number{what} from {low:,} to {high:,}"
        return None

    return check


def setting_range(name: str) -> FieldCheck:
    """`check_range` for the numeric setting `name` (its unit is the end of its name)."""
    low, high = SETTING_RANGES[name]
    return check_range(low, high, name.rsplit("_", 1)[1])


def check_time(value: Any) -> str | None:
    if not isinstance(value, str) or not value:
        return "needs a time like 19:30"
    try:
        parse_hhmm(value)
    except ValueError as exc:
        return str(exc)
    return None


def check_optional_time(value: Any) -> str | None:
    return None if value in (None, "") else check_time(value)


def check_date(value: Any) -> str | None:
    if not isinstance(value, str):
        return "needs a date like 2026-11-24"
    try:
        date.fromisoformat(value)
    except ValueError:
        return f"{value!r} is not a date like 2026-11-24"
    return None if len(value) == 10 else f"{value!r} is not a date like 2026-11-24"


def check_optional_date(value: Any) -> str | None:
    return None if value in (None, "") else check_date(value)


def check_url(value: Any) -> str | None:
    """Only http and https links are shown or turned into QR codes."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        return "needs a web address starting with https://"
    if PLAIN_URL_RE.fullmatch(value):
        return None
    return check_url_by_parsing(value)


def check_url_by_parsing(value: str) -> str | None:
    """`check_url`'s answer for any text, through `urlsplit`."""
    try:
        parts = urlsplit(value.strip())
    except ValueError:  # a malformed host such as "http://[::1"
        return f"{value!r} is not a web address starting with https:// or http://"
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"{value!r} is not a web address starting with https:// or http://"
    if SPACE_RE.search(value.strip()) or CONTROL_RE.search(value):
        return "a web address cannot contain spaces or control characters"
    return None


def check_weekdays(value: Any) -> str | None:
    days = [value] if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(days, list | tuple) or not days:
        return "needs a weekday: 0 = Sunday, 1 = Monday ... 6 = Saturday"
    for day in days:
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
            return f"{day!r} is not a weekday: use 0 = Sunday, 1 = Monday ... 6 = Saturday"
    if len(set(days)) != len(days):
        return "lists the same weekday twice"
    return None


def check_format(value: Any) -> str | None:
    if value not in ATTENDANCE_OPTIONS:
        return f"{value!r} is not a format: use one of {', '.join(ATTENDANCE_OPTIONS)}"
    return None


def check_bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def check_choice(choices: tuple[str, ...]) -> FieldCheck:
    """A check that the value is one of `choices` (such as a theme's name)."""

    def check(value: Any) -> str | None:
        if isinstance(value, str) and value in choices:
            return None
        return f"{value!r} is not one of: {', '.join(choices)}"

    return check


def check_name(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "cannot be empty"
    if len(value) > MAX_NAME_LENGTH:
        return f"is too long: {len(value)} characters, at most {MAX_NAME_LENGTH}"
    return None


def check_text(value: Any) -> str | None:
    return None if isinstance(value, str) else "must be text"


def check_optional_text(value: Any) -> str | None:
    return None if value is None or isinstance(value, str) else "must be text"


def check_slug(value: Any) -> str | None:
    if not isinstance(value, str) or not SLUG_RE.fullmatch(value):  # "$" allows a final \n
        return f"{value!r} is not an id: use lower-case letters, digits, - and _"
    return None


def check_timezone(value: Any) -> str | None:
    if value in (None, ""):
        return None
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "America", long names
        return f"{value!r} is not an IANA time zone such as America/Chicago"
    return None


def check_duration(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        return "must be a whole number of minutes"
    if not 1 <= value <= MAX_DURATION_MINUTES:
        return f"must be between 1 and {MAX_DURATION_MINUTES} minutes"
    return None




def check_exit_keys(value: Any) -> str | None:
    """``settings.staff_exit_key``: key names separated by spaces ("f12 f12 f12")."""
    if not isinstance(value, str):
        return "needs key names separated by spaces, e.g. \"f12 f12 f12\""
    try:
        parse_exit_keys(value)
    except ValueError as exc:
        return str(exc)
    return None


def check_pin_hash(value: Any) -> str | None:
    """``settings.staff_pin_hash``: absent, or a hash `kiosk settings set-pin` wrote."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        return "must be text written by `kiosk settings set-pin`"
    try:
        PinHash.parse(value)
    except ValueError as exc:
        return str(exc)
    return None


def check_quiet_hours(settings: Mapping[str, Any]) -> Problem | None:
    """Quiet hours need a start and an end, and they must differ (else: always, or never?)."""
    start, end = settings.get("quiet_hours_start"), settings.get("quiet_hours_end")
    if start in (None, "") and end in (None, ""):
        return None
    if start in (None, "") or end in (None, ""):
        missing = "quiet_hours_start" if start in (None, "") else "quiet_hours_end"
        return Problem("settings", missing, "is missing: quiet hours need both "
                       "quiet_hours_start and quiet_hours_end (or neither, for none)")
    if check_time(start) or check_time(end):
        return None  # already reported as a field error
    if parse_hhmm(start) == parse_hhmm(end):
        return Problem("settings", "quiet_hours_end", "is the same as quiet_hours_start: "
                       "give the time the quiet hours end")
    return None



def check_text_list(value: Any) -> str | None:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        return "must be a list of text"
    return None


def check_date_list(value: Any) -> str | None:
    if not isinstance(value, list | tuple):
        return "must be a list of dates like 2026-11-24"
    return next((msg for msg in map(check_date, value) if msg), None)


GATHERING_FIELDS: dict[str, FieldCheck] = {
    "id": check_slug,
    "name": check_name,
    "program": check_text,
    "time": check_time,
    "end_time": check_optional_time,
    "duration": check_duration,
    "attendance_option": check_format,
    "location": check_text,
    "address": check_text,
    "room": check_text,
    "conference_url": check_url,
    "conference_phone": check_optional_text,
    "conference_url_notes": check_optional_text,
    "notes": check_text,
    "timezone": check_timezone,
}

FIELD_CHECKS: dict[type[Record], dict[str, FieldCheck]] = {
    Program: {
        "slug": check_slug,
        "name": check_name,
        "summary": check_text,
        "description": check_text,
        "url": check_url,
        "order": check_range(*ORDER_RANGE),
        "summary_es": check_text,
        "description_es": check_text,
    },
    Page: {"slug": check_slug, "title": check_name, "body": check_text,
           "order": check_range(*ORDER_RANGE), "title_es": check_text, "body_es": check_text},
    Meeting: {
        **GATHERING_FIELDS,
        "day": check_weekdays,
        "types": check_text_list,
        "start_date": check_optional_date,
        "end_date": check_optional_date,
        "cancelled": check_date_list,
        "updated": check_optional_text,
    },
    Event: {**GATHERING_FIELDS, "date": check_date, "cancelled": check_bool},
    Settings: {
        "org_name": check_name,
        "timezone": lambda v: check_timezone(v) or (None if v else "needs an IANA time zone"),
        "dwell_seconds": setting_range("dwell_seconds"),
        "idle_timeout_seconds": setting_range("idle_timeout_seconds"),
        "starting_soon_minutes": setting_range("starting_soon_minutes"),
        "footer_text": check_text,
        "footer_text_es": check_text,
        "feed_url": check_url,
        "feed_interval_minutes": setting_range("feed_interval_minutes"),
        "feed_allow_private": check_bool,
        "theme": check_choice(THEMES),
        "large_text": check_bool,
        "language": check_choice(LANGUAGE_CHOICES),
        "staff_exit_key": check_exit_keys,
        "staff_pin_hash": check_pin_hash,
        "burn_in_shift_minutes": setting_range("burn_in_shift_minutes"),
        "quiet_hours_start": check_optional_time,
        "quiet_hours_end": check_optional_time,
    },
}


def field_rule(kind: type[Record], name: str) -> FieldCheck:
    """A field's whole rule, as a form checks it: its own check, then the limits (`value_limit`)
    every value meets; `check_fields` applies the same two."""
    check = FIELD_CHECKS[kind][name]
    return lambda value: check(value) or value_limit(value)


REQUIRED: dict[type[Record], set[str]] = {
    Program: {"slug", "name"},
    Page: {"slug", "title"},
    Meeting: {"id", "name", "program", "time", "day"},
    Event: {"id", "name", "time", "date"},
}
BY_APPOINTMENT_FIELDS = frozenset({"day", "time"})
"""A meeting needs both or neither: with neither it is by appointment (`Meeting.by_appointment`)."""


def required_of(kind: type[Record], doc: Mapping[str, Any]) -> set[str]:
    """The fields `doc` must have: `REQUIRED`, but for a meeting by appointment's day and time."""
    required = REQUIRED.get(kind, set())
    if kind is Meeting and BY_APPOINTMENT_FIELDS.isdisjoint(doc.keys()):
        return required - BY_APPOINTMENT_FIELDS
    return required


def record_label(kind: type[Record], doc: Mapping[str, Any], position: int) -> str:
    """How a message names a record: its kind and id, else its name, else its position."""
    return _label(kind, doc, position)[0]


def _label(kind: type[Record], doc: Mapping[str, Any], position: int) -> tuple[str, bool]:
    """`record_label`, and whether it is the position that names the record."""
    if kind is Settings:
        return "settings", False
    singular = kind.TABLE.rstrip("s")
    key = doc.get(kind.KEY)
    if isinstance(key, str) and key and len(key) <= LABEL_CHARS and text_limit(key) is None:
        return f"{singular} {key}", False
    name = doc.get("name") or doc.get("title")
    if isinstance(name, str) and name.strip():
        name = name.strip()
        shown = name if len(name) <= LABEL_CHARS else name[:LABEL_CHARS] + "…"
        return f"{singular} {shown!r}", False  # repr: a surrogate or control code escaped
    return f"{singular} #{position}", True


def is_mapping(value: Any) -> bool:
    """`isinstance(value, Mapping)`, without the ABC machinery for a plain dict (nearly all)."""
    return type(value) is dict or isinstance(value, Mapping)


def check_fields(kind: type[Record], doc: Mapping[str, Any], label: str) -> list[Problem]:
    """Field-level rules for one stored dict; a missing required field is an error too.

    A record without problems (nearly all) is checked once, field by field as the dict gives
    them; only one with a problem goes through the rules again in their order, to name every
    problem in the order staff always see them.
    """
    if not is_mapping(doc):
        return [Problem(label, "", "is not a record (expected an object with fields)")]
    checks = FIELD_CHECKS[kind]
    for name, value in doc.items():
        check = checks.get(name)
        if check is not None and check(value) is not None:
            break
    else:
        if ((kind is Settings or required_of(kind, doc) <= doc.keys())
                and is_mapping(doc.get("extra", {})) and within_limits(doc)):
            return []
    return field_problems(kind, doc, label)


def field_problems(kind: type[Record], doc: Mapping[str, Any], label: str) -> list[Problem]:
    """`check_fields`' problems of a dict, every rule in order."""
    problems: list[Problem] = []
    required = required_of(kind, doc)
    checks = FIELD_CHECKS[kind]
    beyond = {name: message for name, value in doc.items()
              if (message := text_limit(name) or value_limit(value)) is not None}
    for name, check in checks.items():
        if name not in doc:
            if name in required and kind is not Settings:
                problems.append(Problem(label, name, _missing(kind, name)))
            continue
        message = check(doc[name]) or beyond.get(name)
        if message:
            problems.append(Problem(label, name, message))
    problems += [Problem(label, name if text_limit(name) is None else repr(name[:LABEL_CHARS]),
                         message) for name, message in beyond.items() if name not in checks]
    if not is_mapping(doc.get("extra", {})):
        problems.append(Problem(label, "extra", "must be an object of extra fields"))
    return problems


def _missing(kind: type[Record], name: str) -> str:
    if kind is Meeting and name in BY_APPOINTMENT_FIELDS:
        return "is missing: a meeting has both a day and a time, or neither (by appointment)"
    return "is missing"


def check_gathering(g: Meeting | Event, label: str, programs: set[str]) -> list[Problem]:
    """Rules across fields of a meeting or event, run once its fields are each valid."""
    return check_program(g, label, programs) + check_gathering_alone(g, label)


def check_program(g: Meeting | Event, label: str, programs: set[str]) -> list[Problem]:
    """The program a meeting or event names is one of `programs` (the rule across records)."""
    if isinstance(g, Meeting) and not g.program:
        return [Problem(label, "program", "is missing: name the program's slug")]
    if g.program and g.program not in programs:
        return [Problem(label, "program", f"no program has the slug {g.program!r}")]
    return []


def check_gathering_alone(g: Meeting | Event, label: str) -> list[Problem]:
    """The rules across a meeting's or event's own fields: they look at no other record."""
    problems: list[Problem] = []
    if isinstance(g, Meeting) and g.by_appointment:
        for name in ("end_time", "duration"):
            if getattr(g, name) is not None:
                problems.append(Problem(label, name, "a meeting by appointment (no day and "
                                        f"time) has no {name}: leave it out"))
    elif g.end_time is not None and g.duration is not None:
        problems.append(Problem(label, "duration", "give end_time or duration, not both"))
    elif g.end_time:
        start, end = parse_hhmm(g.time), parse_hhmm(g.end_time)
        if start == end:
            problems.append(Problem(label, "end_time", "ends at the time it starts"))
        elif end < start and g.duration_minutes > MAX_DURATION_MINUTES:
            problems.append(Problem(
                label, "end_time",
                f"{g.end_time} is before the start {g.time}: a meeting that runs past midnight "
                f"may last at most {MAX_DURATION_MINUTES // 60} hours",
            ))
    online = g.is_online
    if online and not g.conference_url and not g.conference_phone:
        problems.append(Problem(
            label, "conference_url",
            f"this {g.attendance_option} meeting has no conference_url or conference_phone",
            "warning",
        ))
    if not online and g.conference_url:
        problems.append(Problem(
            label, "attendance_option", "has a conference_url but is marked in person", "warning",
        ))
    if TEXT_CONTROL_RE.search(g.name + g.notes + g.location):  # one scan; nearly always clean
        for name, value in (("name", g.name), ("notes", g.notes), ("location", g.location)):
            if TEXT_CONTROL_RE.search(value):
                problems.append(Problem(
                    label, name, "contains control characters; they are shown as symbols",
                    "warning",
                ))
    if isinstance(g, Meeting) and g.start_date and g.end_date and g.end_date < g.start_date:
        problems.append(Problem(label, "end_date", f"{g.end_date} is before start_date"))
    return problems


class Checked(NamedTuple):
    """What one stored dict is on its own, by the rules that look at no other record (a
    named tuple: one is made for every record of every load)."""

    label: str
    record: Record | None
    """The record, or None if a field has an error (it is skipped)."""
    problems: tuple[Problem, ...]
    """Its field errors; or, for a meeting or event with none, `check_gathering_alone`'s."""
    position: int | None = None
    """Its position in the table if the label names it by that ("meeting #4")."""


def check_doc(kind: type[Record], doc: Any, position: int) -> Checked:
    """One stored dict (at `position` in its table, from 1) by the rules for it alone."""
    label, by_position = _label(kind, doc if is_mapping(doc) else {}, position)
    found = check_fields(kind, doc, label)
    if found:
        return Checked(label, None, tuple(found), position if by_position else None)
    record = kind.from_doc(doc)
    if isinstance(record, Gathering):
        return Checked(label, record, tuple(check_gathering_alone(record, label)))  # type: ignore[arg-type]
    return Checked(label, record, ())


def doc_digest(doc: Any) -> bytes | None:
    """A digest of a stored dict's exact content, or None for what is not a dict of JSON values.

    `marshal` (format 2: no references between objects, so the bytes depend on the values
    alone) tells apart what `==` would not: true, 1 and 1.0, -0.0 and 0.0, and the fields'
    order. Equal digests mean the same dict, so its `Checked` can be reused as it is.
    """
    if not is_mapping(doc):
        return None
    try:
        content = marshal.dumps(doc if type(doc) is dict else dict(doc), 2)
    except (ValueError, TypeError):  # a value JSON does not make (a Python object, a subclass)
        return None
    return hashlib.blake2b(content, digest_size=16).digest()


class RecordChecks:
    """What each stored dict of one validation was on its own, for the next one to reuse.

    Pass a new one to each `validate_docs`, made from the last: ``RecordChecks(last)``. The
    validation reuses a dict's `Checked` if a dict of the same table had the same content
    (`doc_digest`) last time, checks the others, and keeps only what this load held (a removed
    record is dropped); then it lets go of the last one's. Reading the last one only, it is
    safe to validate in a worker thread while the last one stays in use.
    """

    def __init__(self, last: RecordChecks | None = None) -> None:
        self._last: dict[str, dict[bytes, Checked]] = last._by_table if last is not None else {}
        self._by_table: dict[str, dict[bytes, Checked]] = {}
        self.reused = 0
        """How many records the validation took from the last one (the others were checked)."""
        self.checked = 0
        """How many records it checked."""

    def __len__(self) -> int:
        return sum(map(len, self._by_table.values()))

    def _table(self, kind: type[Record], docs: Iterable[Any]) -> Iterable[Checked]:
        """Each dict's `Checked`, reused or found; remembers this load's for the next."""
        last = self._last.get(kind.TABLE, {})
        kept = self._by_table[kind.TABLE] = {}
        for position, doc in enumerate(docs, start=1):
            digest = doc_digest(doc)
            checked = last.get(digest) if digest is not None else None
            if checked is None or checked.position not in (None, position):
                checked = check_doc(kind, doc, position)
                self.checked += 1
            else:
                self.reused += 1
            if digest is not None:
                kept[digest] = checked
            yield checked

    def _done(self) -> None:
        self._last = {}  # so each keeps only its own load, not a chain of every earlier one


def validate_docs(
    tables: Mapping[str, Iterable[Mapping[str, Any]]], checks: RecordChecks | None = None
) -> Listings:
    """Turn raw stored tables into `Listings`, skipping each record that has an error.

    With `checks` (``RecordChecks(last)``), a record whose stored dict is unchanged since the
    last validation is not checked again on its own; the rules across records (duplicate ids,
    a meeting's program) run over every record each time, so the result is the same.
    """
    problems: list[Problem] = []
    settings_docs = list(tables.get("settings", ()))
    settings = Settings()
    if settings_docs and not is_mapping(settings_docs[0]):
        problems += check_fields(Settings, settings_docs[0], "settings")
    elif settings_docs:
        doc = {**Settings().to_doc(), **settings_docs[0]}
        found = check_fields(Settings, doc, "settings")
        if (quiet := check_quiet_hours(doc)) is not None:
            found.append(quiet)  # and quiet hours are off: both fields fall back
        problems += found
        if not found:
            settings = Settings.from_doc(doc)
        else:  # keep the good settings, fall back field by field
            bad = {p.field for p in found}
            if bad & set(QUIET_FIELDS):
                bad |= set(QUIET_FIELDS)
            settings = Settings.from_doc({k: v for k, v in doc.items()
                                          if k not in bad and text_limit(k) is None})
    if len(settings_docs) > 1:
        problems.append(Problem("settings", "", "more than one settings record; the first is used",
                                "warning"))

    def load(kind: type[Record]) -> list[Checked]:
        """The valid records of a table (no field error, not a duplicate), as checked."""
        docs = tables.get(kind.TABLE, ())
        if checks is not None:
            each = checks._table(kind, docs)
        else:
            each = (check_doc(kind, doc, position) for position, doc in enumerate(docs, start=1))
        good: list[Checked] = []
        seen: set[str] = set()
        for checked in each:
            if checked.record is None:
                problems.extend(checked.problems)
                continue
            key = getattr(checked.record, kind.KEY)
            if key in seen:
                problems.append(Problem(checked.label, kind.KEY, f"duplicate {kind.KEY} {key!r}"))
                continue
            seen.add(key)
            good.append(checked)
        return good

    programs = sorted((c.record for c in load(Program)),  # type: ignore[misc]
                      key=lambda p: (p.order, p.name.casefold()))
    pages = sorted((c.record for c in load(Page)),  # type: ignore[misc]
                   key=lambda p: (p.order, p.title.casefold()))
    slugs = {p.slug for p in programs}
    meetings: list[Meeting] = []
    events: list[Event] = []
    for kind, bucket in ((Meeting, meetings), (Event, events)):
        for checked in load(kind):
            record: Meeting | Event = checked.record  # type: ignore[assignment]
            found = check_program(record, checked.label, slugs)
            found += checked.problems
            problems.extend(found)
            if not any(p.severity == "error" for p in found):
                bucket.append(record)  # type: ignore[arg-type]
    if checks is not None:
        checks._done()
    return Listings(
        settings=settings,
        programs=tuple(programs),
        pages=tuple(pages),
        meetings=tuple(meetings),
        events=tuple(events),
        problems=tuple(problems),
    )


def check_record(record: Record, listings: Listings) -> list[Problem]:
    """Every problem one record would have if saved into these listings (for staff commands)."""
    kind = type(record)
    doc = record.to_doc()
    label = record_label(kind, doc, 0)
    found = check_fields(kind, doc, label)
    if isinstance(record, Settings) and not found:
        return [quiet] if (quiet := check_quiet_hours(doc)) is not None else []
    if found or not isinstance(record, Meeting | Event):
        return found
    return check_gathering(record, label, {p.slug for p in listings.programs})
