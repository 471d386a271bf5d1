"""How times, dates and durations read on screen: one place, so every view says them the same way.

The kiosk stands in a US lobby, so times are 12-hour ("6:00 PM–7:30 PM"; in Spanish
"6:00 p.m.–7:30 p.m."). Dates read as Babel's CLDR patterns make them for the language shown
(US English and US Spanish: "Tuesday, November 24", "martes, 24 de noviembre"), from the few
words they need (`kiosk.calendar_words`, generated from Babel, which a running kiosk does not
import: its modules and locale data would cost several MiB). Plain Python (no Textual) so the
CLI and tests can use it too. Values come in already in the kiosk's zone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from kiosk.calendar_words import WORDS
from kiosk.i18n import _, current_language, ngettext
from kiosk.model import DAY_NAMES, FORMAT_LABELS
from kiosk.schedule import STATUS_LABELS

RANGE_DASH = "–"
DATE_FORMATS = {
    "en": ("{EEEE}, {MMMM} {d}", "{EEE}, {MMM} {d}"),
    "es": ("{EEEE}, {d} de {MMMM}", "{EEE} {d} {MMM}"),
}
"""Long and short dates per language: CLDR patterns with each field in braces ("EEEE, d 'de'
MMMM" is "{EEEE}, {d} de {MMMM}"), without the year a lobby need not show; the short one fits
the browse list's 11-cell day column."""


def _capitalised(text: str) -> str:
    """Spanish weekday names are lower case; a date that starts a line starts with a capital."""
    return text[:1].upper() + text[1:]


def clock_parts(moment: datetime | time) -> tuple[str, str]:
    """ ("6:05", "PM"): digits and suffix apart, for the header's large digits."""
    hour = moment.hour % 12 or 12  # the wall time as it is, with no zone to convert
    period = WORDS[current_language()]["a"][moment.hour >= 12]
    return f"{hour}:{moment.minute:02d}", period


def clock_time(moment: datetime | time) -> str:
    """ "6:05 PM": the time of day in 12-hour form."""
    return " ".join(clock_parts(moment))


def time_range(start: datetime, end: datetime) -> str:
    """ "6:00 PM–7:30 PM"."""
    return f"{clock_time(start)}{RANGE_DASH}{clock_time(end)}"


def weekday_name(day: date) -> str:
    return _(DAY_NAMES[(day.weekday() + 1) % 7])


def _date(day: date, long: bool) -> str:
    language = current_language()
    words = WORDS[language]
    text = DATE_FORMATS[language][0 if long else 1].format(
        EEEE=words["EEEE"][day.weekday()], EEE=words["EEE"][day.weekday()],
        MMMM=words["MMMM"][day.month - 1], MMM=words["MMM"][day.month - 1], d=day.day,
    )
    return _capitalised(text)


def long_date(day: date) -> str:
    """ "Tuesday, November 24"; "Martes, 24 de noviembre"."""
    return _date(day, long=True)


def short_date(day: date) -> str:
    """ "Tue, Nov 24"; "Mar 24 nov": for narrow columns."""
    return _date(day, long=False)


def relative_day(day: date, today: date) -> str:
    """ "Today", "Tomorrow", else the short date."""
    if day == today:
        return _("Today")
    if day == today + timedelta(days=1):
        return _("Tomorrow")
    return short_date(day)


def when(start: datetime, end: datetime, today: date) -> str:
    """ "Today, 7:15 PM–8:30 PM" or "Thursday, November 26, 7:00 PM–8:15 PM"."""
    day = start.date()
    label = relative_day(day, today) if day <= today + timedelta(days=1) else long_date(day)
    return _("{day}, {times}").format(day=label, times=time_range(start, end))


def duration(minutes: int) -> str:
    """ "45 min", "1 hr", "1 hr 30 min"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("{minutes} min").format(minutes=rest)
    hours_text = ngettext("{hours} hr", "{hours} hrs", hours).format(hours=hours)
    if not rest:
        return hours_text
    return _("{hours} {minutes} min").format(hours=hours_text, minutes=rest)


def countdown(minutes: int) -> str:
    """ "starts in 12 min"; "starts in 1 hr 5 min"; "starting now" in the last minute."""
    if minutes <= 0:
        return _("starting now")
    return _("starts in {duration}").format(duration=duration(minutes))


def weekday_list(days: Sequence[int]) -> str:
    """ "Monday, Wednesday and Friday" from Meeting Guide day numbers (0 = Sunday)."""
    names = [_(DAY_NAMES[d]) for d in sorted(set(days))]
    if len(names) <= 1:
        return "".join(names)
    return _("{first} and {last}").format(first=", ".join(names[:-1]), last=names[-1])


def format_label(attendance_option: str) -> str:
    """ "In person", "Online" or "Hybrid"."""
    return _(FORMAT_LABELS.get(attendance_option, attendance_option))


def status_label(status: str) -> str:
    """ "In progress", "Starting soon", ... "Cancelled"."""
    return _(STATUS_LABELS[status])
