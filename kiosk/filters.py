"""Browse mode's filters over the week's meetings: day, program, format and free-text search.

Plain Python, so it is fast to test and cheap to run: `index_week` prepares each occurrence once
per data change (search text folded once), and `apply` is a single pass over that index.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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

    def matches(self, entry: WeekEntry) -> bool:
        record = entry.occurrence.record
        if self.day is not None and entry.day != self.day:
            return False
        if self.program and record.program != self.program:
            return False
        if self.format == "in_person" and not record.is_in_person:
            return False
        if self.format == "online" and not record.is_online:
            return False
        if self.format == "hybrid" and record.attendance_option != "hybrid":
            return False
        return all(term in entry.haystack for term in self.terms)


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
            entries.append(WeekEntry(occ, day, "\n".join(fields).casefold()))
    return entries


def apply(entries: Sequence[WeekEntry], chosen: MeetingFilter) -> list[WeekEntry]:
    """The entries the visitor's choice keeps, in their original (chronological) order."""
    if chosen == MeetingFilter():
        return list(entries)
    return [entry for entry in entries if chosen.matches(entry)]
