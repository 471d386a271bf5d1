"""Dates and times read exactly as Babel formats them, without Babel at run time: the committed
table (kiosk/calendar_words.py) is what `make calendar-words` writes from Babel's CLDR data now,
and every day of a leap year and every minute of a day format as Babel's `format_date` and
`format_time` do, in both languages."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

import pytest
from babel.dates import format_date, format_time

from kiosk import calendar_words
from kiosk.formatting import DATE_FORMATS, clock_parts, clock_time, long_date, short_date
from kiosk.i18n import LANGUAGES, use_language
from tools.calendar_words import LOCALES, render

REGENERATE = "run `make calendar-words` and commit kiosk/calendar_words.py"


def test_the_committed_table_is_what_babel_gives_now() -> None:
    assert calendar_words.__file__ is not None
    with open(calendar_words.__file__, encoding="utf-8") as committed:
        assert committed.read() == render(), REGENERATE


def test_every_language_has_a_locale_and_date_formats() -> None:
    assert set(LOCALES) == set(LANGUAGES) == set(DATE_FORMATS) == set(calendar_words.WORDS)


def cldr_pattern(template: str) -> str:
    """The CLDR pattern a date format stands for: "{EEEE}, {d} de {MMMM}" is
    "EEEE, d 'de' MMMM" (fields bare, literal words quoted)."""
    return re.sub(r"\{(\w+)\}|([A-Za-z]+)", lambda m: m[1] or f"'{m[2]}'", template)


def test_a_date_format_reads_as_its_cldr_pattern() -> None:
    assert cldr_pattern("{EEEE}, {d} de {MMMM}") == "EEEE, d 'de' MMMM"
    assert cldr_pattern("{EEE}, {MMM} {d}") == "EEE, MMM d"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_day_of_a_leap_year_reads_as_babel_formats_it(language: str) -> None:
    use_language(language)
    locale = LOCALES[language]
    long_pattern, short_pattern = map(cldr_pattern, DATE_FORMATS[language])
    day = date(2028, 1, 1)
    while day.year == 2028:
        for ours, pattern in ((long_date(day), long_pattern), (short_date(day), short_pattern)):
            babel = format_date(day, pattern, locale=locale)
            assert ours == babel[:1].upper() + babel[1:], (day, pattern)
        day += timedelta(days=1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_minute_of_a_day_reads_as_babel_formats_it(language: str) -> None:
    use_language(language)
    locale = LOCALES[language]
    for minute in range(24 * 60):
        moment = time(*divmod(minute, 60))
        digits, period = format_time(moment, "h:mm", locale=locale), format_time(
            moment, "a", locale=locale)
        assert clock_parts(moment) == (digits, period), moment
        assert clock_time(moment) == format_time(moment, "h:mm a", locale=locale), moment


def test_the_words_are_the_ones_the_kiosk_has_always_shown() -> None:
    """A few by hand, so a table and a Babel that both changed would still be noticed."""
    use_language("en")
    assert (long_date(date(2026, 11, 24)), short_date(date(2026, 11, 24))) == (
        "Tuesday, November 24", "Tue, Nov 24")
    assert clock_parts(time(18, 5)) == ("6:05", "PM")
    use_language("es")
    assert (long_date(date(2026, 11, 24)), short_date(date(2026, 9, 3))) == (
        "Martes, 24 de noviembre", "Jue 3 sep")
    assert clock_parts(time(0, 5)) == ("12:05", "a.m.")
