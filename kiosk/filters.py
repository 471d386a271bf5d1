"""Browse mode's filters over the week's meetings: day, program, format and free-text search.

Meetings by appointment (no day or time) are indexed after the week, with no day: any choice
of a day leaves them out, and program, format and search filter them like the rest.

Plain Python, so it is fast to test and cheap to run: `index_week` prepares each occurrence once
per data change (search text folded once, and each meeting's weekdays noted), and `apply` is one
pass per choice over that index. Typing a search narrows the last answers instead of starting
over from the whole week, and erasing goes back to answers still remembered.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from unicodedata import combining, normalize
from urllib.parse import urlsplit

from kiosk.i18n import LANGUAGES, translations
from kiosk.model import FORMAT_LABELS, Listings, weekday_of
from kiosk.schedule import Appointment, Listed


@dataclass(frozen=True)
class WeekEntry:
    """One occurrence in the week, with what filtering needs precomputed."""

    occurrence: Listed
    day: date | None
    """None for a meeting by appointment."""
    haystack: str  # folded name, program, place, notes, formats and join link's host
    program: str = ""
    attendance_option: str = ""
    """Copied from the record: read here, 30,000 entries filter several times faster than
    through `occurrence.record` (two objects fewer to reach, scattered in memory)."""


@dataclass(frozen=True)
class MeetingFilter:
    """What the visitor chose. Empty values mean "any".

    Format follows how a visitor can attend: "in_person" also lists hybrid meetings (you can
    walk in) and "online" also lists hybrid ones (you can join online); "hybrid" is hybrid only.
    """

    day: date | None = None
    program: str = ""
    format: str = ""
    text: str = ""

    @property
    def terms(self) -> list[str]:
        return fold(self.text).split()

    def checks(self) -> list[Callable[[WeekEntry], bool]]:
        """One test per choice made, each cheap; with nothing chosen, none."""
        checks: list[Callable[[WeekEntry], bool]] = []
        if self.day is not None:
            checks.append(lambda entry, day=self.day: entry.day == day)
        if self.program:
            checks.append(lambda entry, slug=self.program: entry.program == slug)
        if self.format:
            checks.append(FORMAT_CHECKS[self.format])
        checks += [lambda entry, term=term: term in entry.haystack for term in self.terms]
        return checks

    def matches(self, entry: WeekEntry) -> bool:
        return all(check(entry) for check in self.checks())

    def narrows(self, wider: MeetingFilter) -> bool:
        """Whether everything this choice keeps, `wider` keeps too: the same day, program and
        format, and each of `wider`'s search terms inside one of ours ("pal" in "palatine")."""
        return (replace(self, text="") == replace(wider, text="")
                and all(any(old in new for new in self.terms) for old in wider.terms))


FORMAT_CHECKS: dict[str, Callable[[WeekEntry], bool]] = {
    "in_person": lambda entry: entry.attendance_option in ("in_person", "hybrid"),
    "online": lambda entry: entry.attendance_option in ("online", "hybrid"),
    "hybrid": lambda entry: entry.attendance_option == "hybrid",
}
"""As `Meeting.is_in_person` / `is_online` say, on the entry's copy of the option."""


REMEMBERED_ANSWERS = 12
"""Answers `apply` keeps per week: a typed word and its prefixes, for erasing it again."""


class WeekEntries(list[WeekEntry]):
    """`index_week`'s entries, the weekdays each id meets on in the week, and recent answers.

    A meeting's detail says which days it meets: scanning 27,000 entries for them took about
    30 ms on every open, so they are noted once per load, in the pass that builds the entries.
    Each search key filtered all 27,000 entries again (about 10 ms); `apply` now narrows the
    smallest remembered answer that still holds every match.
    """

    def __init__(self, entries: Iterable[WeekEntry] = (),
                 weekdays: dict[str, set[int]] | None = None) -> None:
        super().__init__(entries)
        self.weekdays: dict[str, set[int]] = weekdays if weekdays is not None else {}
        """Record id → Meeting Guide weekdays (0 = Sunday) of its occurrences in the week."""
        self.answers: OrderedDict[MeetingFilter, list[WeekEntry]] = OrderedDict()
        """The last `REMEMBERED_ANSWERS` choices and what they kept, the latest last."""

    def start_for(self, chosen: MeetingFilter) -> Sequence[WeekEntry]:
        """The fewest entries known to hold everything `chosen` keeps."""
        wider = [kept for choice, kept in self.answers.items() if chosen.narrows(choice)]
        return min(wider, key=len, default=self)

    def remember(self, chosen: MeetingFilter, kept: list[WeekEntry]) -> None:
        self.answers[chosen] = kept
        self.answers.move_to_end(chosen)
        while len(self.answers) > REMEMBERED_ANSWERS:
            self.answers.popitem(last=False)


