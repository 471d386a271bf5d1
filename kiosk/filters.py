"""Browse mode's filters over the week's meetings: day, program, format and free-text search.

Plain Python, so it is fast to test and cheap to run: `index_week` prepares each occurrence once
per data change (search text folded once), and `apply` is one pass per choice over that index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from kiosk.model import Listings
from kiosk.schedule import Occurrence


@dataclass(frozen=True)
class WeekEntry:
    """One occurrence in the week, with what filtering needs precomputed."""

    occurrence: Occurrence
    day: date
    haystack: str  # casefolded name, program, place and notes
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
        return self.text.casefold().split()

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


FORMAT_CHECKS: dict[str, Callable[[WeekEntry], bool]] = {
    "in_person": lambda entry: entry.attendance_option in ("in_person", "hybrid"),
    "online": lambda entry: entry.attendance_option in ("online", "hybrid"),
    "hybrid": lambda entry: entry.attendance_option == "hybrid",
}
"""As `Meeting.is_in_person` / `is_online` say, on the entry's copy of the option."""


def index_week(
    week: Iterable[tuple[date, Sequence[Occurrence]]], listings: Listings
) -> list[WeekEntry]:
    """Flatten `Schedule.week()` into entries, folding each one's searchable text once."""
    program_names = {p.slug: p.name for p in listings.programs}
    entries: list[WeekEntry] = []
    for day, occurrences in week:
        for occ in occurrences:
            record = occ.record
            fields = (
                record.name, program_names.get(record.program, record.program),
                record.location, record.address, record.room, record.notes,
            )
            entries.append(WeekEntry(occ, day, "\n".join(fields).casefold(),
                                     record.program, record.attendance_option))
    return entries


def apply(entries: Sequence[WeekEntry], chosen: MeetingFilter) -> list[WeekEntry]:
    """The entries the visitor's choice keeps, in their original (chronological) order.

    One pass per choice, each over what the previous ones kept: the search terms are folded
    once (not once per entry), and a narrow first choice makes the next passes short.
    """
    kept = list(entries)
    for check in chosen.checks():
        kept = [entry for entry in kept if check(entry)]
    return kept
