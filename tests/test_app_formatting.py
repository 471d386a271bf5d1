"""How the kiosk words times, dates and durations, and the browse filters (no UI needed)."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

import pytest

from bench.make_data import make_listings
from kiosk import i18n
from kiosk.filters import REMEMBERED_ANSWERS, MeetingFilter, apply, index_week
from kiosk.formatting import (
    clock_time,
    countdown,
    duration,
    long_date,
    relative_day,
    short_date,
    time_range,
    weekday_list,
    when,
)
from kiosk.schedule import Schedule
from kiosk.store import Store
from tests.app_helpers import CHICAGO, TUESDAY, at


@pytest.mark.parametrize(
    ("moment", "text"),
    [(time(0, 5), "12:05 AM"), (time(9, 0), "9:00 AM"), (time(12, 0), "12:00 PM"),
     (time(18, 30), "6:30 PM"), (time(23, 59), "11:59 PM")],
)
def test_clock_time_is_twelve_hour(moment: time, text: str) -> None:
    assert clock_time(moment) == text


def test_time_ranges_dates_and_relative_days() -> None:
    assert time_range(at(18, 0), at(19, 30)) == "6:00 PM–7:30 PM"
    assert long_date(TUESDAY) == "Tuesday, November 24"
    assert short_date(date(2026, 12, 3)) == "Thu, Dec 3"
    assert relative_day(TUESDAY, TUESDAY) == "Today"
    assert relative_day(TUESDAY + timedelta(days=1), TUESDAY) == "Tomorrow"
    assert relative_day(TUESDAY + timedelta(days=2), TUESDAY) == "Thu, Nov 26"
    later = TUESDAY + timedelta(days=2)
    assert when(at(19, 0, later), at(20, 15, later), TUESDAY) == (
        "Thursday, November 26, 7:00 PM–8:15 PM"
    )
    assert when(at(19, 0), at(20, 0), TUESDAY) == "Today, 7:00 PM–8:00 PM"


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(45, "45 min"), (60, "1 hr"), (90, "1 hr 30 min"), (180, "3 hrs"), (125, "2 hrs 5 min")],
)
def test_durations(minutes: int, text: str) -> None:
    assert duration(minutes) == text


def test_countdowns_and_weekday_lists() -> None:
    assert countdown(12) == "starts in 12 min"
    assert countdown(65) == "starts in 1 hr 5 min"
    assert countdown(0) == "starting now"
    assert weekday_list([3]) == "Wednesday"
    assert weekday_list([5, 1, 3, 1]) == "Monday, Wednesday and Friday"


def test_fixed_strings_go_through_the_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    """A catalogue (here a stand-in) changes the words, not the data."""

    spanish = {"starts in {duration}": "empieza en {duration}", "Today": "Hoy",
               "{hours} hr": "{hours} h"}

    class Catalogue:
        def gettext(self, message: str) -> str:
            return spanish.get(message, message)

        def ngettext(self, singular: str, plural: str, count: int) -> str:
            return self.gettext(singular if count == 1 else plural)

    monkeypatch.setattr(i18n, "_translation", Catalogue())
    assert countdown(65) == "empieza en 1 h 5 min"
    assert relative_day(TUESDAY, TUESDAY) == "Hoy"


def test_filters_combine_and_search_every_word(sample_path: Path) -> None:
    listings = Store(sample_path).load()
    entries = index_week(Schedule(listings, zone=CHICAGO).week(TUESDAY), listings)
    assert apply(entries, MeetingFilter()) == entries
    ids = {e.occurrence.id for e in apply(entries, MeetingFilter(text="  Palatine  NEWCOMERS "))}
    assert ids == {"smart-tue-evening", "refuge-fri-evening", "refuge-sun-morning"}
    # Program names are searchable too, not only slugs.
    grief = apply(entries, MeetingFilter(text="grief group"))
    assert {e.occurrence.program for e in grief} == {"grief-group"}
    in_person = apply(entries, MeetingFilter(format="in_person", day=TUESDAY))
    assert [e.occurrence.id for e in in_person] == [
        "smart-tue-morning", "smart-tue-evening", "refuge-tue-evening",
    ]
    assert apply(entries, MeetingFilter(program="grief-group", format="online")) == []


def _typed_then_erased(word: str) -> list[str]:
    prefixes = [word[:n] for n in range(1, len(word) + 1)]
    return prefixes + prefixes[-2::-1] + [""]


def test_searching_as_you_type_narrows_remembered_answers_without_losing_matches() -> None:
    """Each answer from the remembering index equals a fresh pass over a plain list, while
    typing, erasing, changing a word's letters and adding or dropping words and filters."""
    listings = make_listings(2_000, seed=3)
    entries = index_week(Schedule(listings, zone=CHICAGO).week(TUESDAY), listings)
    plain = list(entries)
    choices = [MeetingFilter(text=t) for t in _typed_then_erased("palatine")]
    choices += [MeetingFilter(text=t) for t in ("pal", "pax", "pa", "women library", "library",
                                                "library women", "lib wom", "brary")]
    choices += [MeetingFilter(format="online", text=t) for t in _typed_then_erased("women")]
    choices += [MeetingFilter(text="women"), MeetingFilter(day=TUESDAY, text="wo"),
                MeetingFilter(day=TUESDAY), MeetingFilter(program="refuge-recovery", text="a")]
    for chosen in choices:
        assert apply(entries, chosen) == apply(plain, chosen), chosen
    assert 0 < len(entries.answers) <= REMEMBERED_ANSWERS
    assert any(apply(plain, c) for c in choices) and any(not apply(plain, c) for c in choices)


def test_a_search_narrows_only_an_answer_that_holds_all_its_matches() -> None:
    assert MeetingFilter(text="pala").narrows(MeetingFilter(text="pal"))
    assert MeetingFilter(text="library women").narrows(MeetingFilter(text="wom"))
    assert MeetingFilter(text="palatine", format="online").narrows(MeetingFilter(format="online"))
    assert not MeetingFilter(text="pal").narrows(MeetingFilter(text="pala"))
    assert not MeetingFilter(text="group").narrows(MeetingFilter(text="grief group"))
    assert not MeetingFilter(text="pal").narrows(MeetingFilter(text="pal", format="online"))