def fold(text: str) -> str:
    """Casefolded and without accents, so "linea" finds "línea" and "LÍNEA" alike."""
    folded = text.casefold()
    if folded.isascii():  # most listings: nothing to take off, and 27,000 entries to fold
        return folded
    return "".join(c for c in normalize("NFKD", folded) if not combining(c))


FORMAT_WORDS: dict[str, tuple[str, ...]] = {
    "in_person": ("in_person",),
    "online": ("online",),
    "hybrid": ("hybrid", "in_person", "online"),
}
"""The formats a meeting can be found by: a hybrid one by "hybrid", "in person" and "online"."""


@cache
def format_words() -> dict[str, str]:
    """Each attendance option's words for its formats in every language ("online en línea"
    for "online"); the catalogues are read once, at the first index."""
    catalogues = [translations(language) for language in LANGUAGES]
    return {
        option: fold(" ".join(catalogue.gettext(FORMAT_LABELS[format_])
                              for format_ in formats for catalogue in catalogues))
        for option, formats in FORMAT_WORDS.items()
    }


def weekdays_of(entries: Sequence[WeekEntry], gathering_id: str) -> list[int]:
    """The weekdays (0 = Sunday), sorted, on which `gathering_id` occurs in `entries`: from
    the index of `WeekEntries`, else by a scan."""
    if isinstance(entries, WeekEntries):
        return sorted(entries.weekdays.get(gathering_id, ()))
    return sorted({weekday_of(e.day) for e in entries
                   if e.occurrence.id == gathering_id and e.day is not None})


def index_week(
    week: Iterable[tuple[date, Sequence[Listed]]], listings: Listings,
    by_appointment: Iterable[Appointment] = (),
) -> WeekEntries:
    """Flatten `Schedule.week()` into entries, then the meetings `by_appointment` (with no
    day), folding each one's searchable text once and noting each id's weekdays."""
    program_names = {p.slug: p.name for p in listings.programs}
    formats = format_words()
    entries = WeekEntries()

    def add(listed: Listed, day: date | None) -> None:
        record = listed.record
        link = record.conference_url or ""
        fields = (
            record.name, program_names.get(record.program, record.program),
            record.location, record.address, record.room, record.notes,
            formats.get(record.attendance_option, ""), urlsplit(link).hostname or "",
        )
        entries.append(WeekEntry(listed, day, fold("\n".join(fields)),
                                 record.program, record.attendance_option))

    for day, occurrences in week:
        weekday = weekday_of(day)
        for occ in occurrences:
            entries.weekdays.setdefault(occ.id, set()).add(weekday)
            add(occ, day)
    for appointment in by_appointment:
        add(appointment, None)
    return entries


def apply(entries: Sequence[WeekEntry], chosen: MeetingFilter) -> list[WeekEntry]:
    """The entries the visitor's choice keeps, in their original (chronological) order.

    One pass per choice, each over what the previous ones kept: the search terms are folded
    once (not once per entry), and a narrow first choice makes the next passes short. On
    `WeekEntries` the passes start from a remembered wider answer, and the answer is remembered.
    The list returned is the caller's to keep, never to change.
    """
    week = entries if isinstance(entries, WeekEntries) else None
    if week is not None and (known := week.answers.get(chosen)) is not None:
        week.answers.move_to_end(chosen)
        return known
    kept = list(week.start_for(chosen) if week is not None else entries)
    for check in chosen.checks():
        kept = [entry for entry in kept if check(entry)]
    if week is not None:
        week.remember(chosen, kept)
    return kept
