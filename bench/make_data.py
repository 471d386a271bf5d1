"""Generate large, realistic listings files for benchmarks and scale tests.

A busy regional directory rather than one centre: the sample's four programs plus a few regional
partners, meetings spread over days, times and formats, shared venues, online meetings (some
hosted in other time zones), cancelled dates, seasonal start/end dates, weekday lists, late
meetings that run past midnight and a few in the small hours that the DST switches touch.
The same seed always gives the same listings. Files are written by `Store.write_listings`, so
they are exactly what the kiosk reads. Everything is invented (555-01xx phone numbers included).

    .venv/bin/python bench/make_data.py --meetings 20000 --seed 1 -o /tmp/big.json

Tests and benchmarks import `make_listings(n, seed)` instead of going through a file.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import re
import string
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from kiosk.model import DAY_NAMES, Event, Listings, Meeting, Program, weekday_of
from kiosk.store import Store

SAMPLE_SCRIPT = Path(__file__).resolve().parents[1] / "data" / "make_sample.py"
FIRST_DAY = date(2026, 1, 1)  # cancelled, start and end dates fall in these two years
LAST_DAY = date(2027, 12, 31)
HOLIDAYS = tuple(date.fromisoformat(d) for d in (
    "2026-01-01", "2026-05-25", "2026-07-03", "2026-09-07", "2026-11-26", "2026-12-24",
    "2026-12-25", "2026-12-31", "2027-01-01", "2027-05-31", "2027-07-05", "2027-11-25",
    "2027-12-24",
))

T = TypeVar("T")


@dataclass(frozen=True)
class ProgramStyle:
    """How a program's meetings are named, and how common they are."""

    weight: float
    label: str
    themes: tuple[str, ...]


REGIONAL_PROGRAMS = (
    Program(slug="smart-recovery-espanol", name="SMART Recovery en Español",
            summary="Reuniones de SMART Recovery en español, en persona y en línea.",
            url="https://smartrecovery.org", order=5),
    Program(slug="fox-valley-family-support", name="Fox Valley Family Support",
            summary="Parents and partners supporting each other through a loved one's "
                    "addiction.", order=6),
    Program(slug="north-shore-bereaved-parents", name="North Shore Bereaved Parents",
            summary="For parents who lost a child to an overdose.", order=7),
    Program(slug="veterans-peer-circle", name="Veterans Peer Circle",
            summary="Peer-led recovery support for veterans and their families.", order=8),
)

STYLES: dict[str, ProgramStyle] = {
    "smart-recovery": ProgramStyle(34, "SMART Recovery", (
        "Young Adults", "Women's Meeting", "Men's Meeting", "Newcomers", "Tools Workshop",
        "LGBTQ+")),
    "smart-family-friends": ProgramStyle(17, "SMART Family & Friends", (
        "Coffee & CRAFT", "Parents", "Partners", "Newcomers", "Skills Night")),
    "refuge-recovery": ProgramStyle(19, "Refuge Recovery", (
        "Sit", "Meditation & Inquiry", "Dharma Study", "Women's Sangha", "Step by Step")),
    "grief-group": ProgramStyle(12, "Grief Group", (
        "Remembrance Circle", "Parents", "Siblings", "Evening Circle")),
    "smart-recovery-espanol": ProgramStyle(6, "SMART Recovery en Español", (
        "Grupo de la Tarde", "Mujeres", "Principiantes")),
    "fox-valley-family-support": ProgramStyle(5, "Fox Valley Family Support", (
        "Parents' Night", "Open Circle")),
    "north-shore-bereaved-parents": ProgramStyle(3, "North Shore Bereaved Parents", (
        "Circle", "Sharing Night")),
    "veterans-peer-circle": ProgramStyle(4, "Veterans Peer Circle", (
        "Circle", "Family Night", "Coffee")),
}

