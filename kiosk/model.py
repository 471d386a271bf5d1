"""The kiosk's records: plain, immutable, and shaped after the Meeting Guide format.

Field names and weekday numbering follow code4recovery's Meeting Guide spec (``day`` 0 = Sunday,
``time``/``end_time`` as "HH:MM", ``conference_url``...), so import and export are near one-to-one.
Records are built from the dicts TinyDB stores (`from_doc`) and turned back (`to_doc`) without
losing anything: fields the kiosk does not know are kept in ``extra``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields
from datetime import date, time
from functools import cache, cached_property, lru_cache
from typing import Any, ClassVar, Literal, Self

from kiosk.i18n import N_
from kiosk.staff import DEFAULT_EXIT_KEYS

Format = Literal["in_person", "online", "hybrid"]
FORMATS: tuple[Format, ...] = ("in_person", "online", "hybrid")
ATTENDANCE_OPTIONS = (*FORMATS, "inactive")
"""What ``attendance_option`` may say: a format, or ``inactive`` (the 12 Step Meeting List
plugin's word): not meeting for now, such as a meeting whose location is temporarily closed and
that has no way in online. It is listed, marked "Temporarily closed", never as on."""
BY_APPOINTMENT = N_("By appointment")
"""What a meeting without a day and time (`Meeting.by_appointment`) shows for when it meets."""
FORMAT_LABELS: dict[str, str] = {
    "in_person": N_("In person"), "online": N_("Online"), "hybrid": N_("Hybrid"),
    "inactive": N_("Temporarily closed"),
}
"""English labels, marked for the catalogue: screens show them through `_()`."""

DAY_NAMES = (
    N_("Sunday"), N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
    N_("Saturday"),
)
"""English weekday names (0 = Sunday), as the CLI and CSV read and write them; screens show
them through `_()`."""
THEMES = ("kiosk", "high-contrast")
"""The kiosk's colour themes (`kiosk.display`), for ``settings.theme``."""
LANGUAGE_CHOICES = ("en", "es", "alternate")
"""``settings.language``: English, Spanish, or the loop alternating them each cycle."""
TEMPORARILY_CLOSED = "TC"  # Meeting Guide's type code: location temporarily closed
DEFAULT_DURATION_MINUTES = 60  # Meeting Guide: a missing end_time means one hour


def weekday_of(day: date) -> int:
    """Meeting Guide weekday number of a date: 0 = Sunday ... 6 = Saturday."""
    return (day.weekday() + 1) % 7


@lru_cache(maxsize=4096)
def parse_hhmm(text: str) -> time:
    """Parse "HH:MM" (or "HH:MM:SS", as some feeds send) strictly; raises ValueError.

    Cached: validation and every occurrence parse the same few hundred times again and again.
    """
    parts = text.split(":")
    if len(parts) not in (2, 3) or not all(p.isdigit() and len(p) == 2 for p in parts):
        raise ValueError(f"{text!r} is not a time like 19:30")
    hour, minute = int(parts[0]), int(parts[1])
    if hour > 23 or minute > 59 or (len(parts) == 3 and int(parts[2]) > 59):
        raise ValueError(f"{text!r} is not a time of day (00:00 to 23:59)")
    return time(hour, minute)


class Record:
    """Shared dict conversion: known fields by name, everything else kept in ``extra``."""

    TABLE: ClassVar[str]
    KEY: ClassVar[str] = "id"
    extra: dict[str, Any]

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Self:
        """Build a record from a stored dict without validating it (see `kiosk.validate`).

        Lists become tuples. Fields the dict does not give take their defaults, as
        ``cls(**values)`` would give them, but set one by one in the fields' order rather than
        through the frozen dataclass's ``__init__`` and its keyword arguments (a quarter less
        time; set this way, the values stay in the instance's compact inline storage, which
        filling ``__dict__`` directly would not do: 64 bytes more a record). A dict without a
        required field (``id``...) still raises ``TypeError``, through ``__init__``.
        """
        known, defaults, required = _layout(cls)
        extra: dict[str, Any] = dict(doc.get("extra") or {})
        for name, value in doc.items():
            if name not in known and name != "extra":
                extra[name] = value
        if not required <= doc.keys():
            return cls(**{n: _freeze(v) for n, v in doc.items() if n in known}, extra=extra)
        record = object.__new__(cls)
        get = doc.get
        for name, default in defaults:
            value = get(name, default)
            _set(record, name, tuple(value) if isinstance(value, list) else value)
        _set(record, "extra", extra)
        return record

    def to_doc(self) -> dict[str, Any]:
        """The dict stored in TinyDB: empty optional fields are left out."""
        doc: dict[str, Any] = {}
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if f.name == "extra" or (value in (None, "", ()) and f.name != self.KEY):
                continue
            doc[f.name] = list(value) if isinstance(value, tuple) else value
        if self.extra:
            doc["extra"] = dict(self.extra)
        return doc

    @property
    def key(self) -> str:
        return str(getattr(self, self.KEY))


_set = object.__setattr__  # what a frozen dataclass's __init__ sets its fields with


Layout = tuple[frozenset[str], tuple[tuple[str, Any], ...], frozenset[str]]


@cache
def _layout(kind: type[Record]) -> Layout:
    """A record kind's field names but ``extra``; each of them in order with its default
    (`MISSING` if it has none); and the names of those without (required by ``__init__``).
    Found once per kind.

    `Record.from_doc` sets a record's fields from these instead of calling ``__init__``,
    which is only right while ``extra`` is the last field and no kind has a ``__post_init__``
    or another ``default_factory``: checked here, so a new one fails loudly.
    """
    if hasattr(kind, "__post_init__"):
        raise TypeError(f"{kind.__name__}.from_doc would skip its __post_init__")
    every = fields(kind)  # type: ignore[arg-type]
    if every[-1].name != "extra":
        raise TypeError(f"{kind.__name__}.from_doc sets extra last: it must be the last field")
    defaults: list[tuple[str, Any]] = []
    for f in every[:-1]:
        if f.default_factory is not MISSING:
            raise TypeError(f"{kind.__name__}.from_doc would share {f.name}'s default_factory")
        defaults.append((f.name, f.default))
    names = frozenset(name for name, _ in defaults)
    return names, tuple(defaults), frozenset(n for n, d in defaults if d is MISSING)


def _freeze(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


@dataclass(frozen=True)
class Program(Record):
    """A support program (SMART Recovery, a grief group...) with its text for the loop."""

    TABLE: ClassVar[str] = "programs"
    KEY: ClassVar[str] = "slug"
    slug: str
    name: str
    summary: str = ""
    description: str = ""
    url: str | None = None
    order: int = 0
    summary_es: str = ""  # Spanish versions, shown in Spanish when given (`kiosk.i18n`)
    description_es: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=True, hash=False)


@dataclass(frozen=True)
class Page(Record):
    """An information slide that is not a program, such as "What is peer support?"."""

    TABLE: ClassVar[str] = "pages"
    KEY: ClassVar[str] = "slug"
    slug: str
    title: str
    body: str = ""
    order: int = 0
    title_es: str = ""  # Spanish versions, shown in Spanish when given (`kiosk.i18n`)
    body_es: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=True, hash=False)