TOWNS = (
    ("Palatine", "60067"), ("Arlington Heights", "60004"), ("Evanston", "60201"),
    ("Oak Park", "60302"), ("Naperville", "60540"), ("Schaumburg", "60173"),
    ("Skokie", "60076"), ("Elgin", "60120"), ("Aurora", "60505"), ("Joliet", "60432"),
    ("Waukegan", "60085"), ("Des Plaines", "60016"), ("Wheaton", "60187"),
    ("Downers Grove", "60515"), ("Orland Park", "60462"), ("Oak Lawn", "60453"),
    ("Bolingbrook", "60440"), ("Highland Park", "60035"), ("Chicago", "60640"),
    ("Chicago", "60614"), ("Chicago", "60622"), ("Chicago", "60608"), ("St. Charles", "60174"),
)
STREETS = (
    "Willow Bend", "Elm", "Harbor", "Dundee", "Rand", "Algonquin", "Golf",
    "Central", "Lake", "Ridge", "Prairie", "Washington", "Lincoln", "Maple", "Oakton",
    "Devon", "Foster", "Kedzie", "Ashland", "Ogden", "Roosevelt", "Cass", "Main",
)
STREET_KINDS = ("Road", "Street", "Avenue", "Court", "Boulevard", "Drive", "Lane")
VENUE_KINDS = (
    "{town} Public Library", "{town} Community Center", "St. {saint} Church",
    "{town} Park District Fieldhouse", "YMCA of {town}", "{surname} Memorial Hospital",
    "Unitarian Fellowship of {town}", "{town} Senior Center", "{surname} Wellness Commons",
    "Café {surname}",
)
SAINTS = ("Anne", "Mark", "Joseph", "Paul", "Catherine", "Luke", "Mary", "Thomas", "Teresa")
SURNAMES = ("Lakeside", "Riverside", "Hawthorne", "Brennan", "Okafor", "Nguyen", "García",
            "Whitfield", "Kowalski", "Oak Grove", "Prairie View")
ROOMS = ("Room 1", "Room 2", "Room 3", "Room 12", "Fellowship Hall", "Community Room",
         "Quiet Room", "Conference Room B", "Library Annex", "Lower Level", "Studio 3", "")
NOTES = (
    "Newcomers welcome; arrive 10 minutes early.", "Cameras optional.",
    "Park in the back lot and use the side door.",
    "Wheelchair accessible; the lift is next to the front desk.",
    "Childcare available if you ask a day ahead.", "Coffee from a quarter of an hour before.",
    "Bring a friend or family member if you like.", "Se habla español.",
    "No meeting on public holidays.", "Open to anyone who wants to come.", "",
)
TYPE_CODES = ("O", "C", "BE", "W", "M", "X", "MED", "YP", "LGBTQ", "ES", "D")

# (start time, weight): the evening peak of most directories, a smaller one at noon.
START_TIMES = (
    ("07:00", 2), ("07:30", 3), ("08:00", 3), ("09:00", 4), ("09:30", 3), ("10:00", 5),
    ("11:00", 2), ("12:00", 6), ("12:15", 2), ("13:00", 2), ("15:00", 1), ("16:00", 1),
    ("17:00", 3), ("17:30", 4), ("18:00", 8), ("18:30", 9), ("19:00", 12), ("19:30", 9),
    ("20:00", 7), ("20:30", 3), ("21:00", 3),
)
DURATIONS = ((60, 6), (75, 2), (90, 4), (120, 1))
LATE_STARTS = ("22:00", "22:30", "23:00", "23:30")  # these run past midnight
SMALL_HOURS = ("00:30", "01:00", "01:30", "02:00", "02:30")  # the DST switches touch these
WEEKDAY_WEIGHTS = (0.8, 1.1, 1.2, 1.2, 1.1, 0.9, 0.8)  # Sunday ... Saturday
DAY_LISTS = ((1, 3, 5), (2, 4), (1, 2, 3, 4, 5), (0, 1, 2, 3, 4, 5, 6), (0, 6), (1, 4), (3, 6))
OTHER_ZONES = (("America/New_York", 4), ("America/Denver", 2), ("America/Los_Angeles", 3),
               ("America/Phoenix", 1), ("Europe/London", 1))
EVENT_NAMES = ("Holiday Pot Luck", "Spring Pot Luck", "Summer Picnic", "Family Education Night",
               "CRAFT Workshop", "Recovery Month Walk", "Remembrance Vigil",
               "Mindfulness Day Retreat")


@cache
def sample_listings() -> Listings:
    """The bundled sample (data/make_sample.py): the one source of the four programs' texts."""
    spec = importlib.util.spec_from_file_location("kiosk_sample_data", SAMPLE_SCRIPT)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {SAMPLE_SCRIPT}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sample: Listings = module.SAMPLE
    return sample


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def hhmm(minutes: int) -> str:
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def minutes_of(text: str) -> int:
    return int(text[:2]) * 60 + int(text[3:5])