@dataclass(frozen=True)
class Gathering(Record):
    """What meetings and one-off events share: when, how long, where, and how to join."""

    id: str
    name: str
    program: str = ""
    time: str = ""
    end_time: str | None = None
    duration: int | None = None
    attendance_option: str = "in_person"
    location: str = ""
    address: str = ""
    room: str = ""
    conference_url: str | None = None
    conference_phone: str | None = None
    conference_url_notes: str | None = None
    notes: str = ""
    timezone: str | None = None

    @property
    def format(self) -> str:
        return self.attendance_option

    @property
    def start_time(self) -> time:
        return parse_hhmm(self.time)

    @property
    def duration_minutes(self) -> int:
        """Elapsed minutes: from ``duration``, else ``end_time`` (past midnight if earlier)."""
        if self.duration is not None:
            return self.duration
        if self.end_time:
            start, end = self.start_time, parse_hhmm(self.end_time)
            minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
            return minutes if minutes > 0 else minutes + 24 * 60
        return DEFAULT_DURATION_MINUTES

    @property
    def is_online(self) -> bool:
        return self.attendance_option in ("online", "hybrid")

    @property
    def is_in_person(self) -> bool:
        return self.attendance_option in ("in_person", "hybrid")

    @property
    def is_closed(self) -> bool:
        """Not meeting for now (``inactive``): listed, never shown as on."""
        return self.attendance_option == "inactive"


@dataclass(frozen=True)
class Meeting(Gathering):
    """A weekly meeting on one or more weekdays, between optional start and end dates."""

    TABLE: ClassVar[str] = "meetings"
    day: tuple[int, ...] | int = ()
    types: tuple[str, ...] = ()
    start_date: str | None = None
    end_date: str | None = None
    cancelled: tuple[str, ...] = ()
    updated: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=True, hash=False)

    @property
    def location_closed(self) -> bool:
        """Its location is temporarily closed (type ``TC``): online only, or not meeting."""
        return TEMPORARILY_CLOSED in self.types

    @property
    def days(self) -> tuple[int, ...]:
        """Weekdays as a tuple, whether the file holds one number or a list."""
        return (self.day,) if isinstance(self.day, int) else tuple(self.day)

    @property
    def by_appointment(self) -> bool:
        """No day and no time (as feeds and tsml-ui have it): listed "By appointment", with no
        occurrences, so never on a day's list, never on now or next."""
        return not self.time and self.day in ((), [])


@dataclass(frozen=True)
class Event(Gathering):
    """A one-off gathering on a date, such as the grief group's pot luck."""

    TABLE: ClassVar[str] = "events"
    date: str = ""
    cancelled: bool = False
    extra: dict[str, Any] = field(default_factory=dict, compare=True, hash=False)


@dataclass(frozen=True)
class Settings(Record):
    """Everything staff configure without code. One record in the ``settings`` table."""

    TABLE: ClassVar[str] = "settings"
    KEY: ClassVar[str] = "org_name"
    org_name: str = "Peer Support Center"
    timezone: str = "America/Chicago"
    dwell_seconds: int = 12
    idle_timeout_seconds: int = 60
    starting_soon_minutes: int = 30
    footer_text: str = ""
    footer_text_es: str = ""  # shown instead when the screen is in Spanish
    feed_url: str | None = None  # a Meeting Guide feed to follow (kiosk.interop.follow)
    feed_interval_minutes: int = 15
    feed_allow_private: bool = False  # fetch from a local network's address (`interop.fetch`)
    theme: str = "kiosk"  # one of THEMES
    large_text: bool = False  # the large-text layout (`kiosk.display`)
    language: str = "en"  # one of LANGUAGE_CHOICES
    staff_exit_key: str = DEFAULT_EXIT_KEYS  # key names typed in a row (`kiosk.staff`)
    staff_pin_hash: str | None = None  # "scrypt$...", written by `kiosk settings set-pin`
    burn_in_shift_minutes: int = 0  # move the picture a cell this often; 0 = never
    quiet_hours_start: str | None = None  # "HH:MM": the calm slide from then...
    quiet_hours_end: str | None = None  # ...until then (both or neither; may span midnight)
    extra: dict[str, Any] = field(default_factory=dict, compare=True, hash=False)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, naming the record and the field."""

    record: str
    field: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = f"{self.record}: {self.field}" if self.field else self.record
        return f"{self.severity}: {where}: {self.message}"

    def to_json(self) -> dict[str, str]:
        return {
            "record": self.record,
            "field": self.field,
            "message": self.message,
            "severity": self.severity,
        }


@dataclass(frozen=True)
class Listings:
    """Everything the kiosk shows, after validation: invalid records are already left out."""

    settings: Settings = field(default_factory=Settings)
    programs: tuple[Program, ...] = ()
    pages: tuple[Page, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    events: tuple[Event, ...] = ()
    problems: tuple[Problem, ...] = ()
    last_good: tuple[str, ...] = ()
    """Records (as problems name them: "meeting x") shown from their last good version: the
    file's version has an error (in `problems`), an earlier one had none (`kiosk.watch`)."""

    def program(self, slug: str) -> Program | None:
        return next((p for p in self.programs if p.slug == slug), None)

    def meeting(self, meeting_id: str) -> Meeting | None:
        return self._meetings_by_id.get(meeting_id)

    @cached_property
    def _meetings_by_id(self) -> dict[str, Meeting]:
        """Built on the first look-up: a meeting's detail asks several times per frame, and a
        scan of 20,000 meetings took 1.7 ms each time. The first of a repeated id wins."""
        return {m.id: m for m in reversed(self.meetings)}

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")