class ListingsGenerator:
    """One seeded random stream; every choice goes through it so a seed fixes the output."""

    def __init__(self, seed: int, meetings: int) -> None:
        self.rng = random.Random(seed)
        self.venues = [self._venue() for _ in range(min(max(meetings // 10, 30), 4000))]

    def pick(self, weighted: Sequence[tuple[T, float]]) -> T:
        values, weights = zip(*weighted, strict=True)
        return self.rng.choices(values, weights)[0]

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def day_between(self, first: date, last: date) -> date:
        return first + timedelta(days=self.rng.randrange((last - first).days + 1))

    def _venue(self) -> dict[str, str]:
        rng = self.rng
        town, zip_code = rng.choice(TOWNS)
        name = rng.choice(VENUE_KINDS).format(
            town=town, saint=rng.choice(SAINTS), surname=rng.choice(SURNAMES))
        street = f"{rng.choice(('', 'North ', 'South ', 'East ', 'West '))}{rng.choice(STREETS)}"
        address = (f"{rng.randint(100, 9899)} {street} {rng.choice(STREET_KINDS)}, "
                   f"{town}, IL {zip_code}")
        return {"location": name, "address": address, "town": town}

    def conference(self) -> dict[str, str]:
        rng = self.rng
        number = "8" + "".join(rng.choices(string.digits, k=10))
        kind = rng.random()
        if kind < 0.70:
            url = f"https://zoom.us/j/{number}"
        elif kind < 0.85:
            token = "".join(rng.choices(string.ascii_letters + string.digits, k=24))
            url = f"https://us06web.zoom.us/j/{number}?pwd={token}"
        elif kind < 0.95:
            part = ["".join(rng.choices(string.ascii_lowercase, k=k)) for k in (3, 4, 3)]
            url = "https://meet.google.com/" + "-".join(part)
        else:
            url = f"https://meet.jit.si/PeerSupport{rng.randint(1000, 99999)}"
        found = {"conference_url": url}
        if self.chance(0.6):
            area = rng.choice(("312", "773", "847", "630"))
            found["conference_phone"] = f"+1 {area}-555-01{rng.randint(0, 99):02d}"
        if "zoom.us" in url and self.chance(0.6):
            found["conference_url_notes"] = f"Passcode: {rng.choice(('smart', 'refuge', 'hope'))}"
        return found

    def days(self) -> tuple[int, ...] | int:
        kind = self.rng.random()
        single = self.pick(list(enumerate(WEEKDAY_WEIGHTS)))
        if kind < 0.72:
            return single
        if kind < 0.80:
            return (single,)  # as some feeds send it: a list of one
        return self.rng.choice(DAY_LISTS)

    def when(self) -> tuple[str, int, str]:
        """Start, elapsed minutes and the kind of slot (regular, late or small hours)."""
        kind = self.rng.random()
        if kind < 0.010:
            return self.rng.choice(LATE_STARTS), self.rng.choice((90, 120, 150)), "late"
        if kind < 0.016:
            return self.rng.choice(SMALL_HOURS), 60, "small_hours"
        return self.pick(START_TIMES), self.pick(DURATIONS), "regular"

    def date_on(self, days: tuple[int, ...]) -> date:
        """A date in the two years that falls on one of the meeting's weekdays."""
        day = self.day_between(FIRST_DAY, LAST_DAY - timedelta(days=7))
        while weekday_of(day) not in days:
            day += timedelta(days=1)
        return day

    def cancelled(self, days: tuple[int, ...]) -> tuple[str, ...]:
        if not self.chance(0.12):
            return ()
        holidays = [h for h in HOLIDAYS if weekday_of(h) in days]
        found = {
            self.rng.choice(holidays) if holidays and self.chance(0.5) else self.date_on(days)
            for _ in range(self.rng.randint(1, 3))
        }
        return tuple(d.isoformat() for d in sorted(found))

    def season(self, days: tuple[int, ...]) -> dict[str, str]:
        """Optional start and end dates: new meetings, and series that run some weeks."""
        found: dict[str, str] = {}
        start = self.date_on(days) if self.chance(0.06) else None
        if start:
            found["start_date"] = start.isoformat()
        if self.chance(0.05):
            end = (start + timedelta(weeks=self.rng.randint(4, 26)) if start
                   else self.date_on(days))
            found["end_date"] = end.isoformat()
        return found

    def name(self, style: ProgramStyle, days: tuple[int, ...], start: str, slot: str,
             town: str) -> str:
        if slot != "regular":
            return f"{style.label} Night Owls"
        minutes = minutes_of(start)
        part = "Morning" if minutes < 12 * 60 else "Afternoon" if minutes < 17 * 60 else "Evening"
        theme = self.rng.choice(style.themes)
        pattern = self.rng.random()
        if pattern < 0.35 and len(days) == 1:
            return f"{style.label} {DAY_NAMES[days[0]]} {part}"
        if pattern < 0.6:
            return f"{style.label} {town}"
        if pattern < 0.85:
            return f"{style.label} {theme}"
        return f"{style.label} {town} {theme}"

    def meeting(self, number: int, programs: Sequence[Program]) -> Meeting:
        rng = self.rng
        program = self.pick([(p, STYLES[p.slug].weight) for p in programs])
        style = STYLES[program.slug]
        day = self.days()
        days = (day,) if isinstance(day, int) else day
        start, minutes, slot = self.when()
        fmt = "online" if slot == "small_hours" else self.pick(
            (("in_person", 55), ("online", 25), ("hybrid", 20)))
        venue = rng.choice(self.venues)
        name = self.name(style, days, start, slot, venue["town"])
        fields: dict[str, Any] = {"attendance_option": fmt, "time": start}
        ending = rng.random()
        if ending < 0.12:
            fields["duration"] = minutes
        elif ending < 0.25 and minutes == 60:
            pass  # Meeting Guide: no end time means one hour
        else:
            fields["end_time"] = hhmm(minutes_of(start) + minutes)
        if fmt != "online":
            fields |= {"location": venue["location"], "address": venue["address"],
                       "room": rng.choice(ROOMS)}
        if fmt != "in_person":
            fields |= self.conference()
        if fmt == "online" and self.chance(0.15):
            fields["timezone"] = self.pick(OTHER_ZONES)
        elif self.chance(0.05):
            fields["timezone"] = "America/Chicago"  # some feeds repeat the kiosk's own zone
        if self.chance(0.5):
            fields["types"] = tuple(sorted(set(rng.choices(TYPE_CODES, k=rng.randint(1, 3)))))
        if self.chance(0.3):
            fields["updated"] = (f"{self.day_between(FIRST_DAY, date(2026, 11, 1))} "
                                 f"{rng.randint(7, 22):02d}:{rng.choice((0, 15, 30, 45)):02d}:00")
        if self.chance(0.2):
            fields["extra"] = {"region": venue["town"], "group": f"{style.label} {venue['town']}"}
        return Meeting(
            id=f"{slugify(name)}-{number}", name=name, program=program.slug, day=day,
            notes=rng.choice(NOTES), cancelled=self.cancelled(days), **self.season(days),
            **fields,
        )

    def event(self, number: int, programs: Sequence[Program]) -> Event:
        rng = self.rng
        program = self.pick([(p, STYLES[p.slug].weight) for p in programs])
        name = f"{STYLES[program.slug].label} {rng.choice(EVENT_NAMES)}"
        start = rng.choice(("10:00", "13:00", "17:30", "18:00", "18:30"))
        venue = rng.choice(self.venues)
        fields: dict[str, Any] = {"location": venue["location"], "address": venue["address"]}
        if self.chance(0.15):
            fields |= {"attendance_option": "hybrid", **self.conference()}
        return Event(
            id=f"{slugify(name)}-{number}", name=name, program=program.slug, time=start,
            end_time=hhmm(minutes_of(start) + rng.choice((120, 180, 240))),
            date=self.day_between(FIRST_DAY, LAST_DAY).isoformat(),
            cancelled=self.chance(0.05), **fields,
        )


def make_listings(n: int, seed: int = 0) -> Listings:
    """`n` meetings (and about one event per 400) over the sample's programs and some regional."""
    sample = sample_listings()
    programs = sample.programs + REGIONAL_PROGRAMS
    generator = ListingsGenerator(seed, n)
    meetings = tuple(generator.meeting(i, programs) for i in range(1, n + 1))
    events = tuple(generator.event(i, programs) for i in range(1, max(3, n // 400) + 1))
    return Listings(settings=sample.settings, programs=programs, pages=sample.pages,
                    meetings=meetings, events=events)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, required=True, help="how many meetings")
    parser.add_argument("--seed", type=int, default=0, help="same seed, same file (default 0)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="listings file to write")
    args = parser.parse_args(argv)
    if args.meetings < 0:
        parser.error("--meetings cannot be negative")
    listings = make_listings(args.meetings, args.seed)
    Store(args.output).write_listings(listings)
    size_mb = args.output.stat().st_size / 1e6
    print(f"{args.output}: {len(listings.meetings)} meetings, {len(listings.events)} events, "
          f"{size_mb:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
